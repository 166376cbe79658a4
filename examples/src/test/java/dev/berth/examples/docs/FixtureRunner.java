package dev.berth.examples.docs;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.reporting.FileEntry;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * Runs a fixture class (a static nested class that Surefire does not pick up by itself) through
 * the JUnit Platform launcher and records what happened: failures, report entries, published
 * files and what was written to standard error (where Berth's log lines go).
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
        List<Throwable> testFailures = Collections.synchronizedList(new ArrayList<>());
        List<Throwable> classFailures = Collections.synchronizedList(new ArrayList<>());
        List<ReportEntry> entries = Collections.synchronizedList(new ArrayList<>());
        List<FileEntry> files = Collections.synchronizedList(new ArrayList<>());
        int[] succeeded = new int[1];
        TestExecutionListener listener = new TestExecutionListener() {
            @Override
            public void executionFinished(TestIdentifier id, TestExecutionResult result) {
                if (result.getStatus() == TestExecutionResult.Status.SUCCESSFUL) {
                    if (id.isTest()) {
                        succeeded[0]++;
                    }
                    return;
                }
                Throwable t = result.getThrowable().orElseGet(() -> new AssertionError(result.toString()));
                (id.isTest() ? testFailures : classFailures).add(t);
            }

            @Override
            public void reportingEntryPublished(TestIdentifier id, ReportEntry entry) {
                entries.add(entry);
            }

            @Override
            public void fileEntryPublished(TestIdentifier id, FileEntry file) {
                files.add(file);
            }
        };
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                .selectors(selectClass(fixture))
                .configurationParameter("junit.platform.reporting.output.dir",
                        Path.of("target", "docs-fixture-reports").toAbsolutePath().toString())
                .configurationParameter(Fixture.PARAMETER, "true")
                .configurationParameters(configuration)
                .build();
        PrintStream originalErr = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(new TeeStream(originalErr, captured), true, StandardCharsets.UTF_8));
        try {
            LauncherFactory.create().execute(request, listener);
        } finally {
            System.err.flush();
            System.setErr(originalErr);
        }
        return new Outcome(List.copyOf(testFailures), List.copyOf(classFailures), succeeded[0], List.copyOf(entries),
                List.copyOf(files), captured.toString(StandardCharsets.UTF_8));
    }

    /** Writes to the original stream and to a buffer. */
    private static final class TeeStream extends java.io.OutputStream {
        private final java.io.OutputStream first;
        private final java.io.OutputStream second;

        TeeStream(java.io.OutputStream first, java.io.OutputStream second) {
            this.first = first;
            this.second = second;
        }

        @Override
        public void write(int b) throws java.io.IOException {
            first.write(b);
            second.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws java.io.IOException {
            first.write(b, off, len);
            second.write(b, off, len);
        }

        @Override
        public void flush() throws java.io.IOException {
            first.flush();
            second.flush();
        }
    }
}
