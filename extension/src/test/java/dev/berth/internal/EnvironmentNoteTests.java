package dev.berth.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.exception.BadRequestException;
import dev.berth.BerthException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.opentest4j.TestAbortedException;

/** Where the "what was created and removed" sentence goes in a creation failure, and what kind the failure stays. */
class EnvironmentNoteTests {

    private static final String NOTE = "Berth had created container web, and has removed all of it.";

    @Test
    @DisplayName("after the first line, before the log lines that follow it; at the end of a one-line message")
    void placement() {
        assertThat(Environment.noted("Container web exited with code 3.\nLast 50 log lines of web:\nboom", NOTE))
                .isEqualTo("Container web exited with code 3. " + NOTE + "\nLast 50 log lines of web:\nboom");
        assertThat(Environment.noted("The network could not be created.", NOTE))
                .isEqualTo("The network could not be created. " + NOTE);
        assertThat(Environment.noted("2 problems:\n  - one\n  - two", NOTE)).isEqualTo("2 problems:\n  - one\n  - two\n" + NOTE);
    }

    @Test
    @DisplayName("a configuration error stays one, a BerthException stays one, with cause, stack and suppressed")
    void kindsAreKept() {
        IllegalStateException cause = new IllegalStateException("cause");
        ExtensionConfigurationException config = new ExtensionConfigurationException("bad declaration", cause);
        config.addSuppressed(new IllegalArgumentException("also"));
        RuntimeException noted = Environment.withNote(config, NOTE);
        assertThat(noted).isExactlyInstanceOf(ExtensionConfigurationException.class).hasMessage("bad declaration " + NOTE)
                .hasCause(cause);
        assertThat(noted.getStackTrace()).isEqualTo(config.getStackTrace());
        assertThat(noted.getSuppressed()).containsExactly(config.getSuppressed());

        assertThat(Environment.withNote(new BerthException("engine broke"), NOTE)).isExactlyInstanceOf(BerthException.class)
                .hasMessage("engine broke " + NOTE);
    }

    @Test
    @DisplayName("the engine's own refusal becomes a BerthException with the engine's sentence; other kinds are left alone")
    void engineAndOthers() {
        BadRequestException refused = new BadRequestException("{\"message\":\"conflict\"}");
        assertThat(Environment.withNote(refused, NOTE)).isExactlyInstanceOf(BerthException.class)
                .hasMessage("conflict " + NOTE).hasCause(refused);
        TestAbortedException aborted = new TestAbortedException("no engine");
        assertThat(Environment.withNote(aborted, NOTE)).isSameAs(aborted);
    }
}
