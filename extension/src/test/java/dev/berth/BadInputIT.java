package dev.berth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.LeakCheck.FixtureRun;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ParameterResolutionException;

/**
 * Wrong declarations and environments that cannot start, each run as a fixture on the real
 * engine: the failure names the annotation, the element, what was wrong and the fix, and nothing
 * Berth created is left behind.
 */
class BadInputIT {

    private static void assertConfigurationFailure(Class<?> fixture, String annotation, String... what) {
        FixtureRun run = LeakCheck.execute(fixture).assertNothingLeftBehind();
        run.results().testEvents().assertStatistics(s -> s.started(0));
        assertThat(run.createdCount()).as("objects created for a declaration refused before Docker: %s", run.created()).isZero();
        Throwable failure = run.classFailure();
        assertThat(failure).isInstanceOf(ExtensionConfigurationException.class)
                .hasMessageContaining(annotation)
                .hasMessageContaining("on class " + fixture.getName())
                .hasMessageContaining("Fix: ");
        for (String w : what) {
            assertThat(failure.getMessage()).contains(w);
        }
    }

    // ------------------------------------------------------------ undeclared references

    @WithNetwork(name = "backend")
    @WithContainer(name = "app", image = "busybox:1.35", networks = "frontend", command = {"sleep", "3600"})
    static class UndeclaredNetworkTestCases {
        @Test
        void never() {
        }
    }

    @Test
    @DisplayName("a container joining an undeclared network is refused, naming the network and the fix")
    void undeclaredNetwork() {
        assertConfigurationFailure(UndeclaredNetworkTestCases.class, "@WithContainer(name = \"app\")",
                "joins network \"frontend\", which is not declared (declared: [backend])", "add @WithNetwork(name = \"frontend\")");
    }

    @WithVolume(name = "data")
    @WithContainer(name = "app", image = "busybox:1.35", volumes = "db-data:/var/lib/data", command = {"sleep", "3600"})
    static class UndeclaredVolumeTestCases {
        @Test
        void never() {
        }
    }

    @Test
    @DisplayName("a container mounting an undeclared volume is refused, naming the volume and the fix")
    void undeclaredVolume() {
        assertConfigurationFailure(UndeclaredVolumeTestCases.class, "@WithContainer(name = \"app\")",
                "mounts volume \"db-data\"", "which is not declared (declared: [data])", "add @WithVolume(name = \"db-data\")");
    }

    @WithContainer(name = "first", image = "busybox:1.35", command = {"sleep", "3600"})
    @WithContainer(name = "second", image = "busybox:1.35", dependsOn = "database", command = {"sleep", "3600"})
    static class UnknownDependencyTestCases {
        @Test
        void never() {
        }
    }

    @Test
    @DisplayName("dependsOn an undeclared container is refused")
    void unknownDependency() {
        assertConfigurationFailure(UnknownDependencyTestCases.class, "@WithContainer(name = \"second\")",
                "depends on container \"database\", which is not declared (declared: [first, second])", "fix dependsOn");
    }

    @WithContainer(name = "a", image = "busybox:1.35", dependsOn = "c", command = {"sleep", "3600"})
    @WithContainer(name = "b", image = "busybox:1.35", dependsOn = "a", command = {"sleep", "3600"})
    @WithContainer(name = "c", image = "busybox:1.35", dependsOn = "b", command = {"sleep", "3600"})
    static class DependencyCycleTestCases {
        @Test
        void never() {
        }
    }

    @Test
    @DisplayName("a dependsOn cycle is refused with the cycle spelled out")
    void dependencyCycle() {
        assertConfigurationFailure(DependencyCycleTestCases.class, "@WithContainer(name = \"",
                "dependsOn forms a cycle a -> c -> b -> a", "remove one of these dependencies");
    }

    // ------------------------------------------------------------ malformed declarations

    @WithNetwork(name = "net")
    @WithContainer(name = "twin", image = "busybox:1.35", command = {"sleep", "3600"})
    @WithContainer(name = "twin", image = "debian:bookworm-slim", command = {"sleep", "3600"})
    static class DuplicateContainerNameTestCases {
        @Test
        void never() {
        }
    }

