package dev.berth;

import static dev.berth.assertions.BerthAssertions.assertThat;
import static dev.berth.assertions.BerthAssertions.assertThatImage;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.internal.Config;
import dev.berth.internal.ImageBuild;
import dev.berth.internal.Specs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.io.TempDir;

/** {@link BuildImage}, image facts and image assertions on the real engine. */
@HostExclusive("image-tags-of-ImageTests") // a fixed host-wide resource: two suites at once must not overlap here
class ImageIT {

    @Nested
    @DisplayName("built images and their facts")
    @BuildImage(context = "src/test/resources/images/single", name = "berth-test/app:single")
    @BuildImage(context = "src/test/resources/images/multi", name = "berth-test/app:multi", target = "runtime",
            labels = "stage=runtime")
    @BuildImage(context = "src/test/resources/images/ignored", name = "berth-test/ignored:1")
    @BuildImage(context = "src/test/resources/images/nonroot", name = "berth-test/nonroot:1")
    @WithContainer(name = "app", image = "berth-test/app:multi")
    class Facts {

        @Test
        @DisplayName("the multi-stage image is smaller, has no toolchain, and the target stage was honoured")
        void multiStage(@Berth("berth-test/app:multi") BerthImage multi, @Berth("berth-test/app:single") BerthImage single) {
            assertThat(multi.sizeBytes()).isLessThan(single.sizeBytes() - 4_000_000);
            assertThat(multi).isSmallerThan("berth-test/app:single").hasEntrypoint("/app/run").hasWorkdir("/app")
                    .hasLabel("stage", "runtime");
            assertThat(multi.env()).noneMatch(e -> e.startsWith("DEBUG=")); // the later "debug" stage was not built
            assertThatImage("berth-test/app:multi").file("/toolchain/cc").doesNotExist();
            assertThatImage("berth-test/app:single").file("/toolchain/cc").isRegularFile();
            assertThatImage("berth-test/app:multi").file("/app/run").hasMode("0755").contains("app says hi");
        }

        @Test
        @DisplayName("configuration facts: env, exposed ports, workdir, cmd, labels, history, layers")
        void configuration(@Berth("berth-test/app:single") BerthImage single) {
            assertThat(single).hasEnv("APP_MODE", "production").exposesPort(8080).hasWorkdir("/app").hasCmd("/app/run")
                    .hasLabel("org.opencontainers.image.title", "single-stage app")
                    .historyContains("head -c 4194304 /dev/zero").hasAtMostLayers(single.layerCount());
            assertThat(single.history()).anyMatch(h -> h.contains("EXPOSE"));
            assertThat(single.labels()).containsKey(ImageBuild.HASH_LABEL);
            assertThatThrownBy(() -> assertThat(single).hasAtMostLayers(1)).hasMessageContaining("to have at most 1 layers but it has");
            assertThatThrownBy(() -> assertThat(single).exposesPort(9090)).hasMessageContaining("to expose 9090/tcp but it exposes [8080/tcp]");
        }

        @Test
        @DisplayName(".dockerignore kept files out of the build context")
        void dockerignore() {
            assertThatImage("berth-test/ignored:1").file("/ctx/kept.txt").hasContent("kept\n");
            assertThatImage("berth-test/ignored:1").file("/ctx/secret.txt").doesNotExist();
            assertThatImage("berth-test/ignored:1").file("/ctx/debug.log").doesNotExist();
            assertThatImage("berth-test/ignored:1").file("/ctx/build/drop.o").doesNotExist();
            assertThatImage("berth-test/ignored:1").file("/ctx/build/keep.me").exists();
        }

        @Test
        @DisplayName("USER: one image runs as root, the other does not")
        void user() {
            assertThatImage("berth-test/nonroot:1").doesNotRunAsRoot().runsAsUser("app");
            assertThatThrownBy(() -> assertThatImage("berth-test/app:single").doesNotRunAsRoot())
                    .hasMessageContaining("runs as root (the Dockerfile sets no USER)");
        }

        @Test
        @DisplayName("containers of the scope run the built image")
        void containerRunsIt(@Berth("app") BerthContainer app) {
            assertThat(app).within(java.time.Duration.ofSeconds(10)).hasExitedWithCode(0).logContains("app says hi");
        }
    }

