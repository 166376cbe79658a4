package dev.berth.internal;

import dev.berth.BerthException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/** The daemon threads that run independent Docker calls at once; they hold no test state. */
final class Workers {

    private static final AtomicInteger THREADS = new AtomicInteger();
    static final ExecutorService POOL = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "berth-" + THREADS.incrementAndGet());
        t.setDaemon(true);
        return t;
    });

    private Workers() {
    }

    /** Runs the tasks at once and waits for all; the first failure is thrown with the others suppressed. */
    static void runAll(List<Supplier<Object>> tasks) {
        if (tasks.size() == 1) {
            tasks.get(0).get();
            return;
        }
        joinAll(tasks.stream().map(t -> CompletableFuture.supplyAsync(t, POOL)).toList());
    }

    /** Waits for every future; the first failure is thrown with the other (distinct) failures suppressed. */
    static void joinAll(java.util.Collection<CompletableFuture<Object>> futures) {
        RuntimeException first = null;
        for (CompletableFuture<Object> f : futures) {
            try {
                f.join();
            } catch (CompletionException e) {
                RuntimeException cause = e.getCause() instanceof RuntimeException r ? r : new BerthException(String.valueOf(e.getCause()), e.getCause());
                if (first == null) {
                    first = cause;
                } else if (first != cause) {
                    first.addSuppressed(cause);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