    // (the second declaration differs: JUnit's AnnotationSupport collapses byte-identical repeated
    // annotations into one before Berth sees them)
    @Test
    @DisplayName("two containers with the same logical name are refused")
    void duplicateContainerName() {
        assertConfigurationFailure(DuplicateContainerNameTestCases.class, "@WithContainer(name = \"twin\")",
                "the container name \"twin\" is declared twice in the same scope", "give each container a distinct logical name");
    }

    @WithNetwork(name = "net")
    @WithNetwork(name = "net", internal = true)
    static class DuplicateNetworkNameTestCases {
        @Test
        void never() {
        }
    }

    @Test
    @DisplayName("two networks with the same logical name are refused")
    void duplicateNetworkName() {
        assertConfigurationFailure(DuplicateNetworkNameTestCases.class, "@WithNetwork(name = \"net\")",
                "the network name \"net\" is declared twice");
    }

    @WithNetwork(name = "bad name!")
    static class InvalidNetworkNameTestCases {
        @Test
        void never() {
        }
    }

    @Test
    @DisplayName("an invalid logical name is refused with the allowed characters")
    void invalidName() {
        assertConfigurationFailure(InvalidNetworkNameTestCases.class, "@WithNetwork(name = \"bad name!\")",
                "name \"bad name!\" is not a valid name", "use letters, digits");
    }

    @WithContainer(name = "app", image = "busybox:1.35", ports = "http", command = {"sleep", "3600"})
    static class UnparsablePortTestCases {
        @Test
        void never() {
        }
    }

    @Test
    @DisplayName("a port that is not a port is refused with the accepted forms")
    void unparsablePort() {
        assertConfigurationFailure(UnparsablePortTestCases.class, "@WithContainer(name = \"app\")",
                "port \"http\" is not understood", "\"8080:80\"");
    }

    @WithContainer(name = "app", image = "busybox:1.35", ports = "8080:70000", command = {"sleep", "3600"})
    static class PortOutOfRangeTestCases {
        @Test
        void never() {
        }
    }

    @Test
    @DisplayName("a port out of range is refused")
    void portOutOfRange() {
        assertConfigurationFailure(PortOutOfRangeTestCases.class, "@WithContainer(name = \"app\")",
                "port \"8080:70000\" is out of range", "between 1 and 65535");
    }

    @WithContainer(name = "app", image = "busybox:1.35", env = "JUST_A_NAME", command = {"sleep", "3600"})
    static class InvalidEnvTestCases {
        @Test
        void never() {
        }
    }

    @Test
    @DisplayName("an env entry without '=' is refused")
    void invalidEnv() {
        assertConfigurationFailure(InvalidEnvTestCases.class, "@WithContainer(name = \"app\")",
                "env entry \"JUST_A_NAME\" is not NAME=value", "\"MYSQL_DATABASE=redmine\"");
    }

    @WithContainer(name = "app", image = "busybox:1.35", command = {"sleep", "3600"}, waitFor = @WaitFor(timeout = "5s"))
    static class WaitWithoutConditionTestCases {
        @Test
        void never() {
        }
    }

    @Test
    @DisplayName("a @WaitFor without a condition is refused")
    void waitWithoutCondition() {
        assertConfigurationFailure(WaitWithoutConditionTestCases.class, "@WithContainer(name = \"app\")",
                "a @WaitFor sets no condition", "set exactly one of port, log");
    }

    @WithContainer(name = "app", image = "busybox:1.35", command = {"sleep", "3600"}, waitFor = @WaitFor(port = 80, log = "ready"))
    static class WaitWithTwoConditionsTestCases {
        @Test
        void never() {
        }
    }

    @Test
    @DisplayName("a @WaitFor with two conditions is refused")
    void waitWithTwoConditions() {
        assertConfigurationFailure(WaitWithTwoConditionsTestCases.class, "@WithContainer(name = \"app\")",
                "a @WaitFor sets 2 conditions", "list several @WaitFor to require several");
    }

    static class MethodLevelTestCases {
        @Test
        @WithContainer(name = "app", image = "busybox:1.35", networks = "nowhere", command = {"sleep", "3600"})
        void declaresOnMethod() {
        }
    }

