package dev.berth.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Runs a command-line tool (the compose CLI, {@code docker build}): no input, stderr merged into
 * stdout, every output line handed to a consumer as it comes, and the process killed when it
 * outlives its timeout. Callers turn the failures into their own messages.
 */
final class ProcessRunner {

    private ProcessRunner() {
    }

    /** A finished process: its exit code and its whole output, one {@code \n} after each line. */
    record Outcome(int exitCode, String output) {
    }

    /** The process did not finish in time and was killed. */
    static final class TimedOut extends Exception {
        private static final long serialVersionUID = 1L;

        TimedOut(Duration timeout) {
            super("did not finish within " + timeout.toSeconds() + " s");
        }
    }

    /**
     * Runs {@code command} with {@code env} added to this JVM's environment.
     *
     * @throws IOException when the program cannot be started or its output cannot be read
     */
    static Outcome run(List<String> command, Map<String, String> env, Duration timeout, Consumer<String> eachLine)
            throws IOException, InterruptedException, TimedOut {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().putAll(env);
        EngineProfile.current().applyTo(pb.environment()); // the Java client's engine, also when only ~/.testcontainers.properties names it
        Process p = pb.start();
        p.getOutputStream().close();
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> {
            StringBuilder all = new StringBuilder();
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    eachLine.accept(line);
                    all.append(line).append('\n');
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return all.toString();
        }, Workers.POOL);
        if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            p.destroyForcibly();
            throw new TimedOut(timeout);
        }
        try {
            return new Outcome(p.exitValue(), out.join());
        } catch (CompletionException e) {
            throw e.getCause() instanceof UncheckedIOException u ? u.getCause() : new IOException(e.getCause());
        }
    }
}
