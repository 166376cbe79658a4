package dev.berth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.LeakCheck.FixtureRun;
import dev.berth.testkit.Fixtures;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

/**
 * Messages written for the users of the library, on the real engine: the engine's sentence
 * without its HTTP status and JSON, no stack trace logged for an expected failure (a missing
 * image), and a failure half-way through creation that says what was created and removed.
 */
class UserMessagesIT {

    @WithContainer(name = "ghost", image = "berth-missing/user-messages-image:1.0")
    static class MissingImageTestCases {
        @Test
        void never() {
        }
    }

    @Test
    @DisplayName("a missing image that cannot be pulled: one clear failure, no logged stack trace, no engine JSON")
    void missingImageIsQuiet() {
        Fixtures.Run run = Fixtures.run(List.of(MissingImageTestCases.class), Map.of(), Path.of("target", "fixture-outputs"));

        assertThat(run.classFailures()).hasSize(1);
        Throwable failure = run.classFailures().get(0);
        assertThat(failure).isInstanceOf(ExtensionConfigurationException.class)
                .hasMessageContaining("berth-missing/user-messages-image:1.0 (needed by @WithContainer(name = \"ghost\")")
                .hasMessageContaining("pull failed: ")
                .hasMessageNotContaining("{\"message\"")
                .hasMessageNotContaining("Status 5")
                .hasMessageNotContaining("Status 4");
        assertThat(run.stderr()).as("what the run logged")
                .doesNotContain("ResultCallbackTemplate")
                .doesNotContain("Error during callback")
                .doesNotContainPattern("(?m)^\\s+at [a-z]");
    }

    @WithContainer(name = "first", image = "busybox:1.35", command = {"sleep", "3600"})
    @WithContainer(name = "second", image = "busybox:1.35", dependsOn = "first", command = {"/no/such/program"})
    static class StartFailsHalfWayTestCases {
        @Test
        void never() {
        }
    }

    @Test
    @DisplayName("a container that cannot start: the engine's sentence, and what was created and has been removed")
    void halfWayFailureSaysWhatWasRemoved() {
        FixtureRun run = LeakCheck.execute(StartFailsHalfWayTestCases.class).assertNothingLeftBehind();

        assertThat(run.createdContainers()).anyMatch(n -> n.startsWith("first-")).anyMatch(n -> n.startsWith("second-"));
        assertThat(run.classFailure()).isInstanceOf(BerthException.class)
                .hasMessageContaining("the container could not start: ")
                .hasMessageContaining("/no/such/program")
                .hasMessageContaining("Berth had created container first, container second, and has removed all of it.")
                .hasMessageNotContaining("{\"message\"")
                .hasMessageNotContaining("Status 4")
                .hasMessageNotContaining("Status 5");
    }
}