    @Test
    @DisplayName("a bad declaration on a method fails that test and names the method")
    void methodLevelDeclaration() {
        FixtureRun run = LeakCheck.execute(MethodLevelTestCases.class).assertNothingLeftBehind();
        assertThat(run.createdCount()).isZero();
        assertThat(run.onlyTestFailure()).isInstanceOf(ExtensionConfigurationException.class)
                .hasMessageContaining("@WithContainer(name = \"app\") on method " + MethodLevelTestCases.class.getName() + "#declaresOnMethod()")
                .hasMessageContaining("joins network \"nowhere\", which is not declared")
                .hasMessageContaining("Fix: add @WithNetwork(name = \"nowhere\")");
    }

    // ------------------------------------------------------------ images

    @WithNetwork(name = "net")
    @WithContainer(name = "one", image = "berth-missing/first-image:1.0", networks = "net")
    @WithContainer(name = "two", image = "berth-missing/second-image:2.0", networks = "net")
    @WithContainer(name = "fine", image = "busybox:1.35", networks = "net", command = {"sleep", "3600"})
    static class TwoMissingImagesTestCases {
        @Test
        void never() {
        }
    }

    @Test
    @DisplayName("two missing images are reported together, in seconds, and nothing (not even the network) is created")
    void missingImages() {
        FixtureRun run = LeakCheck.execute(TwoMissingImagesTestCases.class).assertNothingLeftBehind();
        assertThat(run.elapsed()).isLessThan(Duration.ofSeconds(20));
        assertThat(run.createdCount()).as("created: %s", run.created()).isZero();
        run.results().testEvents().assertStatistics(s -> s.started(0));
        assertThat(run.classFailure()).isInstanceOf(ExtensionConfigurationException.class)
                .hasMessageContaining("class " + TwoMissingImagesTestCases.class.getName())
                .hasMessageContaining("2 image(s) are not present locally and could not be pulled")
                .hasMessageContaining("berth-missing/first-image:1.0 (needed by @WithContainer(name = \"one\")")
                .hasMessageContaining("berth-missing/second-image:2.0 (needed by @WithContainer(name = \"two\")")
                .hasMessageContaining("Fix: build them locally")
                .hasMessageContaining("Nothing was created.")
                .hasMessageNotContaining("busybox:1.35 (needed by");
    }

    // ------------------------------------------------------------ containers that do not come up

    @WithNetwork(name = "net")
    @WithContainer(name = "boom", image = "busybox:1.35", networks = "net",
            command = {"sh", "-c", "echo boom-marker; exit 3"}, waitFor = @WaitFor(port = 8080, timeout = "30s"))
    static class ExitsWhileWaitingTestCases {
        @Test
        void never() {
        }
    }

    @Test
    @DisplayName("a container that exits while it is waited for fails at once with exit code and last log lines")
    void exitsWhileWaiting() {
        FixtureRun run = LeakCheck.execute(ExitsWhileWaitingTestCases.class).assertNothingLeftBehind();
        assertThat(run.elapsed()).as("fails at once, not after the 30 s timeout").isLessThan(Duration.ofSeconds(20));
        assertThat(run.createdContainers()).anyMatch(n -> n.startsWith("boom-"));
        assertThat(run.createdNetworks()).anyMatch(n -> n.startsWith("net-"));
        assertThat(run.classFailure()).isInstanceOf(BerthException.class)
                .hasMessageContaining("Container boom (busybox:1.35) exited with code 3")
                .hasMessageContaining("boom-marker")
                .hasMessageContaining("Check its command and environment");
    }

    @WithContainer(name = "boom", image = "busybox:1.35", command = {"sh", "-c", "echo boom-marker; exit 3"})
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    static class ExitsAtStartTestCases {
        @Test
        @Order(1)
        void checksIt(@Berth("boom") BerthContainer boom) {
            // it has exited once this holds (no race with its start), so the next check fails, and its failure carries why
            dev.berth.assertions.BerthAssertions.assertThat(boom).within(Duration.ofSeconds(10)).hasExitedWithCode(3);
            dev.berth.assertions.BerthAssertions.assertThat(boom).isRunning();
        }

        @Test
        @Order(2)
        void second() {
            // empty: it fails only if Berth stops it before it runs
        }
    }

