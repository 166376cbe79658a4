package dev.berth.internal.swarm;

import static org.apiguardian.api.API.Status.INTERNAL;

import dev.berth.internal.Docker;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import org.apiguardian.api.API;

/**
 * One engine of a swarm: its name (what {@code @WithContainer(node = ...)} says), its client, the
 * address where its API and published ports are, and the helper container it runs in on the local
 * engine (null for a real host named in configuration).
 */
@API(status = INTERNAL, since = "0.9")
public record Node(String name, Docker docker, String ip, int apiPort, boolean manager, String helperId) {

    /** Whether the node's API accepts a connection within two seconds (no Docker call that could hang). */
    public boolean answers() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(ip, apiPort), 2000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** For messages: {@code node-2 (tcp://172.17.0.3:2375)}. */
    public String describe() {
        return name + " (" + docker.address() + ")";
    }
}
