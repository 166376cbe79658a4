package dev.berth.examples.docs;

import static dev.berth.assertions.BerthAssertions.assertThat;

import dev.berth.BerthEnvironment;
import dev.berth.DisabledWithoutDocker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The programmatic twin of the example of docs/install.md. */
// tag::skip[]
@DisabledWithoutDocker
class InstallBuilderDocsTest {
    @RegisterExtension
    static BerthEnvironment env = BerthEnvironment.builder()
            .container("cache", c -> c.image("busybox:1.35").command("sleep", "3600"))
            .build();

    @Test
    void runsWhereDockerIs() {
        assertThat(env.container("cache")).isRunning();
    }
}
// end::skip[]
