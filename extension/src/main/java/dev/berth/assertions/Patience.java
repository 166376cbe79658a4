package dev.berth.assertions;

import java.time.Duration;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.awaitility.pollinterval.IterativePollInterval;

/** Runs a check once, or again and again until it passes or a deadline passes (Awaitility). */
final class Patience {

    private Patience() {
    }

    static void check(Duration within, Runnable check) {
        if (within == null || within.isZero()) {
            check.run();
            return;
        }
        AssertionError[] last = new AssertionError[1];
        try {
            Awaitility.await()
                    .atMost(within)
                    .pollDelay(Duration.ZERO)
                    .pollInterval(IterativePollInterval.iterative(
                            d -> d.compareTo(Duration.ofMillis(500)) >= 0 ? d : d.multipliedBy(2), Duration.ofMillis(50)))
                    .untilAsserted(() -> {
                        try {
                            check.run();
                        } catch (AssertionError e) {
                            last[0] = e;
                            throw e;
                        }
                    });
        } catch (ConditionTimeoutException e) {
            String message = last[0] == null ? e.getMessage() : last[0].getMessage();
            AssertionError failure = new AssertionError(dev.berth.internal.Secrets.mask(
                    "Still failing after " + within.toMillis() + " ms of retrying: " + message));
            if (last[0] != null) {
                failure.initCause(last[0]);
            }
            throw failure;
        }
    }
}
