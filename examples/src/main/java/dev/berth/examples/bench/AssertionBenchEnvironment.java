package dev.berth.examples.bench;

import dev.berth.Berth;
import dev.berth.BerthContainer;
import dev.berth.WaitFor;
import dev.berth.WithContainer;
import dev.berth.WithNetwork;
import org.junit.jupiter.api.Test;

/**
 * The warm environment of {@link AssertionBenchmark}: a user-defined bridge, a busybox HTTP
 * server with a file, a busybox client, and a {@code FROM scratch} container (berth/shell-less)
 * whose checks go through Berth's probe. Its one test runs all the measurements while the
 * environment is up. Main sources, so the benchmark can hand it to the JUnit Platform Launcher.
 */
@WithNetwork(name = "bench", labels = "berth-bench=1")
@WithContainer(name = "server", image = AssertionBenchmark.IMAGE, networks = "bench",
        command = {"sh", "-c", AssertionBenchmark.SERVER_SCRIPT}, waitFor = @WaitFor(port = 80), labels = "berth-bench=1")
@WithContainer(name = "client", image = AssertionBenchmark.IMAGE, networks = "bench",
        command = {"sleep", "3600"}, labels = "berth-bench=1")
@WithContainer(name = "shellless", image = AssertionBenchmark.SHELL_LESS, networks = "bench", labels = "berth-bench=1")
public class AssertionBenchEnvironment {

    @Test
    void measure(@Berth("server") BerthContainer server, @Berth("client") BerthContainer client,
                 @Berth("shellless") BerthContainer shellless) throws Exception {
        AssertionBenchmark.measure(server, client, shellless);
    }
}
