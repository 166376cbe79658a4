package dev.berth.assertions;

import dev.berth.BerthException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.function.Executable;
import org.opentest4j.MultipleFailuresError;

/** The engine of {@link BerthAssertions#assertAllAtOnce}: runs checks concurrently and reports every failure. */
final class ChecksAtOnce {

    /** The most checks that run at the same time; further ones wait for a free thread. */
    static final int MAX_THREADS = 8;

    static final String HEADING = "Checks run at once";

    private static final AtomicInteger THREADS = new AtomicInteger();

    private ChecksAtOnce() {
    }

    static void run(Executable... checks) {
        if (checks == null) {
            throw new IllegalArgumentException("assertAllAtOnce: the checks must not be null. Fix: pass one or more checks,"
                    + " e.g. assertAllAtOnce(() -> assertThat(app).canReach(web, 80), ...).");
        }
        for (int i = 0; i < checks.length; i++) {
            if (checks[i] == null) {
                throw new IllegalArgumentException("assertAllAtOnce: check " + (i + 1) + " of " + checks.length
                        + " is null. Fix: pass a lambda or method reference for every check.");
            }
        }
        if (checks.length == 0) {
            return;
        }
        if (checks.length == 1) {
            runHere(checks[0]); // nothing to overlap with: no thread
            return;
        }
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(checks.length, MAX_THREADS), r -> {
            Thread t = new Thread(r, "berth-check-" + THREADS.incrementAndGet());
            t.setDaemon(true);
            t.setContextClassLoader(loader);
            return t;
        });
        List<Throwable> failures = new ArrayList<>();
        try {
            List<Future<?>> running = new ArrayList<>();
            for (Executable check : checks) {
                running.add(pool.submit(() -> {
                    try {
                        check.execute();
                    } catch (Throwable t) {
                        throw new Failed(t); // any throwable, not only exceptions: carried to the caller as it is
                    }
                    return null;
                }));
            }
            for (Future<?> f : running) { // in the order the checks were given, whichever ended first
                try {
                    f.get();
                } catch (ExecutionException e) {
                    failures.add(e.getCause() instanceof Failed failed ? failed.getCause() : e.getCause());
                } catch (InterruptedException e) {
                    pool.shutdownNow(); // interrupts the checks still running
                    Thread.currentThread().interrupt();
                    BerthException interrupted = new BerthException("Interrupted while waiting for " + checks.length
                            + " checks run at once; the checks still running were interrupted, and their outcome is unknown.", e);
                    failures.forEach(interrupted::addSuppressed);
                    throw interrupted;
                }
            }
        } finally {
            pool.shutdown();
        }
        if (failures.size() == 1) {
            throw sneaky(failures.get(0));
        }
        if (!failures.isEmpty()) {
            MultipleFailuresError all = new MultipleFailuresError(HEADING, failures);
            failures.forEach(all::addSuppressed); // their stack traces, as JUnit's assertAll keeps them
            throw all;
        }
    }

    private static void runHere(Executable check) {
        try {
            check.execute();
        } catch (Throwable t) {
            throw sneaky(t);
        }
    }

    /** Throws any throwable unchanged (a checked one too, as JUnit's assertAll reports it). */
    @SuppressWarnings("unchecked")
    private static <T extends Throwable> RuntimeException sneaky(Throwable t) throws T {
        throw (T) t;
    }

    /** Carries whatever a check threw through the executor, whose tasks may only throw exceptions. */
    private static final class Failed extends Exception {
        private static final long serialVersionUID = 1L;

        Failed(Throwable cause) {
            super(cause);
        }
    }
}
