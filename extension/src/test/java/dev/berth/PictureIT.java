package dev.berth;

import static dev.berth.assertions.BerthAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.LeakCheck.FixtureRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/** Pictures of real environments: published with a failure, and written per class with berth.diagrams.dir. */
class PictureIT {

    static final String SECRET = "pict-tok3n-9f2";

    @WithNetwork(name = "front")
    @WithNetwork(name = "back", internal = true)
    @WithVolume(name = "data")
    @WithContainer(name = "web", image = "busybox:1.35", networks = "front", env = "API_TOKEN=" + SECRET, ports = "80",
            command = {"sleep", "3600"})
    @WithContainer(name = "api", image = "busybox:1.35", networks = {"front", "back"}, aliases = "service",
            command = {"httpd", "-f", "-p", "8080", "-h", "/"}, waitFor = @WaitFor(port = 8080))
    @WithContainer(name = "db", image = "busybox:1.35", networks = "back", volumes = "data:/data:ro",
            command = {"httpd", "-f", "-p", "5432", "-h", "/"}, waitFor = @WaitFor(port = 5432))
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    static class FailurePictureTestCases {
        @Test
        @Order(1)
        void earlierTest(@Berth("db") BerthContainer db) {
            assertThat(db).canResolve("api"); // an earlier test's check: not in the next test's picture
        }

        @Test
        @Order(2)
        void webReachesDb(@Berth("web") BerthContainer web, @Berth("api") BerthContainer api, @Berth("db") BerthContainer db) {
            assertThat(web).canReach(api, 8080);
            assertThat(web).cannotResolve("db");
            assertThatThrownBy(() -> assertThat(web).canResolve(SECRET)).isInstanceOf(AssertionError.class);
            assertThat(web).canReach(db, 5432); // fails: web and db share no network
        }
    }

    @Test
    @DisplayName("a failed check is drawn red with its message in berth-environment.svg published with the failure; secrets masked")
    void failurePublishesThePicture() throws Exception {
        FixtureRun run = LeakCheck.execute(FailurePictureTestCases.class).assertNothingLeftBehind();
        Throwable failure = run.onlyTestFailure();
        assertThat(failure).hasMessageContaining("web cannot reach db:5432");
        String summary = failure.getSuppressed()[0].getMessage();
        Map<String, String> files = publishedFiles(run);
        if (!JUnitCompat.canPublishFiles()) { // JUnit before 5.12: the Mermaid text as a report entry
            assertThat(summary).contains("report entry berth.environment.mermaid");
            String mermaid = run.results().allEvents().reportingEntryPublished().stream()
                    .map(e -> e.getRequiredPayload(org.junit.platform.engine.reporting.ReportEntry.class).getKeyValuePairs()
                            .get("berth.environment.mermaid")).filter(v -> v != null).findFirst().orElseThrow();
            assertThat(mermaid).contains(" --x|").doesNotContain(SECRET);
            return;
        }
        assertThat(summary).contains("berth-environment.svg");
        assertThat(files).containsKeys("berth-environment.svg", "berth-environment.mmd");
        String svg = files.get("berth-environment.svg");
        // the failed edge: a red line from web to db, and its message in red below
        assertThat(svg).contains("<line class=\"edge failed\" data-from=\"web\" data-to=\"db\"")
                .containsPattern("class=\"edge failed\" data-from=\"web\" data-to=\"db\"[^>]*stroke=\"#c62828\"")
                .contains("class=\"message\"").contains("web cannot reach db:5432")
                .contains("<line class=\"edge reached\" data-from=\"web\" data-to=\"api\"")
                .contains("web → db: does not resolve  (isolated, as expected)"); // one line per pair, drawn as its worst check
        // what Berth created, as the engine reports it: real names, the internal network, the alias, port, volume
        assertThat(svg).contains("web-" + LeakCheck.runId()).contains("internal: no way out").contains("alias service<")
                .containsPattern("127\\.0\\.0\\.1:\\d+ → 80/tcp").contains("vol data → /data :ro")
                .contains("containers on several networks");
        // only this test's checks, every secret masked
        assertThat(svg).doesNotContain("data-from=\"db\"").doesNotContain(SECRET).contains("****");
        assertThat(files.get("berth-environment.mmd")).contains(" --x|").doesNotContain(SECRET).contains("subgraph");
    }

