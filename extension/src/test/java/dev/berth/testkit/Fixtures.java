package dev.berth.testkit;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

/**
 * Runs fixture classes (static nested classes no test runner selects by itself) on the Jupiter
 * engine through {@link EngineTestKit}, and keeps what they wrote to standard error, where Berth
 * prints what a user must see. The one fixture runner of the extension's and the examples' tests
 * (the extension's test jar carries it to the examples).
 *
 * <p>Compiles on every supported JUnit line: the file-publishing API (5.12+) is reached by name.
 */
public final class Fixtures {

    private Fixtures() {
    }

    /** What one run produced. */
    public record Run(EngineExecutionResults results, String stderr) {

        /** Failed or aborted tests, in order. */
        public List<Throwable> testFailures() {
            return failures(results.testEvents());
        }

        /** Failed or aborted containers (classes), in order. */
        public List<Throwable> classFailures() {
            return failures(results.containerEvents());
        }

        public int testsSucceeded() {
            return (int) results.testEvents().succeeded().count();
        }

        public List<ReportEntry> reportEntries() {
            return results.allEvents().reportingEntryPublished().stream()
                    .map(e -> e.getRequiredPayload(ReportEntry.class)).toList();
        }

        /** The files the fixtures published ({@code org.junit.platform.engine.reporting.FileEntry}, JUnit 5.12+). */
        public List<Object> fileEntries() {
            return results.allEvents().stream().filter(e -> e.getType().name().equals("FILE_ENTRY_PUBLISHED"))
                    .map(e -> e.getPayload().orElseThrow()).toList();
        }

        private static List<Throwable> failures(Events events) {
            return events.finished().stream().map(e -> e.getRequiredPayload(TestExecutionResult.class))
                    .filter(r -> r.getStatus() != TestExecutionResult.Status.SUCCESSFUL)
                    .map(r -> r.getThrowable().orElseGet(() -> new AssertionError(r.toString())))
                    .toList();
        }
    }

    /**
     * Runs the fixtures with the given configuration parameters; files they publish go below
     * {@code outputRoot}. Standard error is copied while they run and still reaches the console.
     */
    public static Run run(List<Class<?>> fixtures, Map<String, String> configuration, Path outputRoot) {
        var kit = EngineTestKit.engine("junit-jupiter").configurationParameters(configuration);
        for (Class<?> f : fixtures) {
            kit = kit.selectors(selectClass(f));
        }
        attachOutputDirectory(kit, outputRoot.toAbsolutePath());
        PrintStream originalErr = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(new Tee(originalErr, captured), true, StandardCharsets.UTF_8));
        EngineExecutionResults results;
        try {
            results = kit.execute();
        } finally {
            System.err.flush();
            System.setErr(originalErr);
        }
        return new Run(results, captured.toString(StandardCharsets.UTF_8));
    }

    /**
     * Lets fixtures publish files (JUnit 5.12+; off by default in {@link EngineTestKit}). The
     * builder method and its parameter type differ between 5.12-5.14 ({@code outputDirectoryProvider})
     * and 6.x ({@code outputDirectoryCreator}), and neither exists on 5.10 or 5.11, so both are found by name.
     */
    private static void attachOutputDirectory(Object kit, Path root) {
        for (String[] api : new String[][] {{"outputDirectoryCreator", "org.junit.platform.engine.OutputDirectoryCreator"},
                {"outputDirectoryProvider", "org.junit.platform.engine.reporting.OutputDirectoryProvider"}}) {
            Class<?> type;
            Method method;
            try {
                type = Class.forName(api[1]);
                method = kit.getClass().getMethod(api[0], type);
            } catch (ClassNotFoundException | NoSuchMethodException notThisLine) {
                continue;
            }
            Object creator = Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, m, args) -> {
                switch (m.getName()) {
                    case "getRootDirectory":
                        return root;
                    case "createOutputDirectory":
                        String id = ((TestDescriptor) args[0]).getUniqueId().toString();
                        return Files.createDirectories(root.resolve(id.replaceAll("[^A-Za-z0-9.-]+", "_")));
                    case "toString":
                        return "fixture outputs in " + root;
                    case "hashCode":
                        return System.identityHashCode(proxy);
                    case "equals":
                        return proxy == args[0];
                    default:
                        throw new UnsupportedOperationException(m.toString());
                }
            });
            try {
                method.invoke(kit, creator);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot give EngineTestKit an output directory through " + method, e);
            }
            return;
        }
    }

    /** Writes to the original stream and to a buffer. */
    private static final class Tee extends OutputStream {
        private final OutputStream first;
        private final OutputStream second;

        Tee(OutputStream first, OutputStream second) {
            this.first = first;
            this.second = second;
        }

        @Override
        public void write(int b) throws IOException {
            first.write(b);
            second.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            first.write(b, off, len);
            second.write(b, off, len);
        }

        @Override
        public void flush() throws IOException {
            first.flush();
            second.flush();
        }
    }
}
