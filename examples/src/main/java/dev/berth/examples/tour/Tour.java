package dev.berth.examples.tour;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.TestExecutionResult.Status;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * The main job: runs the course's lessons (test classes in {@code dev.berth.examples.lessons}) in
 * course order through the JUnit Platform launcher, one lesson at a time, printing each lesson's
 * claim and the result of each of its checks as it goes, then a summary table. Exits 1 when any
 * lesson failed (or none could be found), 0 when every lesson was verified.
 *
 * <p>The lessons are test classes, so the tour runs with the test classpath:
 * {@code mvn -pl examples exec:exec@tour} (what {@code scripts/tour.sh} does). Arguments, if
 * any, select lessons by number or by a part of the class name: {@code ... -Dtour.lessons="5 7"}.
 */
public final class Tour {

    /** One lesson: its number (01, 02, ..., or 03a: a letter places it after 03), test class and course concept. */
    record Lesson(String number, String className, String concept) {
        String simpleName() {
            return className.substring(className.lastIndexOf('.') + 1);
        }
    }

    private static final String PACKAGE = "dev.berth.examples.lessons.";

    /**
     * The lessons in course order. A letter after a number (01a, 03a, 03b, 10a, 10b) places a lesson
     * between two older ones without renumbering them: the Dockerfile lessons follow lesson 01 and
     * 03, the image interview questions follow lesson 10.
     */
    static final List<Lesson> LESSONS = List.of(
            new Lesson("01", PACKAGE + "Lesson01RunningContainersTest", "docker run -d, -p, logs"),
            new Lesson("01a", PACKAGE + "Lesson01aDockerfileInstructionsTest", "Dockerfile instructions"),
            new Lesson("02", PACKAGE + "Lesson02CmdVersusEntrypointTest", "CMD versus ENTRYPOINT"),
            new Lesson("03", PACKAGE + "Lesson03ExposeIsNotPublishTest", "EXPOSE versus -p"),
            new Lesson("03a", PACKAGE + "Lesson03aMultiStageBuildsTest", "multi-stage builds"),
            new Lesson("03b", PACKAGE + "Lesson03bImageSizeTest", "image size"),
            new Lesson("04", PACKAGE + "Lesson04EnvironmentConfigurationTest", "configuration by environment"),
            new Lesson("05", PACKAGE + "Lesson05DockerCpTest", "docker cp"),
            new Lesson("06", PACKAGE + "Lesson06ComposeTest", "docker compose"),
            new Lesson("07", PACKAGE + "Lesson07VolumesTest", "volumes and bind mounts"),
            new Lesson("08", PACKAGE + "Lesson08SharingImagesTest", "tag, login, push, pull"),
            new Lesson("09", PACKAGE + "Lesson09NetworksTest", "bridge networks"),
            new Lesson("09a", PACKAGE + "Lesson09aRedmineWiringTest", "Redmine + MySQL by name"),
            new Lesson("10", PACKAGE + "Lesson10NetworkDriversTest", "host, macvlan, overlay"),
            new Lesson("10a", PACKAGE + "Lesson10aSecretsOutOfImagesTest", "secrets kept out of images"),
            new Lesson("10b", PACKAGE + "Lesson10bVersioningTagsTest", "versioning with tags"),
            new Lesson("11", PACKAGE + "Lesson11SplittingContainersTest", "splitting containers"));

    /** What one lesson's run produced: its claim (the class's display name) and each check. */
    record Outcome(Lesson lesson, String claim, int verified, int failed, int skipped, List<String> failures, Duration time,
                   List<Check> checks) {
        boolean ok() {
            return failed == 0 && verified > 0;
        }
    }

    /** One check of a lesson (a test, or the lesson's setup or teardown when that failed). */
    record Check(String name, Status status, Duration time, String message) {
    }

    /** The configuration key of Berth that makes each lesson class write its picture (docs/diagrams.md). */
    static final String DIAGRAMS_DIR = "berth.diagrams.dir";

