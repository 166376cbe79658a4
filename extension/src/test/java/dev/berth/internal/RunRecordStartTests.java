package dev.berth.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.berth.BerthException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Lines written while a run record is still starting in the background. */
class RunRecordStartTests {

    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final CountDownLatch release = new CountDownLatch(1);
    private final List<String> written = Collections.synchronizedList(new ArrayList<>());
    private final List<RuntimeException> failures = Collections.synchronizedList(new ArrayList<>());
    private final CountDownLatch done = new CountDownLatch(1);

    @AfterEach
    void stopThreads() {
        release.countDown();
        threads.shutdownNow();
    }

    /** A record start that takes until {@link #release}, then is up (or fails with {@code failure}). */
    private RunRecord.Start starting(RuntimeException failure) {
        RunRecord.Start start = new RunRecord.Start();
        start.begin(() -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            if (failure != null) {
                throw failure;
            }
            return (Consumer<String>) written::add;
        }, threads, failures::add, done::countDown);
        return start;
    }

    @Test
    @DisplayName("a line waits until the record is up, after the lines that did not wait")
    void aLineWaitsForTheRecord() throws Exception {
        RunRecord.Start start = starting(null);
        Future<?> writer = threads.submit(() -> start.write("n container db-1"));
        start.writeSoon("n container berth-reuse-lock-1"); // returns at once: the record is not up

        assertThatThrownBy(() -> writer.get(200, TimeUnit.MILLISECONDS)).as("the waiting writer").isInstanceOf(TimeoutException.class);
        assertThat(written).isEmpty();
        release.countDown();
        writer.get(10, TimeUnit.SECONDS);

        assertThat(written).containsExactly("n container berth-reuse-lock-1", "n container db-1");
        start.writeSoon("i container lock-id"); // once up, at once
        assertThat(written).last().isEqualTo("i container lock-id");
        assertThat(failures).isEmpty();
    }

    @Test
    @DisplayName("a record whose start fails lets every waiting writer go on, and later ones do not wait")
    void aFailedStartHangsNoWriter() throws Exception {
        BerthException failure = new BerthException("Berth could not create its run record");
        RunRecord.Start start = starting(failure);
        start.writeSoon("n container berth-reuse-lock-1");
        Future<?> writer = threads.submit(() -> start.write("n container db-1"));
        release.countDown();

        writer.get(10, TimeUnit.SECONDS);
        assertThat(done.await(10, TimeUnit.SECONDS)).as("the start is over").isTrue();
        Future<?> later = threads.submit(() -> start.write("i container db-id"));
        later.get(Duration.ofSeconds(10).toMillis(), TimeUnit.MILLISECONDS);
        assertThat(written).as("nothing reaches a record that is not there").isEmpty();
        assertThat(failures).containsExactly(failure);
    }

    @Test
    @DisplayName("a writer interrupted while it waits fails with the interrupt kept, and writes nothing")
    void anInterruptedWriterFails() throws Exception {
        RunRecord.Start start = starting(null);
        AtomicReference<Object> outcome = new AtomicReference<>();
        Thread writer = new Thread(() -> {
            try {
                start.write("n container db-1");
                outcome.set("written");
            } catch (BerthException e) {
                outcome.set(Thread.currentThread().isInterrupted() ? e : "failed with the interrupt lost");
            }
        });
        writer.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> writer.getState() == Thread.State.WAITING);
        writer.interrupt();
        writer.join(10_000);

        assertThat(outcome.get()).isInstanceOf(BerthException.class);
        assertThat(((BerthException) outcome.get()).getMessage()).contains("run record");
        release.countDown();
        assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(written).isEmpty();
    }
}
