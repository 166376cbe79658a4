package dev.berth.examples.docs;

import static dev.berth.assertions.BerthAssertions.assertThat;
import static dev.berth.assertions.BerthAssertions.assertThatImage;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.Berth;
import dev.berth.BerthContainer;
import dev.berth.BerthException;
import dev.berth.BerthImage;
import dev.berth.BuildImage;
import dev.berth.WithContainer;
import dev.berth.WithNetwork;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

/** The examples of docs/images.md. */
class ImagesDocsTest {

    @Nested
    // tag::build[]
    @BuildImage(context = "src/test/resources/docs/images/app", name = "docs/app:fat", target = "build", keep = false)
    @BuildImage(context = "src/test/resources/docs/images/app", name = "docs/app:slim", target = "runtime",
            labels = "org.opencontainers.image.title=docs app", keep = false)
    @WithContainer(name = "app", image = "docs/app:slim")           // containers may run what was built
    class Built {
        @Test
        void factsOfTheBuiltImage(@Berth("docs/app:slim") BerthImage slim, @Berth("app") BerthContainer app) {
            assertThat(slim.wasBuilt()).isTrue();                      // false when the cache matched
            assertThat(slim.user()).isEqualTo("app");
            assertThat(slim.entrypoint()).containsExactly("/app/run");
            assertThat(slim.exposedPorts()).containsExactly("8080/tcp");
            assertThat(slim.history()).anyMatch(h -> h.startsWith("COPY /out/run /app/run"));
            assertThat(app).within(Duration.ofSeconds(10)).hasExitedWithCode(0).logContains("hello from the app");
        }
        // end::build[]

        @Test
        void assertionsOnTheImage(@Berth("docs/app:slim") BerthImage slim) {
            // tag::assertions[]
            assertThat(slim).isSmallerThan("docs/app:fat").hasSizeLessThan(5_000_000).hasAtMostLayers(7)
                    .historyContains("USER app").historyDoesNotContain("/toolchain/cc")
                    .hasEnv("APP_MODE", "production").exposesPort(8080).hasWorkdir("/app")
                    .runsAsUser("app").doesNotRunAsRoot()
                    .hasLabel("org.opencontainers.image.title", "docs app")
                    .hasEntrypoint("/app/run").hasCmd("--serve")
                    .doesNotLeakSecrets();
            assertThat(slim).file("/app/run").isRegularFile().hasMode("0755").contains("hello from the app");
            assertThat(slim).file("/toolchain/cc").doesNotExist();       // stayed in the build stage
            assertThatImage("docs/app:fat").file("/toolchain/cc").exists();
            assertThatImage("docs/app:slim").file("/app/config/app.conf").hasContent("mode=fast\n");
            assertThatImage("docs/app:slim").file("/app/config/debug.log").doesNotExist(); // .dockerignore
            // end::assertions[]
        }

        @Test
        void assertionFailures() {
            // tag::assertion-failures[]
            assertThatThrownBy(() -> assertThatImage("docs/app:fat").doesNotRunAsRoot())
                    .hasMessage("Expecting image docs/app:fat not to run as root but it runs as root"
                            + " (the Dockerfile sets no USER). Add a USER instruction.");
            assertThatThrownBy(() -> assertThatImage("docs/app:slim").exposesPort(9090))
                    .hasMessage("Expecting image docs/app:slim to expose 9090/tcp but it exposes [8080/tcp]");
            // end::assertion-failures[]
        }
    }

    @Nested
    // tag::leaky[]
    @BuildImage(context = "src/test/resources/docs/images/leaky", name = "docs/leaky:1", keep = false,
            buildArgs = "API_TOKEN=tok-abc-123")                      // ARG used by a RUN: recorded in the history
    class SecretHygiene {
        @Test
        void secretsBakedIntoTheImageAreFound() {
            assertThatThrownBy(() -> assertThatImage("docs/leaky:1").doesNotLeakSecrets("tok-abc-123"))
                    .hasMessage("""
                            Expecting image docs/leaky:1 to hold no secrets but 4 leak(s) were found:
                              - env DB_PASSWORD=****
                              - history entry 6 sets DB_PASSWORD=**** (ENV DB_PASSWORD=****)
                              - history entry 7 sets API_TOKEN=**** (RUN |1 API_TOKEN=**** /bin/sh -c test -n "$API_TOKEN" \
                            && echo "fetched dependencies" # buildkit)
                              - history entry 7: RUN |1 API_TOKEN=**** /bin/sh -c test -n "$API_TOKEN" \
                            && echo "fetched dependencies" # buildkit
                            Pass secrets at run time (env, mounted secret files, BuildKit --secret mounts), \
                            never as ENV or ARG values.""");
        }
    }
    // end::leaky[]

    // ------------------------------------------------------------------ the cache and keep

    // tag::cache-fixtures[]
    @Fixture
    @BuildImage(context = "src/test/resources/docs/images/cached", name = "docs/cached:1")             // keep = true
    static class Kept {
        static final AtomicReference<Boolean> BUILT = new AtomicReference<>();

