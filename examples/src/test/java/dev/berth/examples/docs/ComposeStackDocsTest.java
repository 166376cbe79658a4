package dev.berth.examples.docs;

import static dev.berth.assertions.BerthAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.Berth;
import dev.berth.BerthContainer;
import dev.berth.BerthException;
import dev.berth.BerthNetwork;
import dev.berth.BerthStack;
import dev.berth.ComposeStack;
import dev.berth.WithContainer;
import dev.berth.WithNetwork;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

/** The examples of docs/compose-stack.md. */
class ComposeStackDocsTest {

    @Nested
    // tag::stack[]
    @ComposeStack(name = "shop", files = "src/test/resources/docs/compose/shop.yml", env = "DB_PASSWORD=s3cret-pw")
    class Shop {
        @Test
        void servicesAreContainerHandles(BerthStack shop) {
            assertThat(shop.dockerName()).startsWith("berth-shop-");           // unique per scope
            assertThat(shop.services()).containsExactly("db", "web");
            BerthContainer web = shop.container("web");
        assertThat(web.networks()).containsExactly("back", "front");        // keys of the file, sorted
            assertThat(web).isHealthy().canReach("db", 5432)                     // up --wait waited for health
                    .servesHttp(80, "/").hasStatus(200).bodyContains("shop-home");
            assertThat(shop.hostPort("web", 80)).isEqualTo(web.hostPort(80));   // compose's own published port
            assertThat(shop.exec("db", "sh", "-c", "echo hi > /data/x").exitCode()).isZero();
            assertThat(shop.volume("data")).file("/x").hasContent("hi\n");     // keys of the compose file
            assertThat(shop.network("back").dockerName()).isEqualTo(shop.dockerName() + "_back");
            assertThat(shop.logs("db")).contains("db ready");
        }
    }
    // end::stack[]

    @Nested
    // tag::parallel[]
    @ComposeStack(name = "blue", files = "src/test/resources/docs/compose/shop.yml", env = "DB_PASSWORD=blue-pw")
    @ComposeStack(name = "green", files = "src/test/resources/docs/compose/shop.yml", env = "DB_PASSWORD=green-pw")
    class TwoCopies {
        @Test
        void sameFileTwoProjects(@Berth("blue") BerthStack blue, @Berth("green") BerthStack green) {
            assertThat(blue.dockerName()).startsWith("berth-blue-").isNotEqualTo(green.dockerName());
            assertThat(blue.container("web")).resolvesTo("db", blue.container("db"));  // each stack its own "db"
            assertThat(blue.network("back").dockerName()).isNotEqualTo(green.network("back").dockerName());
            assertThat(blue.exec("web", "sh", "-c", "echo $DB_PASSWORD").stdout()).isEqualTo("blue-pw\n");
        }
    }
    // end::parallel[]

    @Nested
    // tag::sharing[]
    @WithNetwork(name = "shared")                                                      // passed as BERTH_NETWORK_SHARED
    @ComposeStack(name = "api", files = "src/test/resources/docs/compose/api.yml")
    @WithContainer(name = "client", image = "busybox:1.35", networks = "shared", command = {"sleep", "3600"})
    @WithContainer(name = "sidecar", image = "busybox:1.35", networks = "api/default", command = {"sleep", "3600"})
    class Sharing {
        @Test
        void bothWays(BerthStack api, @Berth("client") BerthContainer client, @Berth("sidecar") BerthContainer sidecar,
                      @Berth("shared") BerthNetwork shared) {
            assertThat(client).canReach("api", 8080).cannotResolve("worker");   // into the stack, on "shared"
            assertThat(sidecar).canResolve("worker").canReach("api", 8080);     // on the stack's own network
            assertThat(api.network("shared").dockerName()).isEqualTo(shared.dockerName());
            assertThat(api.container("api")).canResolve("client");
        }
    }
    // end::sharing[]

    // ------------------------------------------------------------------ teardown

    @Fixture
    @ComposeStack(name = "shop", files = "src/test/resources/docs/compose/shop.yml", env = "DB_PASSWORD=s3cret-pw")
    static class Recorded {
        static final AtomicReference<String> PROJECT = new AtomicReference<>();

        @Test
        void up(BerthStack shop) {
            PROJECT.set(shop.dockerName());
        }
    }

