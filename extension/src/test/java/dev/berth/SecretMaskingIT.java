package dev.berth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.LeakCheck.FixtureRun;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

/**
 * Masking in refusals made before anything exists (the rest of the channels: the secret probe,
 * {@link SecretGrepCheck}, and the diagnostics tests of {@link CleanupIT}).
 */
class SecretMaskingIT {

    @WithContainer(name = "app", image = "busybox:1.35", env = "DATABASE_URL mysql://root:cfg-url-pw-31@db/app",
            command = {"sleep", "3600"})
    static class MalformedEntryTestCases {
        @Test
        void never() {
        }
    }

    @Test
    @DisplayName("a malformed env entry is refused without printing the password of the URL in it")
    void malformedEntryIsMasked() {
        FixtureRun run = LeakCheck.execute(MalformedEntryTestCases.class).assertNothingLeftBehind();
        assertThat(run.createdCount()).isZero();
        assertThat(run.classFailure()).isInstanceOf(ExtensionConfigurationException.class)
                .hasMessageContaining("is not NAME=value")
                .hasMessageContaining("mysql://root:****@db/app")
                .hasMessageNotContaining("cfg-url-pw-31");
    }
}
