package dev.berth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.command.HealthState;
import java.time.Duration;
import java.time.Instant;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Readiness conditions: each container below becomes ready only some time after it starts, so a
 * wait that did not really wait leaves the test looking at a container that is not ready yet.
 */
class WaitIT {

    @Nested
    @WithNetwork(name = "waits")
    @WithContainer(name = "slow-port", image = "busybox:1.35", networks = "waits",
            command = {"sh", "-c", "sleep 2; exec httpd -f -p 8080 -h /etc"}, waitFor = @WaitFor(port = 8080))
    @WithContainer(name = "scratch", image = "berth/shell-less:latest", networks = "waits", waitFor = @WaitFor(port = 8080))
    @WithContainer(name = "client", image = "busybox:1.35", networks = "waits", command = {"sleep", "3600"})
    class Port {

        @Test
        @DisplayName("port: the test starts only once the delayed server accepts connections")
        void portOpenAtTestStart(@Berth("client") BerthContainer client, @Berth("slow-port") BerthContainer slow) {
            ExecResult connect = client.exec("sh", "-c", "timeout 5 nc -w 2 slow-port 8080 </dev/null");
            assertThat(connect.exitCode()).as(connect.toString()).isZero();
            Duration sinceStart = Duration.between(EngineState.startedAt(slow.id()), Instant.now());
            assertThat(sinceStart).as("the server only listens 2 s after start").isGreaterThanOrEqualTo(Duration.ofMillis(1900));
        }

        @Test
        @DisplayName("port on an image without any tools (FROM scratch): ready and serving")
        void shellLessImage(@Berth("client") BerthContainer client, @Berth("scratch") BerthContainer scratch) {
            assertThat(EngineState.container(scratch.id()).getConfig().getEntrypoint()).containsExactly("/httpd", "-f", "-p", "8080", "-h", "/www");
            ExecResult get = client.exec("wget", "-q", "-O", "-", "http://scratch:8080/index.html");
            assertThat(get.exitCode()).as(get.toString()).isZero();
            assertThat(get.stdout()).isEqualTo("hello from scratch\n");
            assertThat(scratch.exec("sh", "-c", "true").exitCode()).as("the image really has no shell").isNotZero();
        }
    }

    @Nested
    @WithNetwork(name = "no-route", internal = true)
    @WithContainer(name = "scratch-internal", image = "berth/shell-less:latest", networks = "no-route",
            waitFor = @WaitFor(port = 8080))
    @WithContainer(name = "neighbour", image = "busybox:1.35", networks = "no-route", command = {"sleep", "3600"})
    class PortThroughProbe {

        @Test
        @DisplayName("port on a shell-less image that the JVM cannot reach directly is awaited through a probe in its namespace")
        void probePath(@Berth("scratch-internal") BerthContainer scratch, @Berth("neighbour") BerthContainer neighbour) {
            InspectContainerResponse probe = EngineState.container(scratch.dockerName() + "-probe");
            assertThat(probe.getHostConfig().getNetworkMode()).isEqualTo("container:" + scratch.id());
            assertThat(probe.getState().getRunning()).isTrue();
            ExecResult get = neighbour.exec("wget", "-q", "-O", "-", "http://scratch-internal:8080/index.html");
            assertThat(get.exitCode()).as(get.toString()).isZero();
            assertThat(get.stdout()).isEqualTo("hello from scratch\n");
        }
    }

    @Nested
    @WithContainer(name = "logger", image = "busybox:1.35",
            command = {"sh", "-c", "echo starting; sleep 2; echo \"ready after $(cat /proc/uptime | cut -d' ' -f1)\"; exec sleep 3600"},
            waitFor = @WaitFor(log = "^ready after [0-9.]+$"))
    class LogLine {

        @Test
        @DisplayName("log: the matching line is already in the logs when the test starts")
        void lineWasWritten(@Berth("logger") BerthContainer logger) {
            Pattern ready = Pattern.compile("^ready after [0-9.]+$");
            assertThat(logger.logs().lines()).contains("starting").anyMatch(l -> ready.matcher(l).matches());
        }
    }

    @Nested
    @WithContainer(name = "web", image = "busybox:1.35", ports = "8080",
            command = {"sh", "-c", "mkdir -p /www; httpd -p 8080 -h /www; sleep 2; hostname > /www/health.html; exec sleep 3600"},
            waitFor = {@WaitFor(http = "/health.html", port = 8080, status = 200), @WaitFor(http = "/absent.html", port = 8080, status = 404)})
    class Http {

        @Test
        @DisplayName("http: the path answers the awaited status when the test starts (it answered 404 for 2 s before)")
        void statusAwaited(@Berth("web") BerthContainer web) throws Exception {
            assertThat(ContainerIT.PublishedPorts.get(web.host(), web.hostPort(8080), "/health.html"))
                    .isEqualTo(web.exec("hostname").stdout());
        }
    }

    @Nested
    class Healthy {

        static final String IMAGE = "berth-test/late-healthcheck:1";

        @RegisterExtension
        BerthEnvironment env = BerthEnvironment.builder()
                // HEALTHCHECK --interval=1h (CMD form): Docker's first run of the test comes an hour after start
                .image(IMAGE, i -> i.context("src/test/resources/images/late-healthcheck"))
                .container("checked", c -> c.image(IMAGE).waitFor(w -> w.healthy()))
                .build();

