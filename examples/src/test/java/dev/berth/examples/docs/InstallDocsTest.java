package dev.berth.examples.docs;

import static dev.berth.assertions.BerthAssertions.assertThat;

import dev.berth.BerthContainer;
import dev.berth.DisabledWithoutDocker;
import dev.berth.WithContainer;
import org.junit.jupiter.api.Test;

/** The example of docs/install.md: a class that is skipped, not failed, where no Docker engine answers. */
// tag::skip[]
@DisabledWithoutDocker
@WithContainer(name = "cache", image = "busybox:1.35", command = {"sleep", "3600"})
class InstallDocsTest {
    @Test
    void runsWhereDockerIs(BerthContainer cache) {
        assertThat(cache).isRunning();
    }
}
// end::skip[]