    @Test
    @DisplayName("a container without readiness conditions that exits during startup fails the first test, with exit code"
            + " and logs, and no later test runs")
    void exitsAtStartWithoutWait() {
        FixtureRun run = LeakCheck.execute(ExitsAtStartTestCases.class).assertNothingLeftBehind();
        assertThat(run.createdContainers()).anyMatch(n -> n.startsWith("boom-"));
        // the settle ran in the background: the scope started, the first test ran, both tests failed
        run.results().testEvents().assertStatistics(s -> s.started(2).succeeded(0).failed(2));
        java.util.List<Throwable> failures = run.testFailures();
        // the first test's own check failed, and says why: the container exited while starting, with its logs
        assertThat(failures.get(0)).isInstanceOf(AssertionError.class)
                .hasMessageContaining("Expecting boom to be running")
                .hasMessageContaining("exited with code 3 while starting")
                .hasMessageContaining("boom-marker");
        // the second test did not run: the boundary before it failed it with the settle's message
        assertThat(failures.get(1)).isInstanceOf(BerthException.class)
                .hasMessageContaining("Container boom (busybox:1.35) exited with code 3 while starting")
                .hasMessageContaining("boom-marker");
        // reported by the tests, not once more by the class
        run.results().containerEvents().assertStatistics(s -> s.failed(0));
    }

    /** {@link ExitsAtStartTestCases} built in code: a builder's containers settle in the background too. */
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    static class ExitsAtStartBuilderTestCases {
        @org.junit.jupiter.api.extension.RegisterExtension
        static BerthEnvironment env = BerthEnvironment.builder()
                .container("boom", c -> c.image("busybox:1.35").command("sh", "-c", "echo boom-marker; exit 3"))
                .build();

        @Test
        @Order(1)
        void checksIt() {
            dev.berth.assertions.BerthAssertions.assertThat(env.container("boom")).within(Duration.ofSeconds(10)).hasExitedWithCode(3);
            dev.berth.assertions.BerthAssertions.assertThat(env.container("boom")).isRunning();
        }

        @Test
        @Order(2)
        void second() {
            // empty: it fails only if Berth stops it before it runs
        }
    }

    @Test
    @DisplayName("a builder's container that exits during startup fails the first test, not the class, and no later test runs")
    void exitsAtStartWithoutWaitInABuilder() {
        FixtureRun run = LeakCheck.execute(ExitsAtStartBuilderTestCases.class).assertNothingLeftBehind();
        assertThat(run.createdContainers()).anyMatch(n -> n.startsWith("boom-"));
        run.results().testEvents().assertStatistics(s -> s.started(2).succeeded(0).failed(2));
        java.util.List<Throwable> failures = run.testFailures();
        assertThat(failures.get(0)).isInstanceOf(AssertionError.class)
                .hasMessageContaining("exited with code 3 while starting").hasMessageContaining("boom-marker");
        assertThat(failures.get(1)).isInstanceOf(BerthException.class)
                .hasMessageContaining("Container boom (busybox:1.35) exited with code 3 while starting");
        run.results().containerEvents().assertStatistics(s -> s.failed(0));
    }

    @WithContainer(name = "quiet", image = "busybox:1.35", command = {"sleep", "3600"},
            waitFor = @WaitFor(port = 9999, timeout = "2s"))
    static class WaitTimesOutTestCases {
        @Test
        void never() {
        }
    }

    @Test
    @DisplayName("a wait that times out says what was waited for, how long, and how to fix it")
    void waitTimesOut() {
        FixtureRun run = LeakCheck.execute(WaitTimesOutTestCases.class).assertNothingLeftBehind();
        assertThat(run.createdContainers()).anyMatch(n -> n.startsWith("quiet-"));
        assertThat(run.elapsed()).isLessThan(Duration.ofSeconds(30));
        assertThat(run.classFailure()).isInstanceOf(BerthException.class)
                .hasMessageContaining("Container quiet (busybox:1.35) was not ready after 2000 ms")
                .hasMessageContaining("waited for port 9999 to accept connections")
                .hasMessageContaining("last observed:")
                .hasMessageContaining("raise the timeout");
    }

    @WithNetwork(name = "net")
    @WithVolume(name = "data")
    @WithContainer(name = "steady", image = "busybox:1.35", networks = "net", volumes = "data:/data",
            command = {"sleep", "3600"}, waitFor = @WaitFor(command = {"test", "-d", "/data"}))
    @WithContainer(name = "later", image = "busybox:1.35", networks = "net", dependsOn = "steady",
            command = {"sh", "-c", "echo later-marker; exit 4"}, waitFor = @WaitFor(port = 80))
    static class LaterContainerFailsTestCases {
        @Test
        void never() {
        }
    }