    @Nested
    @DisplayName("secret hygiene")
    @BuildImage(context = "src/test/resources/images/leaky", name = "berth-test/leaky:1", buildArgs = "API_TOKEN=tok-abcdef-123")
    class SecretHygiene {
        @Test
        @DisplayName("secrets in ENV and in build args used by RUN are found, and shown masked")
        void leaks() {
            assertThatThrownBy(() -> assertThatImage("berth-test/leaky:1").doesNotLeakSecrets("tok-abcdef-123"))
                    .hasMessageContaining("leak(s) were found")
                    .hasMessageContaining("env DB_PASSWORD=****")
                    .hasMessageContaining("sets API_TOKEN=****")
                    .hasMessageNotContaining("tok-abcdef-123")
                    .hasMessageNotContaining("hunter2-baked-in");
            assertThatImage("busybox:1.35").doesNotLeakSecrets("tok-abcdef-123");
        }
    }

    @Test
    @DisplayName("the cache: an unchanged context is reused without building, a changed one is rebuilt")
    void cache(@TempDir Path context) throws IOException {
        Files.writeString(context.resolve("Dockerfile"), "FROM busybox:1.35\nCOPY data.txt /data.txt\n");
        Files.writeString(context.resolve("data.txt"), "one\n");
        Files.writeString(context.resolve("ignored.tmp"), "noise\n");
        Files.writeString(context.resolve(".dockerignore"), "*.tmp\n");
        Specs.BuildSpec spec = new Specs.BuildSpec(context, "berth-test/cache:1", context.resolve("Dockerfile"), List.of(), "",
                Map.of(), true, new Specs.Origin("BuildImage", "berth-test/cache:1", "test"));
        Config config = Config.fromSystemProperties();
        ImageBuild.ensureBuilt(spec, config);
        assertThat(ImageBuild.ensureBuilt(spec, config)).as("second build of an unchanged context").isFalse();
        Files.writeString(context.resolve("ignored.tmp"), "changed noise\n");
        assertThat(ImageBuild.ensureBuilt(spec, config)).as("a change in an ignored file").isFalse();
        Files.writeString(context.resolve("data.txt"), "two\n");
        assertThat(ImageBuild.ensureBuilt(spec, config)).as("a change in a context file").isTrue();
        assertThatImage("berth-test/cache:1").file("/data.txt").hasContent("two\n");
        ImageBuild.remove("berth-test/cache:1");
    }

    @Test
    @DisplayName("a Dockerfile that fails names the failing instruction and shows its output")
    void failingBuild() {
        LeakCheck.FixtureRun run = LeakCheck.execute(FailingBuildTestCases.class).assertNothingLeftBehind();
        assertThat(run.classFailure()).isInstanceOf(BerthException.class)
                .hasMessageContaining("building berth-test/failing:1 failed")
                .hasMessageContaining("Failing instruction: [3/4] RUN sh -c 'echo about-to-fail; exit 3'")
                .hasMessageContaining("about-to-fail")
                .hasMessageContaining("exit code: 3");
        assertThat(run.createdNetworks()).isEmpty();
    }

    @Test
    @DisplayName("missing context, missing Dockerfile and unknown target stage are refused before building")
    void badInput() {
        assertThat(LeakCheck.execute(MissingContextTestCases.class).assertNothingLeftBehind().classFailure())
                .isInstanceOf(ExtensionConfigurationException.class)
                .hasMessageContaining("@BuildImage(name = \"berth-test/nothing:1\")")
                .hasMessageContaining("the build context \"src/test/resources/images/nowhere\" is not a directory");
        assertThat(LeakCheck.execute(MissingDockerfileTestCases.class).assertNothingLeftBehind().classFailure())
                .hasMessageContaining("Dockerfile.prod does not exist");
        assertThat(LeakCheck.execute(UnknownTargetTestCases.class).assertNothingLeftBehind().classFailure())
                .hasMessageContaining("target stage \"production\" is not in")
                .hasMessageContaining("stages: [build, runtime, debug]");
    }

