package dev.berth.internal.swarm;

import static org.apiguardian.api.API.Status.INTERNAL;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.transport.DockerHttpClient;
import com.github.dockerjava.transport.SSLConfig;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;
import dev.berth.internal.Docker;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import org.apiguardian.api.API;

/**
 * One engine of a swarm: its name (what {@code @WithContainer(node = ...)} says), its client, the
 * address where its API and published ports are, and the helper container it runs in on the local
 * engine (null for a real host named in configuration), and a plain HTTP client of its API for what
 * docker-java cannot ask (a network's swarm-wide view).
 */
@API(status = INTERNAL, since = "0.9")
public record Node(String name, Docker docker, String ip, int apiPort, boolean manager, String helperId, DockerHttpClient api) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A plain HTTP client of the API at {@code address} ({@code tcp://HOST:PORT}), over TLS with {@code tls} when not null. */
    static DockerHttpClient api(URI address, SSLContext tls) {
        ZerodepDockerHttpClient.Builder builder = new ZerodepDockerHttpClient.Builder().dockerHost(address);
        if (tls != null) {
            builder.sslConfig((SSLConfig) () -> tls);
        }
        return builder.build();
    }

    /**
     * This node's view of a network, with the endpoints it knows on every node of the swarm
     * ({@code GET /networks/ID?verbose=true}: its {@code Services}); empty when the node does not have the network.
     */
    public Optional<JsonNode> networkView(String networkId) throws IOException {
        DockerHttpClient.Request request = DockerHttpClient.Request.builder().method(DockerHttpClient.Request.Method.GET)
                .path("/v1.44/networks/" + networkId + "?verbose=true").build();
        try (DockerHttpClient.Response response = api.execute(request); InputStream body = response.getBody()) {
            if (response.getStatusCode() == 404) {
                return Optional.empty();
            }
            if (response.getStatusCode() != 200) {
                throw new IOException("GET /networks/" + networkId + " on node " + name + " answered " + response.getStatusCode()
                        + ": " + new String(body.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).trim());
            }
            return Optional.of(JSON.readTree(body));
        }
    }

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
