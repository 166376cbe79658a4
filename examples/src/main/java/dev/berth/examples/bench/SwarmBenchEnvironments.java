package dev.berth.examples.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.Berth;
import dev.berth.BerthContainer;
import dev.berth.ExecResult;
import dev.berth.WaitFor;
import dev.berth.WithContainer;
import dev.berth.WithNetwork;
import dev.berth.WithSwarm;
import dev.berth.WithVolume;
import org.junit.jupiter.api.RepeatedTest;

/**
 * The two environments of {@link SwarmBenchmark}: the environment benchmark's scenario (a network, a
 * volume the server writes, an HTTP server waited for on 8080, a client, DNS + port + file checks,
 * teardown) declared on each repetition of a test method, so one class builds and removes it
 * {@link SwarmBenchmark#ROUNDS} times. The file is read on the server, whose node holds the volume
 * (a volume cannot span nodes); the bridge variant does the same so the two stay comparable.
 */
public final class SwarmBenchEnvironments {

    private SwarmBenchEnvironments() {
    }

    static void checks(BerthContainer client, BerthContainer server) {
        ExecResult dns = client.exec(EnvironmentBenchmark.DNS_CHECK);
        assertThat(dns.exitCode()).as("DNS: %s", dns).isZero();
        ExecResult port = client.exec(EnvironmentBenchmark.PORT_CHECK);
        assertThat(port.exitCode()).as("port: %s", port).isZero();
        ExecResult file = server.exec(EnvironmentBenchmark.FILE_CHECK);
        assertThat(file.stdout().strip()).as("file: %s", file).isEqualTo(EnvironmentBenchmark.FILE_CONTENT);
    }

    /** Both containers on one engine (the local one), on a user-defined bridge. */
    public static class OneEngineBridge {
        @RepeatedTest(SwarmBenchmark.ROUNDS)
        @WithNetwork(name = "bench")
        @WithVolume(name = "data")
        @WithContainer(name = "server", image = EnvironmentBenchmark.IMAGE, networks = "bench", volumes = "data:/data",
                command = {"sh", "-c", EnvironmentBenchmark.SERVER_SCRIPT}, waitFor = @WaitFor(port = 8080))
        @WithContainer(name = "client", image = EnvironmentBenchmark.IMAGE, networks = "bench", command = {"sleep", "3600"})
        void environment(@Berth("client") BerthContainer client, @Berth("server") BerthContainer server) {
            checks(client, server);
        }
    }

    /** The server on node-1, the client on node-2, over an attachable overlay network. */
    @WithSwarm(nodes = 2)
    public static class TwoNodesOverlay {
        @RepeatedTest(SwarmBenchmark.ROUNDS)
        @WithNetwork(name = "bench", driver = "overlay")
        @WithVolume(name = "data")
        @WithContainer(name = "server", image = EnvironmentBenchmark.IMAGE, node = "node-1", networks = "bench",
                volumes = "data:/data", command = {"sh", "-c", EnvironmentBenchmark.SERVER_SCRIPT}, waitFor = @WaitFor(port = 8080))
        @WithContainer(name = "client", image = EnvironmentBenchmark.IMAGE, node = "node-2", networks = "bench",
                command = {"sleep", "3600"})
        void environment(@Berth("client") BerthContainer client, @Berth("server") BerthContainer server) {
            assertThat(client.node()).isEqualTo("node-2");
            checks(client, server);
        }
    }
}
