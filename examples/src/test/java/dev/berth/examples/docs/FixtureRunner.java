package dev.berth.examples.docs;

import dev.berth.testkit.Fixtures;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.platform.engine.reporting.FileEntry;
import org.junit.platform.engine.reporting.ReportEntry;

/**
 * Runs a docs fixture class (marked {@link Fixture}) through the extension's fixture runner
 * ({@link Fixtures}, on EngineTestKit) and records what happened: failures, report entries,
 * published files and what was written to standard error (where Berth's log lines go).
 */
final class FixtureRunner {

    private FixtureRunner() {
    }

    /** What one fixture run produced. */
    record Outcome(List<Throwable> testFailures, List<Throwable> classFailures, int testsSucceeded,
                   List<ReportEntry> reportEntries, List<FileEntry> files, String stderr) {

        Throwable onlyTestFailure() {
            if (testFailures.size() != 1) {
                throw new AssertionError("expected exactly one failed test, got " + testFailures);
            }
            return testFailures.get(0);
        }

        Throwable onlyClassFailure() {
            if (classFailures.size() != 1) {
                throw new AssertionError("expected exactly one failed class, got " + classFailures + " (test failures "
                        + testFailures + ")");
            }
            return classFailures.get(0);
        }
    }

    static Outcome run(Class<?> fixture) {
        return run(fixture, Map.of());
    }

    static Outcome run(Class<?> fixture, Map<String, String> configuration) {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put(Fixture.PARAMETER, "true");
        parameters.putAll(configuration);
        Fixtures.Run run = Fixtures.run(List.of(fixture), parameters, Path.of("target", "docs-fixture-reports"));
        return new Outcome(run.testFailures(), run.classFailures(), run.testsSucceeded(), run.reportEntries(),
                run.fileEntries().stream().map(FileEntry.class::cast).toList(), run.stderr());
    }
}
