package dev.berth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.LeakCheck.DockerObject;
import dev.berth.LeakCheck.FixtureRun;
import dev.berth.internal.RunIdentity;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.reporting.ReportEntry;

/**
 * What stays and what goes after a scope ends, on the real engine: everything by default (also
 * after a failed test), the kept environments of {@code ON_SUCCESS} and {@code NEVER}, and the
 * diagnostics a failed test carries.
 */
class CleanupIT {

    /** Objects this class deliberately kept; removed after each test so the suite leaks nothing. */
    private List<DockerObject> kept = List.of();

    @AfterEach
    void removeKeptObjects() {
        LeakCheck.remove(kept);
    }

    // ------------------------------------------------------------ ALWAYS (the default)

    @WithNetwork(name = "net")
    @WithVolume(name = "data")
    @WithContainer(name = "app", image = "busybox:1.35", networks = "net", volumes = "data:/data", command = {"sleep", "3600"})
    static class PassingTestCases {
        @Test
        @WithContainer(name = "helper", image = "busybox:1.35", networks = "net", command = {"sleep", "3600"})
        void passes(@Berth("app") BerthContainer app, @Berth("helper") BerthContainer helper) {
            assertThat(app.isRunning()).isTrue();
            assertThat(helper.exec("nslookup", "app").exitCode()).isZero();
        }

        @Test
        void passesToo(BerthVolume data, BerthNetwork net) {
            assertThat(data.dockerName()).startsWith("data-");
            assertThat(net.dockerName()).startsWith("net-");
        }
    }

    @Test
    @DisplayName("after passing tests, class- and method-level objects are all removed")
    void removedAfterPassingTests() {
        FixtureRun run = LeakCheck.execute(PassingTestCases.class).assertNothingLeftBehind();
        run.assertTestsPassed(2);
        assertThat(run.createdContainers()).anyMatch(n -> n.startsWith("app-")).anyMatch(n -> n.startsWith("helper-"));
        assertThat(run.createdNetworks()).anyMatch(n -> n.startsWith("net-"));
        assertThat(run.createdVolumes()).anyMatch(n -> n.startsWith("data-"));
    }

    @WithNetwork(name = "net")
    @WithContainer(name = "app", image = "busybox:1.35", networks = "net", command = {"sleep", "3600"})
    static class FailingTestCases {
        @Test
        @WithContainer(name = "helper", image = "busybox:1.35", networks = "net", command = {"sleep", "3600"})
        void fails(@Berth("helper") BerthContainer helper) {
            assertThat(helper.exec("nslookup", "app").exitCode()).isZero();
            throw new AssertionError("deliberate failure");
        }

        @Test
        void throwsUnexpectedly() {
            throw new IllegalStateException("deliberate error");
        }
    }

    @Test
    @DisplayName("after failing tests (assertion and error), everything is removed as well")
    void removedAfterFailingTests() {
        FixtureRun run = LeakCheck.execute(FailingTestCases.class).assertNothingLeftBehind();
        run.results().testEvents().assertStatistics(s -> s.failed(2).succeeded(0));
        assertThat(run.createdContainers()).anyMatch(n -> n.startsWith("app-")).anyMatch(n -> n.startsWith("helper-"));
    }

    // ------------------------------------------------------------ ON_SUCCESS

    @EnvironmentCleanup(Removal.ON_SUCCESS)
    @WithNetwork(name = "net")
    @WithVolume(name = "data")
    @WithContainer(name = "app", image = "busybox:1.35", networks = "net", volumes = "data:/data", command = {"sleep", "3600"})
    static class OnSuccessFailingTestCases {
        @Test
        void passes() {
        }

        @Test
        void fails() {
            throw new AssertionError("deliberate failure");
        }
    }

