package dev.berth.examples.lessons;

import static dev.berth.assertions.BerthAssertions.assertThat;
import static dev.berth.assertions.BerthAssertions.assertThatImage;
import static dev.berth.examples.lessons.LessonSupport.docker;
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
 * Course, "도커 이미지 최적화": 1 a light base image, 3 temporary files removed in the RUN that made
 * them, 4 fewer layers, 5 .dockerignore, 6 configuration by environment instead of rebuilds, 7 pinned
 * tags (tip 2, multi-stage builds, is lesson 3a). The Dockerfiles are under
 * examples/src/test/resources/lessons/images/ (size-base, cleanup-later, cleanup-same-layer, dockerignore).
 */
@DisplayName("Lesson 3b: image size: a light base, cleaning up in the same RUN, fewer layers and .dockerignore make images smaller;"
        + " env configures without rebuilding; a pinned tag fixes the base")
// tag::declaration[]
// the same app on two bases: docker build --build-arg BASE=... (both tags pinned)
@BuildImage(context = "src/test/resources/lessons/images/size-base", name = "lesson/size:busybox",
        buildArgs = "BASE=busybox:1.35")
@BuildImage(context = "src/test/resources/lessons/images/size-base", name = "lesson/size:debian",
        buildArgs = "BASE=debian:bookworm-slim")
// an 8 MB download cache removed by a later RUN, or in the RUN that wrote it
@BuildImage(context = "src/test/resources/lessons/images/cleanup-later", name = "lesson/size:cleanup-later")
@BuildImage(context = "src/test/resources/lessons/images/cleanup-same-layer", name = "lesson/size:cleanup-same-layer")
// COPY . /app with a .dockerignore
@BuildImage(context = "src/test/resources/lessons/images/dockerignore", name = "lesson/size:dockerignore")
// one image, two configurations: docker run -e GREETING=...
@WithContainer(name = "staging", image = "lesson/size:busybox", env = "GREETING=hello staging")
@WithContainer(name = "production", image = "lesson/size:busybox", env = "GREETING=hello production")
// end::declaration[]
class Lesson03bImageSizeTest {

    // tag::proofs[]
    @Test
    @DisplayName("tip 1: the same app on busybox is over 100 MB smaller than on debian:bookworm-slim")
    void lightBase(@Berth("lesson/size:busybox") BerthImage busybox, @Berth("lesson/size:debian") BerthImage debian) {
        assertThat(busybox).isSmallerThan(debian.name()).hasSizeLessThan(5_000_000);
        assertThat(debian.sizeBytes() - busybox.sizeBytes()).isGreaterThan(100_000_000);
        assertThatImage(busybox.name()).file("/app/app.sh").contains("greeting: $GREETING");
        assertThatImage(debian.name()).file("/app/app.sh").contains("greeting: $GREETING");
    }

    @Test
    @DisplayName("tips 3 and 4: rm in a later RUN hides the cache but the image keeps its 8 MB; rm in the same RUN saves them and a layer")
    void cleanUpInTheSameLayer(@Berth("lesson/size:cleanup-later") BerthImage later,
                               @Berth("lesson/size:cleanup-same-layer") BerthImage same) {
        assertThatImage(later.name()).file("/var/cache/pkgs").doesNotExist();   // gone from the file system ...
        assertThatImage(same.name()).file("/var/cache/pkgs").doesNotExist();
        assertThat(later.sizeBytes() - same.sizeBytes())                         // ... but not from the layers
                .as("%s is %d bytes, %s is %d bytes", later.name(), later.sizeBytes(), same.name(), same.sizeBytes())
                .isGreaterThanOrEqualTo(8_388_608);
        assertThat(same).isSmallerThan(later.name()).hasAtMostLayers(later.layerCount() - 1);
        assertThatImage(same.name()).file("/installed.txt").hasContent("installed\n");
    }

    @Test
    @DisplayName("tip 5: .dockerignore keeps logs and build output out of the context, so out of COPY . /app")
    void dockerignore() {
        assertThatImage("lesson/size:dockerignore").file("/app/app.txt").hasContent("the application\n");
        assertThatImage("lesson/size:dockerignore").file("/app/Dockerfile").isRegularFile();
        assertThatImage("lesson/size:dockerignore").file("/app/debug.log").doesNotExist();
        assertThatImage("lesson/size:dockerignore").file("/app/build-output").doesNotExist();
    }

    @Test
    @DisplayName("tip 6: one image, two configurations through environment variables, no rebuild")
    void environmentInsteadOfRebuilds(@Berth("staging") BerthContainer staging,
                                      @Berth("production") BerthContainer production) {
        assertThat(staging.image()).isEqualTo(production.image()).isEqualTo("lesson/size:busybox");
        assertThat(staging).within(Duration.ofSeconds(10)).logContains("greeting: hello staging");
        assertThat(production).within(Duration.ofSeconds(10)).logContains("greeting: hello production");
        assertThatImage("lesson/size:busybox").hasEnv("GREETING", "hello from the image's default");
    }

    @Test
    @DisplayName("tip 7: a pinned tag fixes the base: the image is built on exactly busybox:1.35's layer")
    void pinnedTag(@Berth("lesson/size:busybox") BerthImage image) {
        String base = docker("image", "inspect", "--format", "{{index .RootFS.Layers 0}}", "busybox:1.35").strip();
        String built = docker("image", "inspect", "--format", "{{index .RootFS.Layers 0}}", image.name()).strip();
        assertThat(built).startsWith("sha256:").isEqualTo(base);
    }
    // end::proofs[]
}
