package dev.berth.assertions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Retrying checks: what comes out when they keep failing, or are too slow to finish even once. */
class PatienceTests {

    @Test
    @DisplayName("a check that passes after failing twice passes")
    void passesAfterRetries() {
        AtomicInteger attempts = new AtomicInteger();
        Patience.check(Duration.ofSeconds(5), () -> {
            if (attempts.incrementAndGet() < 3) {
                throw new Unmet("not yet");
            }
        });
        assertThat(attempts).hasValue(3);
    }

    @Test
    @DisplayName("a check that keeps failing reports its last message, after how long it was retried")
    void keepsFailing() {
        AtomicInteger attempts = new AtomicInteger();
        assertThatThrownBy(() -> Patience.check(Duration.ofMillis(300), () -> {
            throw Unmet.comparison("attempt " + attempts.incrementAndGet(), "expected", "actual");
        }))
                .isInstanceOf(Unmet.class)
                .hasMessageStartingWith("Still failing after 300 ms of retrying: attempt ")
                .satisfies(e -> {
                    assertThat(((Unmet) e).isComparison()).isTrue();
                    assertThat(((Unmet) e).expected()).isEqualTo("expected");
                    assertThat(e.getMessage()).endsWith("attempt " + attempts.get());
                });
        assertThat(attempts.get()).isGreaterThan(1);
    }

    @Test
    @DisplayName("a check slower than the patience says so, instead of Awaitility's wording")
    void tooSlowToFinishOnce() {
        assertThatThrownBy(() -> Patience.check(Duration.ofMillis(100), () -> {
            try {
                Thread.sleep(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }))
                .isInstanceOf(Unmet.class)
                .hasMessage("Not verified within 100 ms: not one check had finished by then (a check on a loaded engine can"
                        + " take seconds). Allow more time in within(...).");
    }
}