    @Test
    @DisplayName("when a later container fails, the containers, network and volume created before it are removed")
    void laterContainerFails() {
        FixtureRun run = LeakCheck.execute(LaterContainerFailsTestCases.class).assertNothingLeftBehind();
        assertThat(run.createdContainers()).anyMatch(n -> n.startsWith("steady-")).anyMatch(n -> n.startsWith("later-"));
        assertThat(run.createdNetworks()).anyMatch(n -> n.startsWith("net-"));
        assertThat(run.createdVolumes()).anyMatch(n -> n.startsWith("data-"));
        assertThat(run.classFailure()).isInstanceOf(BerthException.class)
                .hasMessageContaining("Container later (busybox:1.35) exited with code 4")
                .hasMessageContaining("later-marker");
    }

    @WithNetwork(name = "net")
    @WithContainer(name = "healthy", image = "busybox:1.35", networks = "net", command = {"sleep", "3600"})
    @WithContainer(name = "broken", image = "busybox:1.35", networks = "net",
            command = {"sh", "-c", "sleep 1; echo broken-marker; exit 5"}, waitFor = @WaitFor(log = "never printed"))
    static class ParallelSiblingFailsTestCases {
        @Test
        void never() {
        }
    }

    @Test
    @DisplayName("when one of two containers started in parallel fails, its running sibling is removed too")
    void parallelSiblingFails() {
        FixtureRun run = LeakCheck.execute(ParallelSiblingFailsTestCases.class).assertNothingLeftBehind();
        assertThat(run.createdContainers()).anyMatch(n -> n.startsWith("healthy-")).anyMatch(n -> n.startsWith("broken-"));
        assertThat(run.classFailure()).isInstanceOf(BerthException.class)
                .hasMessageContaining("exited with code 5").hasMessageContaining("broken-marker");
    }

    // ------------------------------------------------------------ injection

    @WithContainer(name = "web", image = "busybox:1.35", command = {"sleep", "3600"})
    static class UnknownInjectionTestCases {
        @Test
        void injectsUnknown(@Berth("database") BerthContainer database) {
        }
    }

    @Test
    @DisplayName("injecting an undeclared name names the parameter, the declared names and the fix")
    void unknownInjection() {
        FixtureRun run = LeakCheck.execute(UnknownInjectionTestCases.class).assertNothingLeftBehind();
        assertThat(run.createdContainers()).anyMatch(n -> n.startsWith("web-"));
        assertThat(run.onlyTestFailure()).isInstanceOf(ParameterResolutionException.class)
                .hasMessageContaining("Berth cannot inject parameter database of")
                .hasMessageContaining("injectsUnknown")
                .hasMessageContaining("no container named \"database\" is declared in this scope (containers here: [web])")
                .hasMessageContaining("Fix: declare it, or use one of those names");
    }

    @WithContainer(name = "alpha", image = "busybox:1.35", command = {"sleep", "3600"})
    @WithContainer(name = "beta", image = "busybox:1.35", command = {"sleep", "3600"})
    static class AmbiguousInjectionTestCases {
        @Test
        void injectsAmbiguous(BerthContainer which) {
        }
    }

    @Test
    @DisplayName("injecting by type where two containers exist asks for @Berth(name)")
    void ambiguousInjection() {
        FixtureRun run = LeakCheck.execute(AmbiguousInjectionTestCases.class).assertNothingLeftBehind();
        assertThat(run.createdContainers()).anyMatch(n -> n.startsWith("alpha-")).anyMatch(n -> n.startsWith("beta-"));
        assertThat(run.onlyTestFailure()).isInstanceOf(ParameterResolutionException.class)
                .hasMessageContaining("Berth cannot inject parameter which of")
                .hasMessageContaining("injectsAmbiguous")
                // the order is that of startup (parallel), not of declaration
                .hasMessageMatching("(?s).*2 containers are declared \\[(alpha, beta|beta, alpha)\\]\\. "
                        + "Fix: say which with @Berth\\(\"(alpha|beta)\"\\)\\..*");
    }
}