    @Test
    @DisplayName("ON_SUCCESS keeps the environment when a test failed, labelled with its scope")
    void onSuccessKeepsAfterFailure() {
        FixtureRun run = LeakCheck.execute(OnSuccessFailingTestCases.class);
        kept = run.leftBehind();
        run.results().testEvents().assertStatistics(s -> s.failed(1).succeeded(1));
        assertThat(kept).extracting(DockerObject::kind).containsExactlyInAnyOrder("container", "network", "volume");
        assertThat(kept).allMatch(o -> o.scope().contains(OnSuccessFailingTestCases.class.getName()), "scope label names the fixture");
        assertThat(kept).allMatch(o -> "true".equals(o.labels().get(RunIdentity.MANAGED)));
        DockerObject app = kept.stream().filter(o -> o.kind().equals("container")).findFirst().orElseThrow();
        assertThat(LeakCheck.client().inspectContainerCmd(app.id()).exec().getState().getRunning())
                .as("the kept container is still running, for debugging").isTrue();
    }

    @EnvironmentCleanup(Removal.ON_SUCCESS)
    @WithNetwork(name = "net")
    @WithContainer(name = "app", image = "busybox:1.35", networks = "net", command = {"sleep", "3600"})
    static class OnSuccessPassingTestCases {
        @Test
        void passes() {
        }

        @Test
        @EnvironmentCleanup(Removal.ON_SUCCESS)
        @WithContainer(name = "helper", image = "busybox:1.35", networks = "net", command = {"sleep", "3600"})
        void passesToo() {
        }
    }

    @Test
    @DisplayName("ON_SUCCESS removes the environment when every test passed")
    void onSuccessRemovesAfterSuccess() {
        FixtureRun run = LeakCheck.execute(OnSuccessPassingTestCases.class);
        kept = run.leftBehind();
        run.assertTestsPassed(2);
        assertThat(run.createdContainers()).anyMatch(n -> n.startsWith("app-")).anyMatch(n -> n.startsWith("helper-"));
        run.assertNothingLeftBehind();
    }

    @WithNetwork(name = "net")
    @WithContainer(name = "app", image = "busybox:1.35", networks = "net", command = {"sleep", "3600"})
    static class OnSuccessMethodLevelTestCases {
        @Test
        @EnvironmentCleanup(Removal.ON_SUCCESS)
        @WithNetwork(name = "own")
        @WithContainer(name = "helper", image = "busybox:1.35", networks = "own", command = {"sleep", "3600"})
        void failsWithMethodEnvironment() {
            throw new AssertionError("deliberate failure");
        }
    }

    @Test
    @DisplayName("ON_SUCCESS on a method keeps only that method's environment when it fails")
    void onSuccessOnMethod() {
        FixtureRun run = LeakCheck.execute(OnSuccessMethodLevelTestCases.class);
        kept = run.leftBehind();
        run.results().testEvents().assertStatistics(s -> s.failed(1));
        run.results().containerEvents().assertStatistics(s -> s.failed(0));
        assertThat(kept).extracting(DockerObject::logicalName).containsExactlyInAnyOrder("helper", "own");
        assertThat(kept).allMatch(o -> o.scope().contains("failsWithMethodEnvironment"));
    }

    @WithNetwork(name = "net")
    static class KeptMethodContainerOnClassNetworkTestCases {
        @Test
        @EnvironmentCleanup(Removal.ON_SUCCESS)
        @WithContainer(name = "helper", image = "busybox:1.35", networks = "net", command = {"sleep", "3600"})
        void failsWithMethodEnvironment() {
            throw new AssertionError("deliberate failure");
        }
    }