    private Tour() {
    }

    public static void main(String[] args) {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        List<Lesson> lessons = select(args);
        if (lessons.isEmpty()) {
            out.println("No lesson matches " + String.join(" ", args) + "; the lessons are:");
            LESSONS.forEach(l -> out.println("  " + l.number() + "  " + l.simpleName()));
            System.exit(1);
        }
        out.println("Berth tour: " + lessons.size() + " lesson(s) of the Docker course, each verified on the real engine");
        boolean report = !"false".equals(System.getProperty("tour.report"));
        java.nio.file.Path reportDir = java.nio.file.Path.of(System.getProperty("tour.report.dir", "target/tour-report")).toAbsolutePath();
        Launcher launcher = LauncherFactory.create();
        List<Outcome> outcomes = new ArrayList<>();
        long start = System.nanoTime();
        for (Lesson lesson : lessons) {
            outcomes.add(run(launcher, lesson, out, report ? reportDir.resolve("diagrams") : null));
        }
        Duration total = Duration.ofNanos(System.nanoTime() - start);
        summary(outcomes, total, out);
        if (report) {
            java.nio.file.Path index = TourReport.write(reportDir, outcomes, total, TourReport.docsLessons());
            out.println();
            out.println("Report (open it in a browser): " + index);
        } else {
            out.println();
            out.println("Report: off (-Dtour.report=false)");
        }
        System.exit(outcomes.stream().allMatch(Outcome::ok) ? 0 : 1);
    }

    static List<Lesson> select(String[] args) {
        List<String> wanted = new ArrayList<>();
        for (String a : args) {
            for (String w : a.trim().split("[\\s,]+")) {
                if (!w.isEmpty()) {
                    wanted.add(w.toLowerCase(Locale.ROOT));
                }
            }
        }
        if (wanted.isEmpty()) {
            return LESSONS;
        }
        return LESSONS.stream().filter(l -> wanted.stream().anyMatch(w ->
                w.matches("\\d+[a-z]?") ? normalNumber(w).equals(normalNumber(l.number()))
                        : l.simpleName().toLowerCase(Locale.ROOT).contains(w))).toList();
    }

    /** "5" and "05" are one lesson, as are "3a" and "03a"; "3" is not "03a". */
    private static String normalNumber(String number) {
        String digits = number.replaceAll("\\D", "");
        return Integer.parseInt(digits) + number.substring(digits.length()).toLowerCase(Locale.ROOT);
    }

