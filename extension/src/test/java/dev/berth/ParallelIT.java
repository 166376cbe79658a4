package dev.berth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.LeakCheck.FixtureRun;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Several classes and methods that declare the same logical names run concurrently in one JVM:
 * every environment gets its own Docker objects, neighbours resolve only their own scope's
 * containers, and nothing is left behind.
 */
class ParallelIT {

    /** Docker names of every container the fixtures saw, by fixture test: a collision shows as a duplicate. */
    static final Map<String, String> SEEN = new ConcurrentHashMap<>();
    static final AtomicInteger RUNNING = new AtomicInteger();
    static final AtomicInteger MAX_RUNNING = new AtomicInteger();

    /** The body every fixture test runs: its worker resolves "app" to the app of its own class network. */
    static void checkOwnEnvironment(String test, BerthContainer app, BerthContainer worker, BerthNetwork net) throws InterruptedException {
        int now = RUNNING.incrementAndGet();
        MAX_RUNNING.accumulateAndGet(now, Math::max);
        try {
            assertThat(SEEN.put(worker.dockerName(), test)).as("worker name reused").isNull();
            SEEN.putIfAbsent(app.dockerName(), test.substring(0, test.indexOf('#')));
            assertThat(SEEN.get(app.dockerName())).isEqualTo(test.substring(0, test.indexOf('#')));
            assertThat(worker.networks()).containsExactly("net");
            ExecResult lookup = worker.exec("nslookup", "app");
            assertThat(lookup.exitCode()).as(lookup.toString()).isZero();
            assertThat(lookup.stdout()).contains(app.ipAddress("net"));
            assertThat(net.subnet()).isNotBlank();
            // hold this environment until another fixture test runs at the same time (at once when two already did):
            // run one at a time, the first would wait out the minute and the overlap assertion fail
            long deadline = System.nanoTime() + java.time.Duration.ofMinutes(1).toNanos();
            while (MAX_RUNNING.get() < 2 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
        } finally {
            RUNNING.decrementAndGet();
        }
    }

    @WithNetwork(name = "net")
    @WithContainer(name = "app", image = "busybox:1.35", networks = "net", command = {"sleep", "3600"})
    static class FirstTestCases {
        @Test
        @WithContainer(name = "worker", image = "busybox:1.35", networks = "net", command = {"sleep", "3600"})
        void one(BerthNetwork net, @Berth("app") BerthContainer app, @Berth("worker") BerthContainer worker) throws Exception {
            checkOwnEnvironment("First#one", app, worker, net);
        }

        @Test
        @WithContainer(name = "worker", image = "busybox:1.35", networks = "net", command = {"sleep", "3600"})
        void two(BerthNetwork net, @Berth("app") BerthContainer app, @Berth("worker") BerthContainer worker) throws Exception {
            checkOwnEnvironment("First#two", app, worker, net);
        }
    }

    @WithNetwork(name = "net")
    @WithContainer(name = "app", image = "busybox:1.35", networks = "net", command = {"sleep", "3600"})
    static class SecondTestCases {
        @Test
        @WithContainer(name = "worker", image = "busybox:1.35", networks = "net", command = {"sleep", "3600"})
        void one(BerthNetwork net, @Berth("app") BerthContainer app, @Berth("worker") BerthContainer worker) throws Exception {
            checkOwnEnvironment("Second#one", app, worker, net);
        }

        @Test
        @WithContainer(name = "worker", image = "busybox:1.35", networks = "net", command = {"sleep", "3600"})
        void two(BerthNetwork net, @Berth("app") BerthContainer app, @Berth("worker") BerthContainer worker) throws Exception {
            checkOwnEnvironment("Second#two", app, worker, net);
        }
    }

    @WithNetwork(name = "net")
    @WithVolume(name = "data")
    @WithContainer(name = "app", image = "busybox:1.35", networks = "net", volumes = "data:/data", command = {"sleep", "3600"})
    static class ThirdTestCases {
        @Test
        @WithNetwork(name = "net") // the method's own "net" shadows the class's for this test
        @WithContainer(name = "worker", image = "busybox:1.35", networks = "net", command = {"sleep", "3600"})
        @WithContainer(name = "app", image = "busybox:1.35", networks = "net", command = {"sleep", "3600"})
        void shadowed(BerthNetwork net, @Berth("app") BerthContainer app, @Berth("worker") BerthContainer worker) throws Exception {
            checkOwnEnvironment("Third#shadowed", app, worker, net);
        }

        @Test
        @WithContainer(name = "worker", image = "busybox:1.35", networks = "net", command = {"sleep", "3600"})
        void two(BerthNetwork net, @Berth("app") BerthContainer app, @Berth("worker") BerthContainer worker) throws Exception {
            checkOwnEnvironment("Third#two", app, worker, net);
        }
    }

    @Test
    @DisplayName("classes and methods with the same logical names run concurrently without collisions or leaks")
    void sameNamesInParallel() {
        SEEN.clear();
        MAX_RUNNING.set(0);
        FixtureRun run = LeakCheck.execute(List.of(FirstTestCases.class, SecondTestCases.class, ThirdTestCases.class), Map.of(
                "junit.jupiter.execution.parallel.enabled", "true",
                "junit.jupiter.execution.parallel.mode.default", "concurrent",
                "junit.jupiter.execution.parallel.mode.classes.default", "concurrent",
                "junit.jupiter.execution.parallel.config.strategy", "fixed",
                "junit.jupiter.execution.parallel.config.fixed.parallelism", "3"));
        run.assertTestsPassed(6);
        run.results().containerEvents().assertStatistics(s -> s.failed(0));
        run.assertNothingLeftBehind();
        assertThat(MAX_RUNNING.get()).as("fixture tests that ran at the same time").isGreaterThan(1);
        Set<String> containers = run.createdContainers();
        // 3 class apps + 6 workers + the shadowing app of Third#shadowed (probes, if any, come on top)
        assertThat(containers.stream().filter(n -> n.startsWith("app-") || n.startsWith("worker-")).count()).isEqualTo(10);
        assertThat(run.createdNetworks().stream().filter(n -> n.startsWith("net-")).count()).isEqualTo(4);
        assertThat(SEEN).hasSize(10); // 6 workers + 3 class apps + the shadowing app, each seen under one class only
    }
}
