package dev.berth;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;

/**
 * A second JVM running a main class of the test classpath, its output and errors in one file: for the
 * tests of what happens across JVMs (a kill, an exit in the middle of a test, a second holder of an
 * environment). The children print a line {@code <prefix><run id> ...} once their environment exists.
 */
record ChildJvm(Process process, Path log) {

    /** Starts {@code main} with {@code args} on this JVM's Java and classpath, {@code jvmOptions} first. */
    static ChildJvm start(Path log, List<String> jvmOptions, Class<?> main, String... args) throws IOException {
        return start(command(List.of(), jvmOptions, main, args), log);
    }

    /**
     * The command that runs {@code main} with {@code args} on this JVM's Java and classpath, behind
     * {@code wrapper} (such as {@code unshare}; empty for none): set its environment, then
     * {@link #start(ProcessBuilder, Path) start} it.
     */
    static ProcessBuilder command(List<String> wrapper, List<String> jvmOptions, Class<?> main, String... args) {
        List<String> command = new ArrayList<>(wrapper);
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command);
    }

    /** Starts {@code command} with its output and errors going to {@code log}. */
    static ChildJvm start(ProcessBuilder command, Path log) throws IOException {
        return new ChildJvm(command.redirectErrorStream(true).redirectOutput(log.toFile()).start(), log);
    }

    /** What the child printed so far, errors included. */
    String output() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            throw new UncheckedIOException("reading the child JVM's output " + log + " failed", e);
        }
    }

    /** The first word after {@code prefix} on the child's first line that starts with it, if there is one yet. */
    String wordAfter(String prefix) {
        return output().lines().filter(l -> l.startsWith(prefix)).findFirst()
                .map(l -> l.substring(prefix.length()).split(" ")[0]).orElse(null);
    }

    /**
     * Waits until the child printed a line that starts with {@code prefix} and returns the word after it
     * (the child's run id); fails with the child's output if it ends first or takes longer than {@code atMost}.
     */
    String awaitReady(String prefix, Duration atMost) {
        return Awaitility.await("the child JVM's line " + prefix.strip()).atMost(atMost).pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    boolean ended = !process.isAlive(); // before the read: a child that prints and exits at once is ready
                    String word = wordAfter(prefix);
                    if (word == null && ended) {
                        throw new AssertionError("the child JVM ended (exit status " + process.exitValue()
                                + ") before its environment was ready; its output:\n" + output());
                    }
                    return word;
                }, Objects::nonNull);
    }

    /** Waits for the child to end on its own and returns its exit status; kills it and fails if it takes longer than {@code atMost}. */
    int awaitExit(Duration atMost) throws InterruptedException {
        if (!process.waitFor(atMost.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the child JVM did not end within " + atMost + "; its output:\n" + output());
        }
        return process.exitValue();
    }

    /** Waits for the child to end with exit status 0 and returns its output; fails with the output otherwise. */
    String awaitSuccess(Duration atMost) throws InterruptedException {
        int status = awaitExit(atMost);
        String output = output();
        assertThat(status).as("the child JVM's exit status; its output:%n%s", output).isZero();
        return output;
    }

    /** SIGTERM: the JVM's shutdown hooks run. */
    void stop() throws InterruptedException {
        process.destroy();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the child JVM ended").isTrue();
    }

    /** SIGKILL: nothing of the JVM runs any more. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("the child JVM died").isTrue();
    }
}
