package dev.berth.examples.tour;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.examples.docs.DocsPaths;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * Runs every lesson once, as the tour does, with {@code berth.diagrams.dir} set, and keeps the
 * lessons' pages honest: each page (English and Korean) shows the picture of the environment its
 * lesson builds, an SVG under docs/lessons/diagrams/ and its Mermaid twin, equal to what this run
 * drew. {@code -Ddocs.update=true} rewrites the pictures and blocks from the run instead of failing.
 * The same run feeds the tour report that {@link TourReportBrowserChecks} renders in Chromium.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LessonDiagramsTest {

    static final String MARKER = "<!-- diagram: ";

    private final Path root = DocsPaths.root();
    private final Path runDir = Path.of("target/lesson-run").toAbsolutePath();
    private final List<Tour.Outcome> outcomes = new ArrayList<>();
    private Duration total;

    @BeforeAll
    void runTheLessons() throws IOException {
        deleteTree(runDir);
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8);
        var launcher = LauncherFactory.create();
        long start = System.nanoTime();
        for (Tour.Lesson lesson : Tour.LESSONS) {
            outcomes.add(Tour.run(launcher, lesson, quiet, runDir.resolve("diagrams")));
        }
        total = Duration.ofNanos(System.nanoTime() - start);
    }

    @Test
    @DisplayName("every lesson runs green in this run (a failed lesson draws no honest picture)")
    void everyLessonVerified() {
        assertThat(outcomes).allSatisfy(o -> assertThat(o.ok()).as("lesson %s: %s", o.lesson().number(), o.failures()).isTrue());
    }

    @Test
    @DisplayName("every lesson page, English and Korean, shows the picture its lesson builds (SVG file and Mermaid block)")
    void everyPageShowsItsDiagram() throws IOException {
        boolean update = Boolean.getBoolean("docs.update");
        List<String> problems = new ArrayList<>();
        int pictures = 0;
        for (Tour.Lesson lesson : Tour.LESSONS) {
            Path en = page(lesson.number(), "en");
            Path ko = page(lesson.number(), "ko");
            String stem = en.getFileName().toString().replace(".en.md", "");
            Path svg = runDir.resolve("diagrams").resolve(lesson.simpleName() + ".svg");
            Path mmd = runDir.resolve("diagrams").resolve(lesson.simpleName() + ".mmd");
            assertThat(svg).as("the picture %s drew (every lesson builds an environment)", lesson.simpleName()).isRegularFile();
            pictures++;
            Path docSvg = root.resolve("docs/lessons/diagrams").resolve(stem + ".svg");
            String drawn = Files.readString(svg, StandardCharsets.UTF_8);
            String mermaid = Files.readString(mmd, StandardCharsets.UTF_8);
            if (update) {
                Files.createDirectories(docSvg.getParent());
                Files.writeString(docSvg, drawn, StandardCharsets.UTF_8);
            } else if (!Files.isRegularFile(docSvg) || !Files.readString(docSvg, StandardCharsets.UTF_8).equals(drawn)) {
                problems.add(root.relativize(docSvg) + " differs from what " + lesson.simpleName() + " builds (" + svg + ")");
            }
            for (Path page : List.of(en, ko)) {
                boolean korean = page == ko;
                List<String> expected = block(stem, lesson, mermaid, korean);
                List<String> lines = new ArrayList<>(Files.readAllLines(page, StandardCharsets.UTF_8));
                Optional<int[]> at = find(lines);
                List<String> actual = at.map(r -> lines.subList(r[0], r[1])).orElse(List.of());
                if (actual.equals(expected)) {
                    continue;
                }
                if (!update) {
                    problems.add(root.relativize(page) + (at.isEmpty() ? " shows no diagram" : " line " + (at.get()[0] + 1)
                            + ": its diagram differs from what " + lesson.simpleName() + " builds") + "\n  expected:\n    "
                            + String.join("\n    ", expected) + "\n  actual:\n    " + String.join("\n    ", actual));
                    continue;
                }
                if (at.isPresent()) {
                    lines.subList(at.get()[0], at.get()[1]).clear();
                    lines.addAll(at.get()[0], expected);
                } else {
                    int insert = insertionPoint(lines);
                    List<String> section = new ArrayList<>();
                    section.add(korean ? "## 실제로 만들어진 환경" : "## The environment, as built");
                    section.add("");
                    section.addAll(expected);
                    section.add("");
                    lines.addAll(insert, section);
                }
                Files.writeString(page, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
            }
        }
        assertThat(pictures).isEqualTo(Tour.LESSONS.size());
        if (!problems.isEmpty()) {
            throw new AssertionError(problems.size() + " lesson diagram problem(s); run with -Ddocs.update=true to redraw them"
                    + " from a run:\n\n" + String.join("\n\n", problems));
        }
    }

    @Test
    @DisplayName("the tour report of this run renders in headless Chromium: readable at 1280 px, every picture labelled, no overlap")
    void reportInChromium() throws Exception {
        Path index = TourReport.write(runDir, outcomes, total, TourReport.docsLessons());
        new TourReportBrowserChecks(index, runDir.resolve("browser")).check(outcomes, failurePicture());
    }

    /** The picture a failing test publishes (JUnit 5.12+ publishFile), from a real failing fixture. */
    private Path failurePicture() throws IOException {
        Path output = runDir.resolve("failure-output");
        List<Throwable> failures = new ArrayList<>();
        LauncherFactory.create().execute(org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder.request()
                .selectors(org.junit.platform.engine.discovery.DiscoverySelectors.selectClass(FailingWiringFixture.class))
                .configurationParameter(FailingWiringFixture.PARAMETER, "true")
                .configurationParameter("junit.platform.reporting.output.dir", output.toString()).build(),
                new org.junit.platform.launcher.TestExecutionListener() {
                    @Override
                    public void executionFinished(org.junit.platform.launcher.TestIdentifier id,
                                                  org.junit.platform.engine.TestExecutionResult result) {
                        result.getThrowable().ifPresent(failures::add);
                    }
                });
        assertThat(failures).as("the fixture's one failure").hasSize(1);
        assertThat(failures.get(0)).hasMessageContaining("cannot reach");
        try (Stream<Path> s = Files.walk(output)) {
            Path svg = s.filter(p -> p.getFileName().toString().equals("berth-environment.svg")).findFirst()
                    .orElseThrow(() -> new AssertionError("no berth-environment.svg published under " + output));
            assertThat(Files.readString(svg)).contains("class=\"edge failed\"");
            Path copy = runDir.resolve("browser").resolve("failure-" + svg.getFileName());
            Files.createDirectories(copy.getParent());
            return Files.copy(svg, copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** A wiring test that fails: two networks, a check across them. Runs only when launched by {@link #failurePicture}. */
    @org.junit.jupiter.api.extension.ExtendWith(FailingWiringFixture.OnlyLaunched.class)
    @dev.berth.WithNetwork(name = "shop")
    @dev.berth.WithNetwork(name = "billing")
    @dev.berth.WithContainer(name = "cart", image = "busybox:1.35", networks = "shop", command = {"sleep", "3600"})
    @dev.berth.WithContainer(name = "ledger", image = "busybox:1.35", networks = "billing",
            command = {"httpd", "-f", "-p", "9000", "-h", "/"}, waitFor = @dev.berth.WaitFor(port = 9000))
    static class FailingWiringFixture {
        static final String PARAMETER = "berth.examples.failing-fixture";

        @Test
        void cartReachesLedger(@dev.berth.Berth("cart") dev.berth.BerthContainer cart,
                               @dev.berth.Berth("ledger") dev.berth.BerthContainer ledger) {
            dev.berth.assertions.BerthAssertions.assertThat(cart).cannotResolve("ledger");
            dev.berth.assertions.BerthAssertions.assertThat(cart).canReach(ledger, 9000);
        }

        static final class OnlyLaunched implements org.junit.jupiter.api.extension.ExecutionCondition {
            @Override
            public org.junit.jupiter.api.extension.ConditionEvaluationResult evaluateExecutionCondition(
                    org.junit.jupiter.api.extension.ExtensionContext context) {
                return context.getConfigurationParameter(PARAMETER).isPresent()
                        ? org.junit.jupiter.api.extension.ConditionEvaluationResult.enabled("launched by LessonDiagramsTest")
                        : org.junit.jupiter.api.extension.ConditionEvaluationResult.disabled("a fixture of LessonDiagramsTest");
            }
        }
    }

    /** The diagram block of a page: marker, image, blank, the Mermaid block. */
    static List<String> block(String stem, Tour.Lesson lesson, String mermaid, boolean korean) {
        List<String> b = new ArrayList<>();
        b.add(MARKER + "diagrams/" + stem + ".svg, drawn by Berth from a run of " + lesson.simpleName()
                + " (LessonDiagramsTest keeps it honest) -->");
        b.add("![" + (korean ? "레슨 " + lesson.number() + "의 환경" : "The environment of lesson " + lesson.number())
                + "](diagrams/" + stem + ".svg)");
        b.add("");
        b.add("```mermaid");
        b.addAll(mermaid.lines().toList());
        b.add("```");
        return b;
    }

    /** The [start, end) lines of a page's diagram block, from its marker to the end of its Mermaid block. */
    static Optional<int[]> find(List<String> lines) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith(MARKER)) {
                int open = -1;
                for (int j = i + 1; j < lines.size(); j++) {
                    if (open < 0 && lines.get(j).equals("```mermaid")) {
                        open = j;
                    } else if (open >= 0 && lines.get(j).equals("```")) {
                        return Optional.of(new int[] {i, j + 1});
                    }
                }
                return Optional.of(new int[] {i, i + 1});
            }
        }
        return Optional.empty();
    }

    /** Before the page's first snippet, else before its first second-level heading, else at its end. */
    static int insertionPoint(List<String> lines) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith("<!-- snippet:")) {
                return i;
            }
        }
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith("## ")) {
                return i;
            }
        }
        return lines.size();
    }

    private Path page(String number, String language) throws IOException {
        try (Stream<Path> s = Files.list(root.resolve("docs/lessons"))) {
            List<Path> found = s.filter(p -> p.getFileName().toString().startsWith(number + "-")
                    && p.getFileName().toString().endsWith("." + language + ".md")).toList();
            assertThat(found).as("the %s page of lesson %s", language, number).hasSize(1);
            return found.get(0);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

}