    @Test
    @DisplayName("a kept method container on a class network keeps that network, and the class scope says so")
    void keptContainerHoldsClassNetwork() {
        FixtureRun run = LeakCheck.execute(KeptMethodContainerOnClassNetworkTestCases.class);
        kept = run.leftBehind();
        assertThat(kept).extracting(DockerObject::logicalName).containsExactlyInAnyOrder("helper", "net");
        // the class environment cannot remove a network a kept container is attached to: never silently
        // (JUnit 5.13+ wraps a failing store value's close() in "Failed to close extension context"; older lines do not)
        Throwable failure = run.classFailure();
        Throwable berth = failure instanceof BerthException ? failure : failure.getCause();
        assertThat(berth).as("the class failure or its cause: %s", failure).isInstanceOf(BerthException.class)
                .hasMessageContaining("Berth could not remove all of the environment of class "
                        + KeptMethodContainerOnClassNetworkTestCases.class.getName())
                .hasMessageContaining("Remove the rest with: docker network rm net-" + LeakCheck.runId() + "-");
    }

    // ------------------------------------------------------------ NEVER

    @EnvironmentCleanup(Removal.NEVER)
    @WithNetwork(name = "net")
    @WithVolume(name = "data")
    @WithContainer(name = "app", image = "busybox:1.35", networks = "net", volumes = "data:/data", command = {"sleep", "3600"})
    static class NeverTestCases {
        @Test
        void passes() {
        }
    }

    @Test
    @DisplayName("NEVER keeps the environment even when every test passed")
    void neverKeeps() {
        FixtureRun run = LeakCheck.execute(NeverTestCases.class);
        kept = run.leftBehind();
        run.assertTestsPassed(1);
        assertThat(kept).extracting(DockerObject::kind).containsExactlyInAnyOrder("container", "network", "volume");
        assertThat(LeakCheck.objectsOfFixture(NeverTestCases.class)).containsExactlyInAnyOrderElementsOf(kept);
    }

    @WithContainer(name = "app", image = "busybox:1.35", command = {"sleep", "3600"})
    static class NeverByConfigurationTestCases {
        @Test
        void passes() {
        }
    }

    @Test
    @DisplayName("berth.cleanup=never keeps the environment; the annotation-free fixture proves the key is read")
    void neverByConfiguration() {
        FixtureRun run = LeakCheck.execute(NeverByConfigurationTestCases.class, Map.of("berth.cleanup", "never"));
        kept = run.leftBehind();
        assertThat(kept).extracting(DockerObject::logicalName).containsExactly("app");
    }

    @Test
    @DisplayName("the leak check itself sees an object this run left behind")
    void leakCheckDetectsLeaks() {
        FixtureRun run = LeakCheck.execute(NeverByConfigurationTestCases.class, Map.of("berth.cleanup", "never"));
        kept = run.leftBehind();
        org.assertj.core.api.Assertions.assertThatThrownBy(run::assertNothingLeftBehind)
                .isInstanceOf(AssertionError.class).hasMessageContaining("container app-");
    }

    // ------------------------------------------------------------ diagnostics

    @WithContainer(name = "db", image = "busybox:1.35",
            env = {"MYSQL_ROOT_PASSWORD=s3cr3t-value", "MYSQL_DATABASE=shop", "JDBC_URL=jdbc:mysql://app:d1ag-url-pw@db/shop"},
            command = {"sh", "-c", "p=${JDBC_URL#*://*:}; echo \"url password ${p%%@*}\";"
                    + " echo \"diag-marker: root password is $MYSQL_ROOT_PASSWORD for $MYSQL_DATABASE\"; sleep 3600"},
            waitFor = @WaitFor(log = "diag-marker"))
    static class DiagnosticsTestCases {
        @Test
        void fails(@Berth("db") BerthContainer db) {
            throw new AssertionError("deliberate failure");
        }
    }

