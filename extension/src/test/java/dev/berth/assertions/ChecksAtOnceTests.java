package dev.berth.assertions;

import static dev.berth.assertions.BerthAssertions.assertAllAtOnce;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.berth.BerthException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.opentest4j.MultipleFailuresError;

/** {@link BerthAssertions#assertAllAtOnce}: concurrency, every failure reported, order, interrupts. No engine. */
class ChecksAtOnceTests {

    /** Long enough never to be reached when the code is right; a wrong one fails instead of hanging. */
    private static final long GUARD_SECONDS = 20;

    private static void await(CountDownLatch latch, String what) throws InterruptedException {
        if (!latch.await(GUARD_SECONDS, TimeUnit.SECONDS)) {
            throw new AssertionError("never happened: " + what);
        }
    }

    @Test
    @DisplayName("the checks run at the same time: each waits for all the others to have started")
    void runsConcurrently() {
        int n = 4;
        CountDownLatch allStarted = new CountDownLatch(n);
        List<String> ran = Collections.synchronizedList(new ArrayList<>());
        Executable[] checks = new Executable[n];
        for (int i = 0; i < n; i++) {
            String name = "check-" + i;
            checks[i] = () -> {
                allStarted.countDown();
                await(allStarted, "all " + n + " checks running at once"); // one after the other, the first would wait forever
                ran.add(name);
            };
        }
        assertAllAtOnce(checks);
        assertThat(ran).containsExactlyInAnyOrder("check-0", "check-1", "check-2", "check-3");
    }

    @Test
    @DisplayName("every failure is reported, in the order the checks were given, whichever ended first")
    void collectsEveryFailureInGivenOrder() {
        CountDownLatch secondFailed = new CountDownLatch(1);
        AtomicInteger passed = new AtomicInteger();
        Throwable thrown = catchThrowable(() -> assertAllAtOnce(
                () -> {
                    await(secondFailed, "the second check to fail first");
                    throw new AssertionError("first: app cannot reach web:80");
                },
                () -> {
                    try {
                        throw new AssertionError("second: app cannot resolve db");
                    } finally {
                        secondFailed.countDown();
                    }
                },
                passed::incrementAndGet,
                () -> {
                    throw new IllegalStateException("fourth: not an assertion");
                },
                () -> {
                    throw new IOException("fifth: checked");
                }));
        assertThat(thrown).isInstanceOf(MultipleFailuresError.class);
        MultipleFailuresError all = (MultipleFailuresError) thrown;
        assertThat(all.getFailures()).extracting(Throwable::getMessage).containsExactly(
                "first: app cannot reach web:80", "second: app cannot resolve db", "fourth: not an assertion", "fifth: checked");
        assertThat(all.getFailures()).extracting(Object::getClass).containsExactly(
                AssertionError.class, AssertionError.class, IllegalStateException.class, IOException.class);
        assertThat(all.getMessage()).startsWith(ChecksAtOnce.HEADING + " (4 failures)")
                .contains("first: app cannot reach web:80").contains("fifth: checked");
        assertThat(all.getSuppressed()).containsExactlyElementsOf(all.getFailures());
        assertThat(passed).hasValue(1);
    }

    @Test
    @DisplayName("a single failure is thrown as it is, also a checked exception, also when it is the only check")
    void singleFailureAsItIs() {
        AssertionError failed = new AssertionError("app cannot reach web:80");
        IOException checked = new IOException("read failed");
        assertThat(catchThrowable(() -> assertAllAtOnce(() -> { }, () -> {
            throw failed;
        }, () -> { }))).isSameAs(failed);
        assertThat(catchThrowable(() -> assertAllAtOnce(() -> {
            throw checked;
        }))).isSameAs(checked);
    }

    @Test
    @DisplayName("passing checks throw nothing; no checks at all pass")
    void passing() {
        AtomicInteger ran = new AtomicInteger();
        assertAllAtOnce(ran::incrementAndGet, ran::incrementAndGet, ran::incrementAndGet);
        assertThat(ran).hasValue(3);
        assertAllAtOnce();
    }

    @Test
    @DisplayName("at most MAX_THREADS checks run at once; the others wait for a free thread and still run")
    void bounded() {
        int bound = ChecksAtOnce.MAX_THREADS;
        CyclicBarrier wave = new CyclicBarrier(bound);
        AtomicInteger running = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        Executable[] checks = new Executable[2 * bound];
        for (int i = 0; i < checks.length; i++) {
            checks[i] = () -> {
                most.accumulateAndGet(running.incrementAndGet(), Math::max);
                try {
                    wave.await(GUARD_SECONDS, TimeUnit.SECONDS); // fewer threads than the bound: never trips
                } catch (BrokenBarrierException | TimeoutException e) {
                    throw new AssertionError("fewer than " + bound + " checks ran at once", e);
                } finally {
                    running.decrementAndGet();
                }
                done.incrementAndGet();
            };
        }
        assertAllAtOnce(checks);
        assertThat(most.get()).isEqualTo(bound);
        assertThat(done).hasValue(2 * bound);
    }

    @Test
    @DisplayName("interrupted while waiting: the running checks are interrupted, the flag is kept, a BerthException says so")
    void interrupted() throws InterruptedException {
        CountDownLatch bothStarted = new CountDownLatch(2);
        CountDownLatch checksInterrupted = new CountDownLatch(2);
        CountDownLatch never = new CountDownLatch(1);
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        AtomicReference<Boolean> flagKept = new AtomicReference<>();
        Executable blocked = () -> {
            bothStarted.countDown();
            try {
                never.await(GUARD_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                checksInterrupted.countDown();
                throw e;
            }
        };
        Thread caller = new Thread(() -> {
            try {
                assertAllAtOnce(blocked, blocked);
            } catch (Throwable t) {
                thrown.set(t);
            }
            flagKept.set(Thread.currentThread().isInterrupted());
        });
        caller.start();
        await(bothStarted, "both checks started");
        caller.interrupt();
        caller.join(TimeUnit.SECONDS.toMillis(GUARD_SECONDS));
        assertThat(caller.isAlive()).as("the caller returned").isFalse();
        assertThat(thrown.get()).isInstanceOf(BerthException.class)
                .hasMessageContaining("Interrupted while waiting for 2 checks run at once")
                .hasCauseInstanceOf(InterruptedException.class);
        assertThat(flagKept.get()).isTrue();
        await(checksInterrupted, "the running checks interrupted");
    }

    @Test
    @DisplayName("null checks are refused with what and how to fix")
    void nullRefused() {
        assertThat(catchThrowable(() -> assertAllAtOnce((Executable[]) null))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("the checks must not be null");
        assertThat(catchThrowable(() -> assertAllAtOnce(() -> { }, null))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("check 2 of 2 is null");
    }
}
