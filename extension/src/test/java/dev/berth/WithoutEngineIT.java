package dev.berth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.berth.LeakCheck.FixtureRun;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * Berth without an engine: a child JVM whose {@code DOCKER_HOST} names a port where nothing
 * listens (the engine of this machine keeps running, and must not be used in its place). Tests
 * that asked to be skipped are skipped with the reason; all others fail, clearly.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS) // the child JVM runs once; its outcomes are this instance's state
class WithoutEngineIT {

    private Map<String, String> outcomes;
    private String nowhere;

    @BeforeAll
    void runFixturesWithoutEngine() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            nowhere = "tcp://127.0.0.1:" + socket.getLocalPort(); // closed again below: nothing listens there
        }
        Path out = Files.createTempFile("berth-without-engine", ".log");
        ProcessBuilder builder = ChildJvm.command(List.of(), List.of(), Child.class);
        builder.environment().put("DOCKER_HOST", nowhere);
        String log;
        try {
            log = ChildJvm.start(builder, out).awaitSuccess(Duration.ofMinutes(2));
        } finally {
            Files.deleteIfExists(out);
        }
        outcomes = new LinkedHashMap<>();
        log.lines().filter(l -> l.startsWith(Child.RESULT)).map(l -> l.substring(Child.RESULT.length()).split(" ", 2))
                .forEach(p -> outcomes.put(p[0], p[1]));
        assertThat(outcomes).as("outcomes reported by the child; its output:%n%s", log).isNotEmpty();
    }

    @Test
    @DisplayName("@DisabledWithoutDocker on a class skips it, saying why and how to get an engine")
    void annotatedClassIsSkipped() {
        assertThat(outcomes.get("AskedToSkipTestCases")).startsWith("SKIPPED Skipped: no Docker engine. Berth found no Docker engine at "
                + nowhere).contains("does not fall back on another engine").contains("unset DOCKER_HOST");
        assertThat(outcomes).doesNotContainKey("AskedToSkipTestCases#never");
    }

    @Test
    @DisplayName("@DisabledWithoutDocker on a method skips that method; the class's other tests run")
    void annotatedMethodIsSkipped() {
        assertThat(outcomes.get("MethodAskedTestCases#needsDocker")).startsWith("SKIPPED Skipped: no Docker engine.");
        assertThat(outcomes.get("MethodAskedTestCases#needsNoDocker")).isEqualTo("SUCCESSFUL");
    }

    @Test
    @DisplayName("berth.engine.unavailable=skip skips every class that uses Berth")
    void configurationKeySkips() {
        assertThat(outcomes.get("ByKeyTestCases")).startsWith("SKIPPED Skipped: no Docker engine. Berth found no Docker engine at " + nowhere);
    }

    @Test
    @DisplayName("by default a missing engine fails the class, naming the address and the fix")
    void defaultFailsClearly() {
        assertThat(outcomes.get("ByKeyTestCases-default")).startsWith("FAILED dev.berth.BerthException: Berth found no Docker engine at "
                + nowhere).contains("Start the engine at " + nowhere);
        assertThat(outcomes.get("UnannotatedTestCases")).startsWith("FAILED dev.berth.BerthException: Berth found no Docker engine at "
                + nowhere);
    }

    @Test
    @DisplayName("with an engine, @DisabledWithoutDocker runs the test and the environment as usual")
    void withEngineTheAnnotatedClassRuns() {
        FixtureRun run = LeakCheck.execute(AskedToSkipTestCases.class).assertNothingLeftBehind();
        run.results().testEvents().assertStatistics(s -> s.started(1).succeeded(1).skipped(0));
        assertThat(run.createdContainers()).anyMatch(name -> name.startsWith("app-"));
    }

    @Test
    @DisplayName("an invalid berth.engine.unavailable fails the class with the key and its allowed values, creating nothing")
    void invalidKeyFailsTyped() {
        FixtureRun run = LeakCheck.execute(ByKeyTestCases.class, Map.of(DisabledWithoutDocker.UNAVAILABLE_KEY, "maybe"))
                .assertNothingLeftBehind();
        assertThat(run.classFailure()).isInstanceOf(org.junit.jupiter.api.extension.ExtensionConfigurationException.class)
                .hasMessageStartingWith("Configuration parameter 'berth.engine.unavailable' has the invalid value 'maybe'"
                        + " (expected 'fail' or 'skip')");
        assertThat(run.createdContainers()).isEmpty();
    }

    @DisabledWithoutDocker
    @WithContainer(name = "app", image = "busybox:1.35", command = {"sleep", "3600"})
    static class AskedToSkipTestCases {
        @Test
        void never(BerthContainer app) {
            assertThat(app.isRunning()).isTrue();
        }
    }

    static class MethodAskedTestCases {
        @Test
        @DisabledWithoutDocker
        @WithContainer(name = "app", image = "busybox:1.35", command = {"sleep", "3600"})
        void needsDocker() {
        }

        @Test
        void needsNoDocker() {
        }
    }

    @WithContainer(name = "app", image = "busybox:1.35", command = {"sleep", "3600"})
    static class ByKeyTestCases {
        @Test
        void never() {
        }
    }

    @WithNetwork(name = "net")
    static class UnannotatedTestCases {
        @Test
        void never() {
        }
    }

    /** The JVM without an engine: runs the fixtures and prints one {@code RESULT} line per finished class or test. */
    public static final class Child {
        static final String RESULT = "BERTH-RESULT ";

        private Child() {
        }

        public static void main(String[] args) throws IOException {
            run(List.of(AskedToSkipTestCases.class, MethodAskedTestCases.class, UnannotatedTestCases.class), Map.of(), "");
            run(List.of(ByKeyTestCases.class), Map.of(DisabledWithoutDocker.UNAVAILABLE_KEY, "skip"), "");
            run(List.of(ByKeyTestCases.class), Map.of(), "-default");
            System.out.flush();
            System.exit(0);
        }

        private static void run(List<Class<?>> fixtures, Map<String, String> configuration, String suffix) {
            Launcher launcher = LauncherFactory.create();
            List<String> lines = new ArrayList<>();
            TestExecutionListener listener = new TestExecutionListener() {
                @Override
                public void executionSkipped(TestIdentifier id, String reason) {
                    name(id).ifPresent(n -> lines.add(n + suffix + " SKIPPED " + reason.replace('\n', ' ')));
                }

                @Override
                public void executionFinished(TestIdentifier id, TestExecutionResult result) {
                    name(id).ifPresent(n -> lines.add(n + suffix + " " + result.getStatus()
                            + result.getThrowable().map(t -> " " + t.toString().replace('\n', ' ')).orElse("")));
                }
            };
            var request = LauncherDiscoveryRequestBuilder.request().configurationParameters(configuration);
            fixtures.forEach(f -> request.selectors(selectClass(f)));
            launcher.execute(request.build(), listener);
            lines.forEach(l -> System.out.println(RESULT + l));
        }

        /** "Fixture" for a class, "Fixture#method" for a test; nothing for the engine. */
        private static java.util.Optional<String> name(TestIdentifier id) {
            String uid = id.getUniqueId();
            int cls = uid.lastIndexOf("[class:");
            if (cls < 0) {
                return java.util.Optional.empty();
            }
            String rest = uid.substring(cls + "[class:".length());
            String className = rest.substring(rest.lastIndexOf('$') + 1, rest.indexOf(']'));
            int method = uid.lastIndexOf("[method:");
            return java.util.Optional.of(method < 0 ? className
                    : className + "#" + uid.substring(method + "[method:".length(), uid.indexOf('(', method)));
        }
    }
}
