package dev.berth.examples.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.BerthContainer;
import dev.berth.BerthEnvironment;
import dev.berth.BerthException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The programmatic twins of the failure examples of docs/images.md, docs/compose-stack.md,
 * docs/wait-for.md and docs/scopes-and-injection.md: the same errors, naming the builder's field.
 */
class FailuresBuilderDocsTest {

    // tag::preflight-fixture[]
    @Fixture
    static class AbsentBase {
        @RegisterExtension
        static BerthEnvironment env = BerthEnvironment.builder()
                .image("docs/never:1", i -> i.context("src/test/resources/docs/images/absent-base"))
                .network("never-created")
                .build();

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
                .hasMessageStartingWith("Berth cannot start the environment of BerthEnvironment in field AbsentBase.env:"
                        + " 2 image(s) are not present locally and could not be pulled:\n"
                        + "  - docs/base-image:1 (needed by FROM in " + dockerfile
                        + " of @BuildImage(name = \"docs/never:1\") on BerthEnvironment in field AbsentBase.env): pull failed: ")
                .hasMessageEndingWith("or correct the image names. Nothing was created.");
        // end::preflight-message[]
    }

    // tag::offline-fixture[]
    @Fixture
    static class Offline {
        @RegisterExtension
        static BerthEnvironment env = BerthEnvironment.builder()
                .network("never-created")
                .composeStack("offline", s -> s.files("src/test/resources/docs/compose/offline.yml").pull("never"))
                .build();

        @Test
        void never() {
        }
    }
    // end::offline-fixture[]

    @Test
    void composeImagesThatAreMissingFailBeforeAnythingIsCreated() {
        FixtureRunner.Outcome run = FixtureRunner.run(Offline.class);
        // tag::offline-message[]
        assertThat(run.onlyClassFailure()).isInstanceOf(ExtensionConfigurationException.class).hasMessage("""
                Berth cannot start the environment of BerthEnvironment in field Offline.env: \
                2 image(s) are not present locally and could not be pulled:
                  - docs/not-built-yet:1 (needed by service app of @ComposeStack(name = "offline") on \
                BerthEnvironment in field Offline.env): not present, and the pull policy is never
                  - docs/not-built-either:2 (needed by service cache of @ComposeStack(name = "offline") on \
                BerthEnvironment in field Offline.env): not present, and the pull policy is never
                Fix: build them locally (docker build -t NAME ...), \
                pull them where a registry answers, or correct the image names. Nothing was created.""");
        // end::offline-message[]
    }

    // tag::exit-fixture[]
    @Fixture
    static class ExitsWhileWaiting {
        @RegisterExtension
        static BerthEnvironment env = BerthEnvironment.builder()
                .container("broken", c -> c.image("busybox:1.35").command("sh", "-c", "echo cannot read /etc/app.conf; exit 3")
                        .waitFor(w -> w.port(80)))
                .build();

        @Test
        void neverRuns() {
        }
    }
    // end::exit-fixture[]

    @Test
    void anExitFailsAtOnceWithTheLastLogLines() {
        FixtureRunner.Outcome run = FixtureRunner.run(ExitsWhileWaiting.class);
        assertThat(run.onlyClassFailure()).isInstanceOf(BerthException.class).hasMessage(
                "Container broken (busybox:1.35) exited with code 3 while waiting for port 80 to accept connections."
                + " Check its command and environment."
                + " Berth had created container broken, and has removed all of it.\n"
                + "Last 50 log lines of broken:\n"
                + "cannot read /etc/app.conf");
    }

    // tag::ambiguous-fixture[]
    @Fixture
    static class Ambiguous {
        @RegisterExtension
        static BerthEnvironment env = BerthEnvironment.builder()
                .container("a", c -> c.image("busybox:1.35").command("sleep", "3600"))
                .container("b", c -> c.image("busybox:1.35").command("sleep", "3600"))
                .build();

        @Test
        void which(BerthContainer container) {
        }
    }
    // end::ambiguous-fixture[]