    @WithNetwork(name = "lane")
    @WithContainer(name = "left", image = "busybox:1.35", networks = "lane", command = {"sleep", "3600"})
    static class DiagramsDirTestCases {
        @Test
        @WithContainer(name = "right", image = "busybox:1.35", networks = "lane", ports = "80",
                command = {"httpd", "-f", "-p", "80", "-h", "/"}, waitFor = @WaitFor(port = 80))
        void leftReachesRight(@Berth("left") BerthContainer left, @Berth("right") BerthContainer right) {
            assertThat(left).canReach(right, 80);
        }
    }

    @Test
    @DisplayName("berth.diagrams.dir: each class writes CLASS.svg and .mmd of its class and method environments, the same bytes every run")
    void diagramsDirectory(@TempDir Path first, @TempDir Path second) throws Exception {
        LeakCheck.execute(DiagramsDirTestCases.class, Map.of("berth.diagrams.dir", first.toString())).assertNothingLeftBehind();
        LeakCheck.execute(DiagramsDirTestCases.class, Map.of("berth.diagrams.dir", second.toString())).assertNothingLeftBehind();
        String svg = Files.readString(first.resolve("DiagramsDirTestCases.svg"));
        assertThat(svg).contains("data-name=\"left\"").contains("data-name=\"right\"").contains("data-name=\"lane\"")
                .contains("<line class=\"edge reached\" data-from=\"left\" data-to=\"right\"")
                .contains("127.0.0.1:* → 80/tcp") // the engine's free port is left out: it changes every run
                .doesNotContain(LeakCheck.runId());
        assertThat(Files.readString(second.resolve("DiagramsDirTestCases.svg"))).isEqualTo(svg);
        assertThat(Files.readString(second.resolve("DiagramsDirTestCases.mmd")))
                .isEqualTo(Files.readString(first.resolve("DiagramsDirTestCases.mmd")));
    }

    /** The twin of {@link DiagramsDirTestCases} built in code: a class-scope builder and a test-scope one. */
    static class DiagramsDirBuilderTestCases {
        @org.junit.jupiter.api.extension.RegisterExtension
        static BerthEnvironment classEnv = BerthEnvironment.builder()
                .network("lane")
                .container("left", c -> c.image("busybox:1.35").networks("lane").command("sleep", "3600"))
                .build();

        @org.junit.jupiter.api.extension.RegisterExtension
        BerthEnvironment testEnv = BerthEnvironment.builder()
                .container("right", c -> c.image("busybox:1.35").networks("lane").ports("80")
                        .command("httpd", "-f", "-p", "80", "-h", "/").waitFor(w -> w.port(80)))
                .build();

        @Test
        void leftReachesRight() {
            assertThat(classEnv.container("left")).canReach(testEnv.container("right"), 80);
        }
    }

    @Test
    @DisplayName("berth.diagrams.dir: builder environments are drawn as the annotations' twin is")
    void diagramsDirectoryWithBuilders(@TempDir Path dir) throws Exception {
        LeakCheck.execute(DiagramsDirTestCases.class, Map.of("berth.diagrams.dir", dir.toString())).assertNothingLeftBehind();
        LeakCheck.execute(DiagramsDirBuilderTestCases.class, Map.of("berth.diagrams.dir", dir.toString())).assertNothingLeftBehind();
        String built = Files.readString(dir.resolve("DiagramsDirBuilderTestCases.svg"));
        assertThat(built).contains("data-name=\"left\"").contains("data-name=\"right\"").contains("data-name=\"lane\"")
                .contains("<line class=\"edge reached\" data-from=\"left\" data-to=\"right\"");
        assertThat(built.replace("DiagramsDirBuilderTestCases", "CLASS"))
                .isEqualTo(Files.readString(dir.resolve("DiagramsDirTestCases.svg")).replace("DiagramsDirTestCases", "CLASS"));
        assertThat(Files.readString(dir.resolve("DiagramsDirBuilderTestCases.mmd")).replace("DiagramsDirBuilderTestCases", "CLASS"))
                .isEqualTo(Files.readString(dir.resolve("DiagramsDirTestCases.mmd")).replace("DiagramsDirTestCases", "CLASS"));
    }

    /** Files published by the fixture's tests, by name, with their content (JUnit 5.12+; none before). */
    static Map<String, String> publishedFiles(FixtureRun run) {
        List<Object> files = run.results().allEvents().stream().filter(e -> e.getType().name().equals("FILE_ENTRY_PUBLISHED"))
                .map(e -> e.getPayload().orElseThrow()).map(Object.class::cast).toList();
        return files.stream().map(f -> {
            try {
                return (Path) f.getClass().getMethod("getPath").invoke(f);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }).collect(Collectors.toMap(p -> p.getFileName().toString(), p -> {
            try {
                return Files.readString(p);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }, (a, b) -> a));
    }
}
