package dev.berth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The whole chain on the real engine: two containers from the base image on a user-defined
 * bridge, one resolves the other by name and reaches a port on it; a third container on another
 * network can do neither.
 */
@WithNetwork(name = "backend")
@WithNetwork(name = "elsewhere")
@WithContainer(name = "server", image = "busybox:1.35", networks = "backend",
        command = {"httpd", "-f", "-p", "8080", "-h", "/"}, waitFor = @WaitFor(port = 8080))
@WithContainer(name = "client", image = "busybox:1.35", networks = "backend", command = {"sleep", "3600"})
@WithContainer(name = "outsider", image = "busybox:1.35", networks = "elsewhere", command = {"sleep", "3600"})
class EndToEndChainIT {

    @Test
    @DisplayName("a neighbour on the same user-defined bridge resolves the server by name and reaches its port")
    void neighbourResolvesAndReaches(@Berth("client") BerthContainer client, @Berth("server") BerthContainer server) {
        ExecResult lookup = client.exec("nslookup", "server");
        assertThat(lookup.exitCode()).as(lookup.toString()).isZero();
        assertThat(lookup.stdout()).contains(server.ipAddress("backend"));

        ExecResult connect = client.exec("sh", "-c", "nc -w 2 server 8080 </dev/null");
        assertThat(connect.exitCode()).as(connect.toString()).isZero();
    }

    @Test
    @DisplayName("a container on another network neither resolves nor reaches the server")
    void outsiderIsIsolated(@Berth("outsider") BerthContainer outsider, @Berth("server") BerthContainer server) {
        ExecResult lookup = outsider.exec("nslookup", "server");
        assertThat(lookup.exitCode()).as(lookup.toString()).isNotZero();

        ExecResult connect = outsider.exec("sh", "-c", "nc -w 2 " + server.ipAddress("backend") + " 8080 </dev/null");
        assertThat(connect.exitCode()).as(connect.toString()).isNotZero();
    }
}
