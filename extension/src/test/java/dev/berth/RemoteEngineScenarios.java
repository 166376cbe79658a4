package dev.berth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.internal.EngineProfile;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * Scenarios that {@link RemoteEngineIT} runs in child JVMs whose only engine setting is
 * DOCKER_HOST (or docker.host in a temporary ~/.testcontainers.properties): written as a suite
 * against the local engine would be, nothing in them names the remote engine. Not run on their own
 * (they are nested classes without the Tests suffix, selected by the child's launcher).
 */
final class RemoteEngineScenarios {

    /** The published-port host the child must see; set by the parent as a system property. */
    static final String EXPECTED_HOST = "berth.test.expected-port-host";
    static final String RESULT = "BERTH-RESULT ";
    static final String RUN = "BERTH-RUN ";
    static final String TIMING = "BERTH-TIMING ";

    private RemoteEngineScenarios() {
    }

    private static String get(String url) throws Exception {
        HttpResponse<String> r = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()
                .send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        assertThat(r.statusCode()).as("GET %s", url).isEqualTo(200);
        return r.body();
    }

    /** Networks, volumes, a built image, a bind mount of a project path, published ports reached from the JVM, every kind of assertion. */
    // tag::remote-suite[]
    @WithNetwork(name = "front")
    @WithNetwork(name = "back")
    @WithVolume(name = "data")
    @BuildImage(context = "src/test/resources/remote/image", name = "berth-remote/site:1", keep = false)
    @WithContainer(name = "web", image = "berth-remote/site:1", networks = "front", ports = "8080",
            volumes = {"./src/test/resources/remote/site:/www", "data:/data"},
            command = {"httpd", "-f", "-p", "8080", "-h", "/www"}, waitFor = @WaitFor(http = "/index.html", port = 8080))
    @WithContainer(name = "client", image = "busybox:1.35", networks = "front", command = {"sleep", "3600"})
    @WithContainer(name = "outsider", image = "busybox:1.35", networks = "back", command = {"sleep", "3600"})
    static class Core {
        @Test
        void everything(@Berth("web") BerthContainer web, @Berth("client") BerthContainer client,
                        @Berth("outsider") BerthContainer outsider) throws Exception {
            String expectedHost = System.getProperty(EXPECTED_HOST);
            assertThat(web.host()).as("published-port host").isEqualTo(expectedHost);
            // bound to the engine's default: its loopback would be unreachable from this JVM
            var bindings = dev.berth.internal.Docker.get().client().inspectContainerCmd(web.id()).exec()
                    .getHostConfig().getPortBindings().getBindings().values();
            assertThat(bindings).isNotEmpty().allSatisfy(b -> assertThat(b[0].getHostIp()).isIn("", "0.0.0.0", null));
            dev.berth.assertions.BerthAssertions.assertThat(client).canResolve("web").canReach("web", 8080).sharesNetworkWith(web);
            dev.berth.assertions.BerthAssertions.assertThat(outsider).cannotResolve("web").isIsolatedFrom(web, 8080);
            dev.berth.assertions.BerthAssertions.assertThat(web).isRunning().isReachableFromHost(8080)
                    .servesHttp(8080, "/index.html").hasStatus(200).bodyContains("served from the project");
            // the bind mount's files, and the built image's, on whichever engine runs the container
            dev.berth.assertions.BerthAssertions.assertThat(web).file("/www/index.html").contains("served from the project");
            dev.berth.assertions.BerthAssertions.assertThat(web).file("/etc/motd.txt").contains("built on the engine Berth talks to");
            web.writeFile("/data/note.txt", "in the volume");
            dev.berth.assertions.BerthAssertions.assertThat(web).file("/data/note.txt").hasContent("in the volume");
            // straight from this JVM, at the address Berth reports
            assertThat(get("http://" + web.host() + ":" + web.hostPort(8080) + "/index.html")).contains("served from the project");
            System.out.println("BERTH-ENGINE " + EngineProfile.current());
        }
    }
    // end::remote-suite[]

    /** The programmatic twin of {@link Core}'s environment; {@link RemoteEngineTwinTests} proves it reads into the same one. */
    static final class CoreTwin {
        // tag::remote-suite-builder[]
        @RegisterExtension
        static BerthEnvironment env = BerthEnvironment.builder()
                .network("front")
                .network("back")
                .volume("data")
                .image("berth-remote/site:1", i -> i.context("src/test/resources/remote/image").keep(false))
                .container("web", c -> c.image("berth-remote/site:1").networks("front").ports("8080")
                        .volumes("./src/test/resources/remote/site:/www", "data:/data")
                        .command("httpd", "-f", "-p", "8080", "-h", "/www").waitFor(w -> w.http("/index.html").port(8080)))
                .container("client", c -> c.image("busybox:1.35").networks("front").command("sleep", "3600"))
                .container("outsider", c -> c.image("busybox:1.35").networks("back").command("sleep", "3600"))
                .build();
        // end::remote-suite-builder[]

        private CoreTwin() {
        }
    }

    /** A compose stack (started by the docker CLI) whose published port is reached from the JVM. */
    @ComposeStack(name = "remote", files = "src/test/resources/remote/stack.yml")
    static class Stack {
        @Test
        void up(BerthStack remote) throws Exception {
            BerthContainer web = remote.container("web");
            assertThat(web.host()).isEqualTo(System.getProperty(EXPECTED_HOST));
            assertThat(get("http://" + web.host() + ":" + remote.hostPort("web", 80) + "/index.html")).contains("stack-home");
            dev.berth.assertions.BerthAssertions.assertThat(web).isHealthy().file("/www/index.html").hasContent("stack-home\n");
        }
    }

    /** A compose bind mount of a project directory: copied into a volume when the engine cannot see the JVM's files. */
    @ComposeStack(name = "bound", files = "src/test/resources/remote/bind-stack.yml")
    static class BindStack {
        @Test
        void up(BerthStack bound) throws Exception {
            BerthContainer web = bound.container("web");
            assertThat(get("http://" + web.host() + ":" + bound.hostPort("web", 80) + "/index.html")).contains("served from the project");
            dev.berth.assertions.BerthAssertions.assertThat(web).file("/www/index.html").contains("served from the project");
            // read-only, like the bind mount it replaces
            assertThat(web.exec("sh", "-c", "touch /www/new").exitCode()).isNotZero();
        }
    }

    /** A compose bind mount of a single file: refused before anything starts when the engine cannot see the JVM's files. */
    @ComposeStack(name = "filebound", files = "src/test/resources/remote/file-bind-stack.yml")
    static class FileBindStack {
        @Test
        void up(BerthStack filebound) {
            assertThat(filebound.services()).contains("web");
        }
    }

    /** The preflight: an image the engine does not have (and cannot pull) fails before anything is created. */
    @WithNetwork(name = "pre")
    @WithContainer(name = "absent", image = "berth-remote/absent:1", networks = "pre", command = {"sleep", "3600"})
    static class Preflight {
        @Test
        void neverRuns() {
            throw new AssertionError("the environment should have been refused");
        }
    }

    /** A wait on a port: through the probe on engines whose container IPs are not routable (berth.engine.container-ips). */
    @WithNetwork(name = "dial")
    @WithContainer(name = "listener", image = "busybox:1.35", networks = "dial",
            command = {"httpd", "-f", "-p", "8971", "-h", "/"}, waitFor = @WaitFor(port = 8971, timeout = "15s"))
    static class PortWait {
        @Test
        void ready(@Berth("listener") BerthContainer listener) {
            dev.berth.assertions.BerthAssertions.assertThat(listener).isRunning();
            System.out.println("BERTH-CONTAINER-IPS routable=" + EngineProfile.current()
                    .containerIpsRoutable(EngineProfile.ContainerIps.AUTO));
        }
    }

    /** A wait on a port nothing listens on: must time out, whatever answers at the container's IP seen from the JVM. */
    @WithNetwork(name = "deaf")
    @WithContainer(name = "deaf", image = "busybox:1.35", networks = "deaf", command = {"sleep", "3600"},
            waitFor = @WaitFor(port = 8972, timeout = "4s"))
    static class NotListening {
        @Test
        void neverReady() {
            System.out.println("BERTH-FALSE-READY the wait for port 8972 passed although nothing listens there");
        }
    }

    /** A seeded volume: the preflight ensures (pulls, if missing) {@code berth.probe.image}, which seeds it. */
    @WithVolume(name = "seeded", seedFrom = "classpath:seed")
    static class Seeded {
        @Test
        void seeded() {
            System.out.println("BERTH-SEEDED");
        }
    }

    /** The environment benchmark: a network, two containers, DNS + port + file checks, teardown. */
    @WithNetwork(name = "bench")
    @WithContainer(name = "server", image = "busybox:1.35", networks = "bench",
            command = {"httpd", "-f", "-p", "80", "-h", "/"}, waitFor = @WaitFor(port = 80))
    @WithContainer(name = "caller", image = "busybox:1.35", networks = "bench", command = {"sleep", "3600"})
    static class Bench {
        @Test
        void wiring(@Berth("caller") BerthContainer caller) {
            dev.berth.assertions.BerthAssertions.assertThat(caller).canResolve("server").canReach("server", 80)
                    .file("/bin/sh").exists();
        }
    }

    /**
     * The child JVM: {@code Class[;key=value...]} arguments, each run through the launcher with those
     * configuration parameters; prints one result line per class and the run id. {@code bench=N} runs
     * {@link Bench} N times and prints each duration.
     */
    public static final class Child {
        private Child() {
        }

        public static void main(String[] args) throws Exception {
            Launcher launcher = LauncherFactory.create();
            PrintWriter out = new PrintWriter(System.out, true);
            for (String arg : args) {
                if (arg.startsWith("bench=")) {
                    int n = Integer.parseInt(arg.substring(6));
                    List<Long> millis = new ArrayList<>();
                    for (int i = 0; i < n; i++) {
                        long start = System.nanoTime();
                        TestExecutionSummary s = run(launcher, Bench.class, Map.of());
                        millis.add((System.nanoTime() - start) / 1_000_000);
                        s.getFailures().forEach(f -> out.println("BERTH-FAILURE Bench: "
                                + String.valueOf(f.getException().getMessage()).replace('\n', ' ')));
                    }
                    out.println(TIMING + millis.stream().map(String::valueOf).reduce((a, b) -> a + " " + b).orElse(""));
                    continue;
                }
                String[] parts = arg.split(";");
                Class<?> type = Class.forName(RemoteEngineScenarios.class.getName() + "$" + parts[0]);
                Map<String, String> params = new HashMap<>();
                Arrays.stream(parts).skip(1).forEach(p -> params.put(p.substring(0, p.indexOf('=')), p.substring(p.indexOf('=') + 1)));
                TestExecutionSummary s = run(launcher, type, params);
                out.println(RESULT + parts[0] + " succeeded=" + s.getTestsSucceededCount() + " failed=" + s.getTotalFailureCount());
                s.getFailures().forEach(f -> out.println("BERTH-FAILURE " + parts[0] + ": "
                        + String.valueOf(f.getException().getMessage()).replace('\n', ' ')));
                s.printFailuresTo(out, 15);
            }
            out.println(RUN + dev.berth.internal.RunIdentity.current().runId());
            out.flush();
            System.exit(0);
        }

        private static TestExecutionSummary run(Launcher launcher, Class<?> type, Map<String, String> params) {
            SummaryGeneratingListener summary = new SummaryGeneratingListener();
            launcher.execute(LauncherDiscoveryRequestBuilder.request().selectors(DiscoverySelectors.selectClass(type))
                    .configurationParameters(params).build(), summary);
            return summary.getSummary();
        }
    }
}
