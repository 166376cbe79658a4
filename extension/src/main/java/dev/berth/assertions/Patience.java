package dev.berth.assertions;

import java.time.Duration;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.awaitility.pollinterval.IterativePollInterval;

/**
 * Runs a check once, or again and again until it passes or a deadline passes (Awaitility). What
 * does not hold comes out as an {@link Unmet}, which the assert reports the AssertJ way.
 */
final class Patience {

    private Patience() {
    }

    static void check(Duration within, Runnable check) {
        if (within == null || within.isZero()) {
            once(check);
            return;
        }
        Unmet[] last = new Unmet[1];
        try {
            Awaitility.await()
                    .atMost(within)
                    .pollDelay(Duration.ZERO)
                    .pollInterval(IterativePollInterval.iterative(
                            d -> d.compareTo(Duration.ofMillis(500)) >= 0 ? d : d.multipliedBy(2), Duration.ofMillis(50)))
                    .untilAsserted(() -> {
                        try {
                            once(check);
                        } catch (Unmet e) {
                            last[0] = e;
                            throw e;
                        }
                    });
        } catch (ConditionTimeoutException e) {
            if (last[0] == null) {
                Unmet slow = new Unmet("Not verified within " + within.toMillis() + " ms: not one check had finished by then"
                        + " (a check on a loaded engine can take seconds). Allow more time in within(...).");
                slow.initCause(e);
                throw slow;
            }
            throw last[0].after("Still failing after " + within.toMillis() + " ms of retrying: ");
        }
    }

    private static void once(Runnable check) {
        check.run();
    }
}