        @Test
        void build(BerthImage image) {
            BUILT.set(image.wasBuilt());
        }
    }

    @Fixture
    @BuildImage(context = "src/test/resources/docs/images/cached", name = "docs/cached:1", keep = false)
    static class Removed {
        static final AtomicReference<Boolean> BUILT = new AtomicReference<>();

        @Test
        void build(BerthImage image) {
            Removed.BUILT.set(image.wasBuilt());
        }
    }
    // end::cache-fixtures[]

    @Test
    void theCacheAndKeep() {
        FixtureRunner.Outcome removed = FixtureRunner.run(Removed.class);          // whatever was there is gone after
        assertThat(removed.testsSucceeded()).isEqualTo(1);
        assertThat(DockerCli.exists("docs/cached:1")).isFalse();
        // tag::cache[]
        FixtureRunner.Outcome first = FixtureRunner.run(Kept.class);
        assertThat(Kept.BUILT.get()).isTrue();
        assertThat(first.stderr()).contains("Berth builds docs/cached:1: no such image yet",
                "[build docs/cached:1] #1 [internal] load build definition from Dockerfile", "Berth built docs/cached:1 in ");
        FixtureRunner.Outcome second = FixtureRunner.run(Kept.class);               // same inputs: no build at all
        assertThat(Kept.BUILT.get()).isFalse();
        assertThat(second.stderr()).containsPattern("Berth reuses docs/cached:1 \\(build inputs unchanged, hash [0-9a-f]{32}\\)")
                .doesNotContain("[build docs/cached:1]");
        FixtureRunner.Outcome last = FixtureRunner.run(Removed.class);             // keep = false: reused, then removed
        assertThat(Removed.BUILT.get()).isFalse();
        assertThat(DockerCli.exists("docs/cached:1")).isFalse();
        // end::cache[]
        assertThat(List.of(first, second, last)).allMatch(o -> o.testsSucceeded() == 1);
    }

    // ------------------------------------------------------------------ failures

    @Fixture
    // tag::preflight-fixture[]
    @BuildImage(context = "src/test/resources/docs/images/absent-base", name = "docs/never:1")
    @WithNetwork(name = "never-created")
    static class AbsentBase {
        @Test
        void never() {
        }
    }
    // end::preflight-fixture[]

    @Test
    void missingBaseImagesAreReportedBeforeAnythingIsBuilt() {
        FixtureRunner.Outcome run = FixtureRunner.run(AbsentBase.class);
        String dockerfile = System.getProperty("user.dir") + "/src/test/resources/docs/images/absent-base/Dockerfile";
        // tag::preflight-message[]
        assertThat(run.onlyClassFailure()).isInstanceOf(ExtensionConfigurationException.class)
                .hasMessageStartingWith("Berth cannot start the environment of class dev.berth.examples.docs.ImagesDocsTest$AbsentBase:"
                        + " 2 image(s) are not present locally and could not be pulled:\n"
                        + "  - docs/base-image:1 (needed by FROM in " + dockerfile   // ARG BASE substituted
                        + " of @BuildImage(name = \"docs/never:1\") on class dev.berth.examples.docs.ImagesDocsTest$AbsentBase): pull failed: ")
                .hasMessageContaining("\n  - docs/runtime-base:2 (needed by FROM in " + dockerfile)
                .hasMessageEndingWith("or correct the image names. Nothing was created.");
        // end::preflight-message[]
        assertThat(run.stderr()).doesNotContain("[build docs/never:1]");
    }

    @Fixture
    // tag::failing-fixture[]
    @BuildImage(context = "src/test/resources/docs/images/failing", name = "docs/failing:1")
    static class FailingBuild {
        @Test
        void never() {
        }
    }
    // end::failing-fixture[]

    @Test
    void aFailingBuildNamesTheInstruction() {
        FixtureRunner.Outcome run = FixtureRunner.run(FailingBuild.class);
        String dir = System.getProperty("user.dir") + "/src/test/resources/docs/images/failing";
        // tag::failing-message[]
        assertThat(run.onlyClassFailure()).isInstanceOf(BerthException.class)
                .hasMessageStartingWith("""
                        @BuildImage(name = "docs/failing:1") on class dev.berth.examples.docs.ImagesDocsTest$FailingBuild: \
                        building docs/failing:1 failed (docker build exit 1).
                        Failing instruction: [3/3] RUN sh -c 'echo about-to-fail; exit 3'
                        Builder error: failed to solve: process "/bin/sh -c sh -c 'echo about-to-fail; exit 3'" \
                        did not complete successfully: exit code: 3
                        Last lines of the build output:
                        """)
                .hasMessageContaining(" about-to-fail\n")
                .hasMessageEndingWith("Fix the Dockerfile " + dir + "/Dockerfile (or the context " + dir + ").");
        // end::failing-message[]
        assertThat(DockerCli.exists("docs/failing:1")).isFalse();
    }
}
