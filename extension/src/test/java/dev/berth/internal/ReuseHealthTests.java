package dev.berth.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.internal.Specs.WaitKind;
import dev.berth.internal.Specs.WaitSpec;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Which Docker health status of a kept container refuses its adoption. */
class ReuseHealthTests {

    private static final WaitSpec HEALTHY = new WaitSpec(WaitKind.HEALTHY, 0, null, null, 0, List.of(), Duration.ofSeconds(5));
    private static final WaitSpec PORT = new WaitSpec(WaitKind.PORT, 8080, null, null, 0, List.of(), Duration.ofSeconds(5));

    @Test
    @DisplayName("healthy is adopted; unhealthy never is")
    void healthyAndUnhealthy() {
        assertThat(Reuse.healthRefusal("db", List.of(HEALTHY), "healthy")).isNull();
        assertThat(Reuse.healthRefusal("db", List.of(), "healthy")).isNull();
        assertThat(Reuse.healthRefusal("db", List.of(HEALTHY), "unhealthy")).isEqualTo("container db is unhealthy");
    }

    @Test
    @DisplayName("starting is adopted only when the container waits for healthy (adoption runs that wait, and so the test, again)")
    void starting() {
        assertThat(Reuse.healthRefusal("db", List.of(PORT, HEALTHY), "starting")).isNull();
        assertThat(Reuse.healthRefusal("db", List.of(PORT), "starting")).isEqualTo("container db is starting");
        assertThat(Reuse.healthRefusal("db", List.of(), "starting")).isEqualTo("container db is starting");
    }
}
