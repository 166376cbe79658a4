package dev.berth.examples.bench;

import static dev.berth.assertions.BerthAssertions.assertAllAtOnce;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.Berth;
import dev.berth.BerthContainer;
import dev.berth.ExecResult;
import dev.berth.WaitFor;
import dev.berth.WithContainer;
import dev.berth.WithNetwork;
import dev.berth.WithVolume;
import org.junit.jupiter.api.Test;

/**
 * The environment of {@link EnvironmentBenchmark}, declared with Berth: a user-defined bridge,
 * a named volume, an HTTP server waited for on port 8080 and a client, with the three checks (run
 * at once).
 * It lives in main sources (not a test) so that the benchmark can hand it to the JUnit Platform
 * Launcher; surefire never sees it.
 */
@WithNetwork(name = "bench", labels = "berth-bench=1")
@WithVolume(name = "data", labels = "berth-bench=1")
@WithContainer(name = "server", image = EnvironmentBenchmark.IMAGE, networks = "bench", volumes = "data:/data",
        command = {"sh", "-c", EnvironmentBenchmark.SERVER_SCRIPT}, waitFor = @WaitFor(port = 8080),
        labels = "berth-bench=1")
@WithContainer(name = "client", image = EnvironmentBenchmark.IMAGE, networks = "bench", volumes = "data:/data",
        command = {"sleep", "3600"}, labels = "berth-bench=1")
public class BenchEnvironment {

    /** The three checks at once ({@code assertAllAtOnce}), as the floor and the parallel CLI make them. */
    @Test
    void wiring(@Berth("client") BerthContainer client) {
        assertAllAtOnce(
                () -> {
                    ExecResult dns = client.exec(EnvironmentBenchmark.DNS_CHECK);
                    assertThat(dns.exitCode()).as("DNS: %s", dns).isZero();
                },
                () -> {
                    ExecResult port = client.exec(EnvironmentBenchmark.PORT_CHECK);
                    assertThat(port.exitCode()).as("port: %s", port).isZero();
                },
                () -> {
                    ExecResult file = client.exec(EnvironmentBenchmark.FILE_CHECK);
                    assertThat(file.exitCode()).as("file: %s", file).isZero();
                    assertThat(file.stdout().strip()).as("file: %s", file).isEqualTo(EnvironmentBenchmark.FILE_CONTENT);
                });
    }
}