    @Test
    void twoContainersNeedAName() {
        FixtureRunner.Outcome run = FixtureRunner.run(Ambiguous.class);
        assertThat(run.onlyTestFailure()).isInstanceOf(ParameterResolutionException.class).hasMessageEndingWith(
                ": 2 containers are declared [a, b]. Fix: say which with @Berth(\"a\").");
    }

    // tag::failing-fixture[]
    @Fixture
    static class FailingBuild {
        @RegisterExtension
        static BerthEnvironment env = BerthEnvironment.builder()
                .image("docs/failing-built:1", i -> i.context("src/test/resources/docs/images/failing"))
                .build();

        @Test
        void never() {
        }
    }
    // end::failing-fixture[]

    @Test
    void aFailingBuildNamesTheInstruction() {
        FixtureRunner.Outcome run = FixtureRunner.run(FailingBuild.class);
        String dir = System.getProperty("user.dir") + "/src/test/resources/docs/images/failing";
        assertThat(run.onlyClassFailure()).isInstanceOf(BerthException.class)
                .hasMessageStartingWith("""
                        @BuildImage(name = "docs/failing-built:1") on BerthEnvironment in field FailingBuild.env: \
                        building docs/failing-built:1 failed (docker build exit 1).
                        Failing instruction: [3/3] RUN sh -c 'echo about-to-fail; exit 3'
                        """)
                .hasMessageContaining(" about-to-fail\n")
                .hasMessageEndingWith("Fix the Dockerfile " + dir + "/Dockerfile (or the context " + dir + ").");
        assertThat(DockerCli.exists("docs/failing-built:1")).isFalse();
    }

    // tag::unhealthy-fixture[]
    @Fixture
    static class Unhealthy {
        @RegisterExtension
        static BerthEnvironment env = BerthEnvironment.builder()
                .composeStack("sick", s -> s.files("src/test/resources/docs/compose/unhealthy.yml")
                        .env("API_TOKEN", "${random.api-token}").waitTimeout("5s"))   // generated: masked like a written one
                .build();

        @Test
        void never() {
        }
    }
    // end::unhealthy-fixture[]

    @Test
    void anUnhealthyServiceIsReportedWithWhatComposeSawAndSecretsMasked() {
        FixtureRunner.Outcome run = FixtureRunner.run(Unhealthy.class, java.util.Map.of("berth.diagnostics.log-lines", "3"));
        Throwable failure = run.onlyClassFailure();
        assertThat(failure).isInstanceOf(BerthException.class);
        assertThat(normalised(failure.getMessage())).isEqualTo("""
                @ComposeStack(name = "sick") on BerthEnvironment in field Unhealthy.env: docker compose up failed (exit 1).
                compose said:
                     Network berth-sick-<run>_default  Creating
                     Network berth-sick-<run>_default  Created
                     Container berth-sick-<run>-sick-1  Creating
                     Container berth-sick-<run>-sick-1  Created
                     Container berth-sick-<run>-sick-1  Starting
                     Container berth-sick-<run>-sick-1  Started
                     Container berth-sick-<run>-sick-1  Waiting
                    container berth-sick-<run>-sick-1 is unhealthy
                docker compose ps -a:
                    sick	running	Up <n> seconds (unhealthy)
                -- service sick: running, health unhealthy
                   healthcheck exit 1: not ready
                   ...
                   last 3 log lines:
                    starting with ****
                Fix the stack (see above), or raise the wait with waitTimeout. The stack was taken down.""");
    }

    /** The varying parts of a stack failure, as ComposeStackDocsTest takes them out. */
    private static String normalised(String message) {
        return message.replaceAll("berth-sick-[0-9a-f]+-\\d+", "berth-sick-<run>")
                .replaceAll("Up [^\t\n(]+ \\(unhealthy\\)", "Up <n> seconds (unhealthy)")
                .replaceAll("(?m)^ *time=\"[^\"]*\" level=warning msg=\"The \\\\\"Unhealthy\\\\\" variable is not set\\. Defaulting to a blank string\\.\"\n", "")
                .replaceAll("(   healthcheck exit 1: not ready\n)(   healthcheck exit 1: not ready\n)+", "$1   ...\n");
    }
}
