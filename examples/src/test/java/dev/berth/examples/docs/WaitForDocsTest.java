package dev.berth.examples.docs;

import static dev.berth.assertions.BerthAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.Berth;
import dev.berth.BerthContainer;
import dev.berth.BerthException;
import dev.berth.WaitFor;
import dev.berth.WithContainer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The examples of docs/wait-for.md. */
class WaitForDocsTest {

    @Nested
    // tag::all-kinds[]
    @WithContainer(name = "web", image = "busybox:1.35",
            command = {"sh", "-c", "sleep 2; mkdir -p /www; echo ok > /www/health;"
                    + " echo 'listening on 80'; exec httpd -f -p 80 -h /www"},
            waitFor = {
                @WaitFor(port = 80),                                    // TCP connect succeeds
                @WaitFor(log = "listening on \\d+"),                    // a log line matches (regex)
                @WaitFor(http = "/health", port = 80, status = 200),    // GET answers 200
                @WaitFor(command = {"test", "-f", "/www/health"}, timeout = "10s")}) // exits 0
    class AllKinds {
        @Test
        void readyBeforeTheFirstTest(@Berth("web") BerthContainer web) {
            // no retrying needed: the container slept 2 s, and Berth waited for all four conditions
            assertThat(web).canReach("127.0.0.1", 80).logMatches("listening on 80")
                    .fetches("http://127.0.0.1/health").hasStatus(200).bodyContains("ok");
        }
    }
    // end::all-kinds[]

    @Nested
    // tag::healthy[]
    @WithContainer(name = "app", image = "berth/healthcheck:latest", // HEALTHCHECK: healthy ~2 s after start
            waitFor = @WaitFor(healthy = true, timeout = "30s"))
    class Healthy {
        @Test
        void healthyBeforeTheFirstTest(@Berth("app") BerthContainer app) {
            assertThat(app).isHealthy().logContains("became-healthy");
        }
    }
    // end::healthy[]

    @Fixture
    // tag::timeout-fixture[]
    @WithContainer(name = "slow", image = "busybox:1.35",
            command = {"sh", "-c", "echo starting up; exec sleep 3600"},
            waitFor = @WaitFor(log = "ready to serve", timeout = "2s"))
    static class TimesOut {
        @Test
        void neverRuns() {
        }
    }
    // end::timeout-fixture[]

    @Test
    void aTimeoutFailsTheScopeWithWhatWasSeen() {
        FixtureRunner.Outcome run = FixtureRunner.run(TimesOut.class);
        assertThat(run.testsSucceeded()).isZero();
        // tag::timeout-message[]
        assertThat(run.onlyClassFailure()).isInstanceOf(BerthException.class).hasMessage(
                "Container slow (busybox:1.35) was not ready after 2000 ms: waited for a log line matching"
                + " /ready to serve/; last observed: no matching line yet. Fix the container, or raise the timeout"
                + " (@WaitFor(timeout = ...) or berth.wait.timeout)."
                + " Berth had created container slow, and has removed all of it.\n"
                + "Last 50 log lines of slow:\n"
                + "starting up");
        // end::timeout-message[]
    }

    @Fixture
    // tag::exit-fixture[]
    @WithContainer(name = "broken", image = "busybox:1.35",
            command = {"sh", "-c", "echo cannot read /etc/app.conf; exit 3"},
            waitFor = @WaitFor(port = 80))
    static class ExitsWhileWaiting {
        @Test
        void neverRuns() {
        }
    }
    // end::exit-fixture[]

    @Test
    void anExitFailsAtOnceWithTheLastLogLines() {
        long start = System.nanoTime();
        FixtureRunner.Outcome run = FixtureRunner.run(ExitsWhileWaiting.class);
        assertThat((System.nanoTime() - start) / 1_000_000).as("ms until failure").isLessThan(30_000);
        // tag::exit-message[]
        assertThat(run.onlyClassFailure()).isInstanceOf(BerthException.class).hasMessage(
                "Container broken (busybox:1.35) exited with code 3 while waiting for port 80 to accept connections."
                + " Check its command and environment."
                + " Berth had created container broken, and has removed all of it.\n"
                + "Last 50 log lines of broken:\n"
                + "cannot read /etc/app.conf");
        // end::exit-message[]
    }

    @Fixture
    @WithContainer(name = "app", image = "busybox:1.35", command = {"sleep", "3600"},
            waitFor = @WaitFor(healthy = true))
    static class HealthyWithoutHealthcheck {
        @Test
        void neverRuns() {
        }
    }

    @Test
    void healthyNeedsAnImageHealthcheck() {
        FixtureRunner.Outcome run = FixtureRunner.run(HealthyWithoutHealthcheck.class);
        // tag::healthy-message[]
        assertThat(run.onlyClassFailure()).isInstanceOf(BerthException.class).hasMessage(
                "Container app: @WaitFor(healthy = true) but image busybox:1.35 defines no HEALTHCHECK."
                + " Add one to the image, or wait for a port, log line or command instead."
                + " Berth had created container app, and has removed all of it.");
        // end::healthy-message[]
    }

    @Fixture
    @WithContainer(name = "app", image = "busybox:1.35", command = {"sleep", "3600"},
            waitFor = @WaitFor(port = 80, log = "ready"))
    static class TwoConditionsInOne {
        @Test
        void neverRuns() {
        }
    }

    @Test
    void oneConditionPerWaitFor() {
        FixtureRunner.Outcome run = FixtureRunner.run(TwoConditionsInOne.class);
        assertThat(run.onlyClassFailure()).hasMessageContaining("a @WaitFor sets 2 conditions. Fix: set exactly one of port,"
                + " log, http (with port), healthy or command per @WaitFor, and list several @WaitFor to require several.");
    }
}