    @Test
    @DisplayName("preflight: FROM images that are missing are listed together, before anything is built or created")
    void preflightFromLines() {
        LeakCheck.FixtureRun run = LeakCheck.execute(AbsentBaseTestCases.class).assertNothingLeftBehind();
        assertThat(run.classFailure()).isInstanceOf(ExtensionConfigurationException.class)
                .hasMessageContaining("2 image(s) are not present locally")
                .hasMessageContaining("berth-test/absent-base:1 (needed by FROM in")
                .hasMessageContaining("berth-test/also-absent:2");
        assertThat(run.createdCount()).isZero();
    }

    @Test
    @DisplayName("preflight: images of test methods' declarations are checked before the class starts anything")
    void preflightCoversTestMethods() {
        LeakCheck.FixtureRun run = LeakCheck.execute(MethodImagesTestCases.class).assertNothingLeftBehind();
        assertThat(run.classFailure()).isInstanceOf(ExtensionConfigurationException.class)
                .hasMessageContaining("(class and test methods): 2 image(s) are not present locally")
                .hasMessageContaining("berth-test/method-one:1 (needed by @WithContainer(name = \"one\") on method")
                .hasMessageContaining("berth-test/method-two:1 (needed by @WithContainer(name = \"two\") on method");
        run.results().testEvents().assertStatistics(stats -> stats.started(0));
        assertThat(run.createdCount()).isZero();
    }

    @Test
    @DisplayName("preflight: the class's builders join the check of its test methods' images, before anything starts")
    void preflightCoversBuilders() {
        LeakCheck.FixtureRun run = LeakCheck.execute(MethodImagesWithBuilderTestCases.class).assertNothingLeftBehind();
        assertThat(run.classFailure()).isInstanceOf(ExtensionConfigurationException.class)
                .hasMessageContaining("(class and test methods): 2 image(s) are not present locally")
                .hasMessageContaining("berth-test/builder-one:1 (needed by @WithContainer(name = \"one\") on BerthEnvironment in field"
                        + " MethodImagesWithBuilderTestCases.env")
                .hasMessageContaining("berth-test/method-two:1 (needed by @WithContainer(name = \"two\") on method");
        run.results().testEvents().assertStatistics(stats -> stats.started(0));
        assertThat(run.createdCount()).isZero();
    }

    static class MethodImagesWithBuilderTestCases {
        @org.junit.jupiter.api.extension.RegisterExtension
        static BerthEnvironment env = BerthEnvironment.builder()
                .network("class-net")
                .container("one", c -> c.image("berth-test/builder-one:1").networks("class-net"))
                .build();

        @Test
        @WithContainer(name = "two", image = "berth-test/method-two:1", networks = "class-net")
        void usesTwo() {
        }
    }

    @WithNetwork(name = "class-net")
    static class MethodImagesTestCases {
        @Test
        void plain() {
        }

        @Test
        @WithContainer(name = "one", image = "berth-test/method-one:1")
        void first() {
        }

        @Test
        @WithContainer(name = "two", image = "berth-test/method-two:1")
        void second() {
        }
    }

    @BuildImage(context = "src/test/resources/images/failing", name = "berth-test/failing:1")
    @WithNetwork(name = "never-created")
    static class FailingBuildTestCases {
        @Test
        void never() {
        }
    }

    @BuildImage(context = "src/test/resources/images/nowhere", name = "berth-test/nothing:1")
    static class MissingContextTestCases {
        @Test
        void never() {
        }
    }

    @BuildImage(context = "src/test/resources/images/single", name = "berth-test/nothing:2", dockerfile = "Dockerfile.prod")
    static class MissingDockerfileTestCases {
        @Test
        void never() {
        }
    }

    @BuildImage(context = "src/test/resources/images/multi", name = "berth-test/nothing:3", target = "production")
    static class UnknownTargetTestCases {
        @Test
        void never() {
        }
    }

    @BuildImage(context = "src/test/resources/images/absent-base", name = "berth-test/nothing:4")
    @WithNetwork(name = "never-created")
    static class AbsentBaseTestCases {
        @Test
        void never() {
        }
    }
}