    @Test
    @DisplayName("a failed test carries the environment summary with masked last log lines, and publishes them")
    void diagnosticsOnFailure() {
        FixtureRun run = LeakCheck.execute(DiagnosticsTestCases.class).assertNothingLeftBehind();
        Throwable failure = run.onlyTestFailure();
        assertThat(failure).isInstanceOf(AssertionError.class).hasMessage("deliberate failure");
        assertThat(failure.getSuppressed()).hasSize(1);
        String summary = failure.getSuppressed()[0].getMessage();
        assertThat(summary).contains("Berth environment at the time of the failure:")
                .contains("-- db (db-" + LeakCheck.runId() + "-")
                .contains("busybox:1.35, running")
                .contains("diag-marker: root password is **** for shop")
                .contains("url password ****") // the password of a URL in an env var of an innocent name
                .doesNotContain("s3cr3t-value").doesNotContain("d1ag-url-pw");

        List<ReportEntry> entries = run.results().allEvents().reportingEntryPublished().stream()
                .map(e -> e.getRequiredPayload(ReportEntry.class)).toList();
        Optional<String> logs = entries.stream().map(e -> e.getKeyValuePairs().get("berth.db.logs")).filter(v -> v != null).findFirst();
        assertThat(logs).as("report entries %s", entries).isPresent();
        assertThat(logs.get()).contains("diag-marker: root password is ****", "url password ****")
                .doesNotContain("s3cr3t-value").doesNotContain("d1ag-url-pw");
    }

    @WithContainer(name = "db", image = "busybox:1.35", env = "DB_PASSWORD=s3cr3t-value",
            command = {"sh", "-c", "echo \"cannot start with $DB_PASSWORD\"; exit 1"}, waitFor = @WaitFor(port = 3306))
    static class SecretInStartupFailureTestCases {
        @Test
        void never() {
        }
    }

    @Test
    @DisplayName("a startup failure's log lines mask secret-looking env values too")
    void startupFailureMasksSecrets() {
        FixtureRun run = LeakCheck.execute(SecretInStartupFailureTestCases.class).assertNothingLeftBehind();
        assertThat(run.classFailure()).hasMessageContaining("exited with code 1")
                .hasMessageContaining("cannot start with ****").hasMessageNotContaining("s3cr3t-value");
    }
    @Test
    @DisplayName("a failed test publishes each container's full masked log as a file on JUnit 5.12+, and only the report entry before")
    void diagnosticsFileOnEveryJUnitLine() throws Exception {
        FixtureRun run = LeakCheck.execute(DiagnosticsTestCases.class).assertNothingLeftBehind();
        assertThat(run.onlyTestFailure()).hasMessage("deliberate failure"); // the user's own failure, never a linkage error
        // by name: the event type and its payload type exist only from 5.12 on, and this test compiles on 5.10
        List<Object> files = run.results().allEvents().stream().filter(e -> e.getType().name().equals("FILE_ENTRY_PUBLISHED"))
                .map(e -> e.getPayload().orElseThrow()).map(Object.class::cast).toList();
        String junit = org.junit.jupiter.api.extension.ExtensionContext.class.getPackage().getImplementationVersion();
        assertThat(junit).as("junit-jupiter-api's Implementation-Version").isNotBlank();
        String[] parts = junit.split("\\.");
        boolean filesExpected = Integer.parseInt(parts[0]) > 5 || Integer.parseInt(parts[1]) >= 12;
        if (!filesExpected) {
            assertThat(files).as("JUnit %s has no publishFile", junit).isEmpty();
            return;
        }
        List<java.nio.file.Path> paths = new java.util.ArrayList<>();
        for (Object f : files) {
            paths.add((java.nio.file.Path) f.getClass().getMethod("getPath").invoke(f));
        }
        assertThat(paths).as("files published on JUnit %s; summary %s", junit, run.onlyTestFailure().getSuppressed()[0].getMessage())
                .extracting(p -> p.getFileName().toString())
                .containsExactlyInAnyOrder("berth-db.log", "berth-environment.svg", "berth-environment.mmd"); // PictureIT: the pictures
        java.nio.file.Path path = paths.stream().filter(p -> p.getFileName().toString().endsWith(".log")).findFirst().orElseThrow();
        assertThat(java.nio.file.Files.readString(path)).contains("diag-marker: root password is **** for shop")
                .doesNotContain("s3cr3t-value");
    }
}
