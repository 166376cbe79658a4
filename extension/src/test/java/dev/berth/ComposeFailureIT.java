package dev.berth;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

/**
 * {@link ComposeStack} failure paths and parallel stacks, run as fixtures through EngineTestKit:
 * each failure says what compose said and why, hides secrets, and leaves nothing behind.
 */
@HostExclusive("host-port-47123") // a fixed host-wide resource: two suites at once must not overlap here
class ComposeFailureIT {

    @Test
    @DisplayName("an unhealthy service: compose's error, ps state, health history and last logs, secrets masked")
    void unhealthy() {
        LeakCheck.FixtureRun run = LeakCheck.execute(UnhealthyTestCases.class).assertNothingLeftBehind();
        Throwable failure = run.classFailure();
        assertThat(failure).isInstanceOf(BerthException.class)
                .hasMessageContaining("docker compose up failed")
                .hasMessageContaining("is unhealthy")
                .hasMessageContaining("docker compose ps -a:")
                .hasMessageContaining("healthcheck exit 1: probing-health")
                .hasMessageContaining("sick-service-started with ****")
                .hasMessageNotContaining("tok-very-secret-123")
                .hasMessageContaining("store password ****") // the password of a URL in the stack's env, printed alone
                .hasMessageNotContaining("cmp-url-pw-456");
        assertThat(run.createdContainers()).isNotEmpty();
    }

    @Test
    @DisplayName("invalid YAML is refused with compose's own error before anything starts")
    void invalidYaml() {
        LeakCheck.FixtureRun run = LeakCheck.execute(InvalidYamlTestCases.class).assertNothingLeftBehind();
        assertThat(run.classFailure()).isInstanceOf(ExtensionConfigurationException.class)
                .hasMessageContaining("docker compose rejected the stack definition")
                .hasMessageContaining("invalid.yml");
        assertThat(run.createdCount()).isZero();
    }

    @Test
    @DisplayName("a missing compose file is named, with the directory relative paths start from")
    void missingFile() {
        LeakCheck.FixtureRun run = LeakCheck.execute(MissingFileTestCases.class).assertNothingLeftBehind();
        assertThat(run.classFailure()).isInstanceOf(ExtensionConfigurationException.class)
                .hasMessageContaining("@ComposeStack(name = \"ghost\")")
                .hasMessageContaining("compose file(s) not found: src/test/resources/compose/ghost.yml");
    }

    @Test
    @DisplayName("every missing image of the stack is listed, in seconds, and nothing is created")
    void missingImages() {
        LeakCheck.FixtureRun run = LeakCheck.execute(MissingImagesTestCases.class).assertNothingLeftBehind();
        assertThat(run.classFailure()).isInstanceOf(ExtensionConfigurationException.class)
                .hasMessageContaining("2 image(s) are not present locally and could not be pulled")
                .hasMessageContaining("berth-test/not-here-one:1 (needed by service one of @ComposeStack(name = \"offline\")")
                .hasMessageContaining("berth-test/not-here-two:2 (needed by service two of @ComposeStack(name = \"offline\")")
                .hasMessageNotContaining("busybox")
                .hasMessageContaining("Nothing was created");
        assertThat(run.elapsed()).isLessThan(Duration.ofSeconds(20));
        assertThat(run.createdCount()).isZero();
    }

    @Test
    @DisplayName("a service that exits makes up fail with its exit code and output")
    void serviceExits() {
        LeakCheck.FixtureRun run = LeakCheck.execute(ExitingServiceTestCases.class).assertNothingLeftBehind();
        assertThat(run.classFailure()).isInstanceOf(BerthException.class)
                .hasMessageContaining("docker compose up failed")
                .hasMessageContaining("exit code 7")
                .hasMessageContaining("quitting-now");
    }

    @Test
    @DisplayName("a host port already in use is reported, and nothing is left")
    void portInUse() throws IOException {
        try (ServerSocket taken = new ServerSocket(47123, 1, InetAddress.getByName("127.0.0.1"))) {
            LeakCheck.FixtureRun run = LeakCheck.execute(PortInUseTestCases.class).assertNothingLeftBehind();
            assertThat(run.classFailure()).isInstanceOf(BerthException.class)
                    .hasMessageContaining("docker compose up failed")
                    .hasMessageContaining("127.0.0.1:" + taken.getLocalPort())
                    .hasMessageContaining("address already in use");
        }
    }

    @Test
    @DisplayName("the same stack runs in two classes at once under distinct project names")
    void parallelStacks() {
        ParallelOneTestCases.PROJECTS.clear();
        LeakCheck.FixtureRun run = LeakCheck.execute(java.util.List.of(ParallelOneTestCases.class, ParallelTwoTestCases.class),
                Map.of("junit.jupiter.execution.parallel.enabled", "true",
                        "junit.jupiter.execution.parallel.mode.classes.default", "concurrent",
                        "junit.jupiter.execution.parallel.config.strategy", "fixed",
                        "junit.jupiter.execution.parallel.config.fixed.parallelism", "2")).assertNothingLeftBehind();
        run.assertTestsPassed(2);
        assertThat(ParallelOneTestCases.PROJECTS).hasSize(2);
    }

    // ------------------------------------------------------------------ fixtures

    @ComposeStack(name = "sick", files = "src/test/resources/compose/unhealthy.yml", env = {"API_TOKEN=tok-very-secret-123", "STORE_URL=amqp://app:cmp-url-pw-456@broker/vh"},
            waitTimeout = "8s")
    static class UnhealthyTestCases {
        @Test
        void never() {
        }
    }

    @ComposeStack(name = "invalid", files = "src/test/resources/compose/invalid.yml")
    static class InvalidYamlTestCases {
        @Test
        void never() {
        }
    }

    @ComposeStack(name = "ghost", files = "src/test/resources/compose/ghost.yml")
    static class MissingFileTestCases {
        @Test
        void never() {
        }
    }

    @WithNetwork(name = "would-be-created")
    @ComposeStack(name = "offline", files = "src/test/resources/compose/missing-images.yml")
    static class MissingImagesTestCases {
        @Test
        void never() {
        }
    }

    @ComposeStack(name = "quitter", files = "src/test/resources/compose/exits.yml", waitTimeout = "20s")
    static class ExitingServiceTestCases {
        @Test
        void never() {
        }
    }

    @ComposeStack(name = "pinned", files = "src/test/resources/compose/fixed-port.yml") // publishes 127.0.0.1:47123
    static class PortInUseTestCases {
        @Test
        void never() {
        }
    }

    @ComposeStack(name = "twin", files = "src/test/resources/compose/shop.yml")
    static class ParallelOneTestCases {
        static final Set<String> PROJECTS = ConcurrentHashMap.newKeySet();

        @Test
        void up(BerthStack twin) {
            PROJECTS.add(twin.dockerName());
            dev.berth.assertions.BerthAssertions.assertThat(twin.container("web")).canReach("db", 5432);
        }
    }

    @ComposeStack(name = "twin", files = "src/test/resources/compose/shop.yml")
    static class ParallelTwoTestCases {
        @Test
        void up(BerthStack twin) {
            ParallelOneTestCases.PROJECTS.add(twin.dockerName());
            dev.berth.assertions.BerthAssertions.assertThat(twin.container("web")).canReach("db", 5432);
        }
    }
}
