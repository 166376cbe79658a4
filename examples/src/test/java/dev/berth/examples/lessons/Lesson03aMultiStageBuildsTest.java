package dev.berth.examples.lessons;

import static dev.berth.assertions.BerthAssertions.assertThat;
import static dev.berth.assertions.BerthAssertions.assertThatImage;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.Berth;
import dev.berth.BerthContainer;
import dev.berth.BerthImage;
import dev.berth.BuildImage;
import dev.berth.WithContainer;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Course, image optimisation tip 2 and the two-stage sample Dockerfile: "multi-stage builds keep
 * the tools needed only for building out of the final image; later stages take only the artifacts
 * of the first one". The 8 MB file /toolchain/cc stands in for a compiler (Maven and a JDK in the
 * course's sample). The Dockerfile is examples/src/test/resources/lessons/images/multistage/Dockerfile.
 */
@DisplayName("Lesson 3a: a multi-stage build ships only the runtime stage: smaller, without the build tools; --target picks a stage")
// tag::declaration[]
// docker build --target build -t lesson/multistage:build .   -> stops after the build stage
@BuildImage(context = "src/test/resources/lessons/images/multistage", name = "lesson/multistage:build", target = "build")
// docker build -t lesson/multistage:runtime .                 -> the last stage, runtime
@BuildImage(context = "src/test/resources/lessons/images/multistage", name = "lesson/multistage:runtime")
@WithContainer(name = "app", image = "lesson/multistage:runtime")
// end::declaration[]
class Lesson03aMultiStageBuildsTest {

    // tag::proofs[]
    @Test
    @DisplayName("the runtime image is at least 8 MB (the toolchain) smaller than the build stage")
    void runtimeIsSmaller(@Berth("lesson/multistage:runtime") BerthImage runtime,
                          @Berth("lesson/multistage:build") BerthImage build) {
        assertThat(runtime.sizeBytes()).isLessThan(build.sizeBytes() - 8_000_000);
        assertThat(runtime).isSmallerThan(build.name());
    }

    @Test
    @DisplayName("the toolchain stayed in the build stage; the runtime stage has only the built app")
    void noBuildToolsInRuntime() {
        assertThatImage("lesson/multistage:build").file("/toolchain/cc").isRegularFile();
        assertThatImage("lesson/multistage:build").file("/src/app.sh").isRegularFile();
        assertThatImage("lesson/multistage:runtime").file("/toolchain/cc").doesNotExist();
        assertThatImage("lesson/multistage:runtime").file("/src/app.sh").doesNotExist();
        assertThatImage("lesson/multistage:runtime").file("/app/app").hasMode("0755");
    }

    @Test
    @DisplayName("--target selects the stage: the build stage has no ENTRYPOINT, the runtime stage does, and it runs")
    void targetSelectsTheStage(@Berth("lesson/multistage:build") BerthImage build,
                               @Berth("lesson/multistage:runtime") BerthImage runtime,
                               @Berth("app") BerthContainer app) {
        assertThat(build.entrypoint()).isEmpty();
        assertThat(runtime).hasEntrypoint("/app/app");
        assertThat(app).within(Duration.ofSeconds(10)).hasExitedWithCode(0).logContains("hello from the runtime stage");
    }
    // end::proofs[]
}