    /** Runs one lesson; with {@code diagrams} set, Berth writes the lesson's picture there (CLASS.svg, CLASS.mmd). */
    static Outcome run(Launcher launcher, Lesson lesson, PrintStream out, java.nio.file.Path diagrams) {
        out.println();
        out.println("━━ Lesson " + lesson.number() + " · " + lesson.concept() + " (" + lesson.simpleName() + ")");
        int[] counts = new int[3];
        List<String> failures = new ArrayList<>();
        List<Check> checks = new ArrayList<>();
        String[] claim = {lesson.simpleName()};
        AtomicLong testStart = new AtomicLong();
        TestExecutionListener listener = new TestExecutionListener() {
            private TestPlan plan;

            @Override
            public void testPlanExecutionStarted(TestPlan testPlan) {
                plan = testPlan;
            }

            @Override
            public void executionStarted(TestIdentifier id) {
                if (isLessonClass(id)) {
                    claim[0] = id.getDisplayName();
                    out.println("   claim: " + id.getDisplayName());
                }
                if (id.isTest()) {
                    testStart.set(System.nanoTime());
                }
            }

            @Override
            public void executionSkipped(TestIdentifier id, String reason) {
                if (id.isTest()) {
                    counts[2]++;
                    checks.add(new Check(id.getDisplayName(), Status.ABORTED, Duration.ZERO, "skipped: " + reason));
                    out.println("   -  " + id.getDisplayName() + " (skipped: " + reason + ")");
                }
            }

            @Override
            public void executionFinished(TestIdentifier id, TestExecutionResult result) {
                boolean ok = result.getStatus() == Status.SUCCESSFUL;
                String message = ok ? "" : result.getThrowable().map(Tour::firstLines).orElse(result.getStatus().toString());
                if (id.isTest()) {
                    counts[ok ? 0 : 1]++;
                    Duration took = Duration.ofNanos(System.nanoTime() - testStart.get());
                    checks.add(new Check(id.getDisplayName(), result.getStatus(), took, message));
                    out.println("   " + (ok ? "✔" : "✘") + "  " + id.getDisplayName() + "  " + seconds(took));
                } else if (!ok && id.isContainer() && id.getSource().isPresent()) {
                    counts[1]++;
                    checks.add(new Check(id.getDisplayName() + " (setup or teardown)", result.getStatus(), Duration.ZERO, message));
                    out.println("   ✘  " + id.getDisplayName() + " (setup or teardown)");
                }
                if (!ok) {
                    failures.add(id.getDisplayName() + ": " + message);
                    out.println("        " + message.replace("\n", "\n        "));
                }
            }

            private boolean isLessonClass(TestIdentifier id) {
                return plan != null && id.isContainer() && id.getParentIdObject().map(plan::getTestIdentifier)
                        .map(p -> p.getParentIdObject().isEmpty()).orElse(false);
            }
        };
        LauncherDiscoveryRequestBuilder request = LauncherDiscoveryRequestBuilder.request()
                .selectors(selectClass(lesson.className()));
        if (diagrams != null) {
            request.configurationParameter(DIAGRAMS_DIR, diagrams.toString());
        }
        long start = System.nanoTime();
        launcher.execute(request.build(), listener);
        Duration time = Duration.ofNanos(System.nanoTime() - start);
        if (counts[0] + counts[1] == 0 && failures.isEmpty()) {
            failures.add("no test ran: is " + lesson.className() + " on the (test) classpath?");
            counts[1]++;
            out.println("   ✘  " + failures.get(0));
        }
        Outcome outcome = new Outcome(lesson, claim[0], counts[0], counts[1], counts[2], failures, time, List.copyOf(checks));
        out.println("   → " + (outcome.ok() ? "verified" : "FAILED") + " in " + seconds(time));
        return outcome;
    }

    private static void summary(List<Outcome> outcomes, Duration total, PrintStream out) {
        int conceptWidth = outcomes.stream().mapToInt(o -> o.lesson().concept().length()).max().orElse(7);
        conceptWidth = Math.max(conceptWidth, "concept".length());
        String format = "%-6s  %-" + conceptWidth + "s  %-8s  %6s  %9s%n";
        out.println();
        out.println("Summary");
        out.printf(format, "lesson", "concept", "result", "checks", "time");
        out.printf(format, "-".repeat(6), "-".repeat(conceptWidth), "-".repeat(8), "-".repeat(6), "-".repeat(9));
        for (Outcome o : outcomes) {
            out.printf(format, o.lesson().number(), o.lesson().concept(), o.ok() ? "verified" : "FAILED",
                    o.verified() + "/" + (o.verified() + o.failed()), seconds(o.time()));
        }
        long verified = outcomes.stream().filter(Outcome::ok).count();
        out.println();
        out.println(verified + " of " + outcomes.size() + " lessons verified, total " + seconds(total));
        outcomes.stream().filter(o -> !o.ok()).forEach(o -> {
            out.println("Lesson " + o.lesson().number() + " (" + o.lesson().simpleName() + ") failed:");
            o.failures().forEach(f -> out.println("  - " + f.replace("\n", "\n    ")));
        });
    }

    private static String firstLines(Throwable t) {
        String text = t.getClass().getSimpleName() + ": " + t.getMessage();
        List<String> lines = text.lines().limit(8).toList();
        return String.join("\n", lines) + (text.lines().count() > 8 ? "\n..." : "");
    }

    private static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }
}
