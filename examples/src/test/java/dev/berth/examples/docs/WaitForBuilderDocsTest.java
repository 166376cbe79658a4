package dev.berth.examples.docs;

import static dev.berth.assertions.BerthAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.BerthEnvironment;
import dev.berth.BerthException;
import java.time.Duration;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The programmatic twins of the examples of docs/wait-for.md. */
class WaitForBuilderDocsTest {

    @Nested
    // tag::all-kinds[]
    class AllKinds {
        @RegisterExtension
        static BerthEnvironment env = BerthEnvironment.builder()
                .container("web", c -> c.image("busybox:1.35")
                        .command("sh", "-c", "sleep 2; mkdir -p /www; echo ok > /www/health;"
                                + " echo 'listening on 80'; exec httpd -f -p 80 -h /www")
                        .waitFor(w -> w.port(80))                                  // TCP connect succeeds
                        .waitFor(w -> w.log("listening on \\d+"))                  // a log line matches (regex)
                        .waitFor(w -> w.http("/health").port(80).status(200))      // GET answers 200
                        .waitFor(w -> w.command("test", "-f", "/www/health").timeout(Duration.ofSeconds(10)))) // exits 0
                .build();

        @Test
        void readyBeforeTheFirstTest() {
            // no retrying needed: the container slept 2 s, and Berth waited for all four conditions
            assertThat(env.container("web")).canReach("127.0.0.1", 80).logMatches("listening on 80")
                    .fetches("http://127.0.0.1/health").hasStatus(200).bodyContains("ok");
        }
    }
    // end::all-kinds[]

    @Nested
    // tag::healthy[]
    class Healthy {
        @RegisterExtension
        static BerthEnvironment env = BerthEnvironment.builder()
                .container("app", c -> c.image("berth/healthcheck:latest") // HEALTHCHECK: healthy ~2 s after start
                        .waitFor(w -> w.healthy().timeout("30s")))
                .build();

        @Test
        void healthyBeforeTheFirstTest() {
            assertThat(env.container("app")).isHealthy().logContains("became-healthy");
        }
    }
    // end::healthy[]

    // tag::timeout-fixture[]
    @Fixture
    static class TimesOut {
        @RegisterExtension
        static BerthEnvironment env = BerthEnvironment.builder()
                .container("slow", c -> c.image("busybox:1.35").command("sh", "-c", "echo starting up; exec sleep 3600")
                        .waitFor(w -> w.log("ready to serve").timeout("2s")))
                .build();

        @Test
        void neverRuns() {
        }
    }
    // end::timeout-fixture[]

    @Test
    void aTimeoutFailsTheScopeWithWhatWasSeen() {
        FixtureRunner.Outcome run = FixtureRunner.run(TimesOut.class);
        assertThat(run.testsSucceeded()).isZero();
        assertThat(run.onlyClassFailure()).isInstanceOf(BerthException.class).hasMessage(
                "Container slow (busybox:1.35) was not ready after 2000 ms: waited for a log line matching"
                + " /ready to serve/; last observed: no matching line yet. Fix the container, or raise the timeout"
                + " (waitFor(w -> w.timeout(...)) or berth.wait.timeout)."
                + " Berth had created container slow, and has removed all of it.\n"
                + "Last 50 log lines of slow:\n"
                + "starting up");
    }
}
