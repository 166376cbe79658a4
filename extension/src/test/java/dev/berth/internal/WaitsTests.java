package dev.berth.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The image's health test as Berth runs it itself while waiting for healthy: the exec command and its timeout. */
class WaitsTests {

    @Test
    @DisplayName("CMD form: the arguments run as they are, no shell")
    void cmdForm() {
        assertThat(Waits.healthTestCommand(List.of("CMD", "/usr/local/bin/healthcheck.sh", "--quick")))
                .contains(List.of("/usr/local/bin/healthcheck.sh", "--quick"));
    }

    @Test
    @DisplayName("CMD-SHELL form: the command runs through /bin/sh -c, as Docker runs it")
    void shellForm() {
        assertThat(Waits.healthTestCommand(List.of("CMD-SHELL", "test -f /tmp/healthy || exit 1")))
                .contains(List.of("/bin/sh", "-c", "test -f /tmp/healthy || exit 1"));
    }

    @Test
    @DisplayName("NONE, an empty or absent test, or a form without a command: nothing to run (Docker's status alone decides)")
    void nothingToRun() {
        assertThat(Waits.healthTestCommand(List.of("NONE"))).isEmpty();
        assertThat(Waits.healthTestCommand(List.of())).isEmpty();
        assertThat(Waits.healthTestCommand(null)).isEmpty();
        assertThat(Waits.healthTestCommand(List.of("CMD"))).isEmpty();
        assertThat(Waits.healthTestCommand(List.of("CMD-SHELL"))).isEmpty();
    }

    @Test
    @DisplayName("each run is bounded by the healthcheck's timeout; none set: Docker's default of 30 s")
    void timeout() {
        assertThat(Waits.healthTestTimeout(Duration.ofSeconds(3).toNanos())).isEqualTo(Duration.ofSeconds(3));
        assertThat(Waits.healthTestTimeout(0L)).isEqualTo(Duration.ofSeconds(30));
        assertThat(Waits.healthTestTimeout(null)).isEqualTo(Duration.ofSeconds(30));
    }
}