    @Test
    void downRemovesEverythingOfTheProject() {
        FixtureRunner.Outcome run = FixtureRunner.run(Recorded.class);
        assertThat(run.testFailures()).isEmpty();
        assertThat(run.classFailures()).isEmpty();
        String project = Recorded.PROJECT.get();
        String label = "label=com.docker.compose.project=" + project;
        // tag::teardown[]
        assertThat(DockerCli.docker("ps", "-aq", "--filter", label)).isEmpty();
        assertThat(DockerCli.docker("network", "ls", "-q", "--filter", label)).isEmpty();
        assertThat(DockerCli.docker("volume", "ls", "-q", "--filter", label)).isEmpty();  // down -v: volumes too
        // end::teardown[]
    }

    // ------------------------------------------------------------------ failures

    @Fixture
    // tag::unhealthy-fixture[]
    @ComposeStack(name = "sick", files = "src/test/resources/docs/compose/unhealthy.yml", env = "API_TOKEN=tok-123-secret",
            waitTimeout = "5s")
    static class Unhealthy {
        @Test
        void never() {
        }
    }
    // end::unhealthy-fixture[]

    @Test
    void anUnhealthyServiceIsReportedWithWhatComposeSawAndSecretsMasked() {
        FixtureRunner.Outcome run = FixtureRunner.run(Unhealthy.class, Map.of("berth.diagnostics.log-lines", "3"));
        Throwable failure = run.onlyClassFailure();
        assertThat(failure).isInstanceOf(BerthException.class);
        // tag::unhealthy-message[]
        assertThat(normalised(failure.getMessage())).isEqualTo("""
                @ComposeStack(name = "sick") on class dev.berth.examples.docs.ComposeStackDocsTest$Unhealthy: docker compose up failed (exit 1).
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
        // end::unhealthy-message[]
        assertThat(failure.getMessage()).doesNotContain("tok-123-secret");
        assertThat(run.stderr()).doesNotContain("tok-123-secret");
    }

    /**
     * The varying parts of a stack failure: the project's run id, uptimes, and how many failed
     * healthchecks ran before the report (two or more). Compose's warnings that a "$Unhealthy"
     * variable is not set come from Berth's scope label (the JUnit id of a static nested class)
     * being interpolated in its override file; they are dropped here.
     */
    private static String normalised(String message) {
        return message.replaceAll("berth-sick-[0-9a-f]+-\\d+", "berth-sick-<run>")
                .replaceAll("Up [^\t\n(]+ \\(unhealthy\\)", "Up <n> seconds (unhealthy)")
                .replaceAll("(?m)^ *time=\"[^\"]*\" level=warning msg=\"The \\\\\"Unhealthy\\\\\" variable is not set\\. Defaulting to a blank string\\.\"\n", "")
                .replaceAll("(   healthcheck exit 1: not ready\n)(   healthcheck exit 1: not ready\n)+", "$1   ...\n");
    }

    @Fixture
    // tag::offline-fixture[]
    @WithNetwork(name = "never-created")
    @ComposeStack(name = "offline", files = "src/test/resources/docs/compose/offline.yml", pull = "never")
    static class Offline {
        @Test
        void never() {
        }
    }
    // end::offline-fixture[]

    @Test
    void missingImagesAreListedBeforeAnythingIsCreated() {
        FixtureRunner.Outcome run = FixtureRunner.run(Offline.class);
        // tag::offline-message[]
        assertThat(run.onlyClassFailure()).isInstanceOf(ExtensionConfigurationException.class).hasMessage("""
                Berth cannot start the environment of class dev.berth.examples.docs.ComposeStackDocsTest$Offline: \
                2 image(s) are not present locally and could not be pulled:
                  - docs/not-built-yet:1 (needed by service app of @ComposeStack(name = "offline") on class \
                dev.berth.examples.docs.ComposeStackDocsTest$Offline): not present, and the pull policy is never
                  - docs/not-built-either:2 (needed by service cache of @ComposeStack(name = "offline") on class \
                dev.berth.examples.docs.ComposeStackDocsTest$Offline): not present, and the pull policy is never
                Fix: build them locally (docker build -t NAME ...), \
                pull them where a registry answers, or correct the image names. Nothing was created.""");
        // end::offline-message[]
    }
}