        @Test
        @DisplayName("healthy: met by Berth's own run of the image's health test, before Docker ran it once; one that never passes times out with its output")
        void metByBerthsOwnRunOfTheTest() {
            BerthContainer checked = env.container("checked");
            HealthState health = EngineState.container(checked.id()).getState().getHealth();
            assertThat(health.getStatus()).as("Docker has not run the test yet").isEqualTo("starting");
            assertThat(health.getLog()).as("Docker's health log").isNullOrEmpty();
            assertThat(checked.readFile("/tmp/healthy")).as("the test passes now").isPresent();
            // and the assertion agrees with the wait while Docker still says "starting"
            dev.berth.assertions.BerthAssertions.assertThat(checked).isHealthy();
            // but not for a container whose test does not pass (the image's CMD never creates /tmp/healthy here)
            BerthContainer unready = env.start("unready", c -> c.image(IMAGE).command("sleep", "3600"));
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> dev.berth.assertions.BerthAssertions.assertThat(unready).isHealthy())
                    .hasMessageContaining("Expecting unready to be healthy but it is starting");

            BerthException notReady = catchThrowableOfType(BerthException.class, () -> env.start("never",
                    c -> c.image(IMAGE).command("sleep", "3600").waitFor(w -> w.healthy().timeout("2s"))));
            assertThat(notReady.getMessage()).contains("Container never (" + IMAGE + ") was not ready after 2000 ms",
                    "waited for the image's healthcheck to pass; last observed: health status starting; the image's health test run by Berth exited with code 1, output: no /tmp/healthy yet");
        }
    }

    @Nested
    @WithContainer(name = "commanded", image = "busybox:1.35",
            command = {"sh", "-c", "sleep 2; cat /proc/uptime > /tmp/ready; exec sleep 3600"},
            waitFor = @WaitFor(command = {"test", "-s", "/tmp/ready"}))
    class Command {

        @Test
        @DisplayName("command: the command succeeds when the test starts")
        void commandSucceeds(@Berth("commanded") BerthContainer c) {
            assertThat(c.exec("test", "-s", "/tmp/ready").exitCode()).isZero();
            assertThat(c.readFile("/tmp/ready")).get().asString().matches("[0-9.]+ [0-9.]+\\n");
        }
    }

    @Nested
    @WithVolume(name = "handover")
    // declared first on purpose: the order comes from dependsOn, not from declaration order
    @WithContainer(name = "dependent", image = "busybox:1.35", volumes = "handover:/shared", dependsOn = "dependency",
            command = {"sh", "-c", "if [ -f /shared/marker ]; then cp /shared/marker /tmp/seen; echo saw-marker; else echo no-marker; fi; exec sleep 3600"},
            waitFor = @WaitFor(log = "saw-marker|no-marker")) // its output is read: wait for it (no start-up settle holds the test)
    @WithContainer(name = "dependency", image = "busybox:1.35", volumes = "handover:/shared",
            command = {"sh", "-c", "sleep 2; cat /proc/uptime > /shared/marker; echo dependency-ready; exec sleep 3600"},
            waitFor = @WaitFor(log = "dependency-ready"))
    class DependsOn {

        @Test
        @DisplayName("dependsOn: the dependent starts only after its dependency is ready")
        void startsAfterDependencyIsReady(@Berth("dependent") BerthContainer dependent, @Berth("dependency") BerthContainer dependency) {
            assertThat(dependent.logs()).contains("saw-marker").doesNotContain("no-marker");
            assertThat(dependent.readFile("/tmp/seen")).isEqualTo(dependency.readFile("/shared/marker"));
            Instant dependencyStarted = EngineState.startedAt(dependency.id());
            Instant dependentStarted = EngineState.startedAt(dependent.id());
            assertThat(Duration.between(dependencyStarted, dependentStarted)).isGreaterThanOrEqualTo(Duration.ofMillis(1900));
        }
    }

    @Nested
    @WithVolume(name = "meet")
    // each is ready only once the other has started: started one after the other (the second after the first is
    // ready), the first would never be ready and the environment would fail; started together, both are
    @WithContainer(name = "slow-a", image = "busybox:1.35", volumes = "meet:/meet",
            command = {"sh", "-c", "touch /meet/a; until [ -f /meet/b ]; do sleep 0.1; done; echo ready; exec sleep 3600"},
            waitFor = @WaitFor(log = "^ready$", timeout = "20s"))
    @WithContainer(name = "slow-b", image = "busybox:1.35", volumes = "meet:/meet",
            command = {"sh", "-c", "touch /meet/b; until [ -f /meet/a ]; do sleep 0.1; done; echo ready; exec sleep 3600"},
            waitFor = @WaitFor(log = "^ready$", timeout = "20s"))
    class Parallel {

        @Test
        @DisplayName("independent containers start in parallel: the second does not wait for the first to be ready")
        void startedTogether(@Berth("slow-a") BerthContainer a, @Berth("slow-b") BerthContainer b) {
            assertThat(a.logs()).isEqualTo("ready\n");
            assertThat(b.logs()).isEqualTo("ready\n");
        }
    }
}
