package dev.berth;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.HostConfig;
import dev.berth.LeakCheck.FixtureRun;
import dev.berth.internal.RunIdentity;
import dev.berth.internal.RunRecord;
import dev.berth.internal.Sweeper;
import dev.berth.internal.swarm.EngineSettings;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A swarm node on a "real host" that speaks only TLS ({@code dockerd --tlsverify}, certificates made by
 * openssl inside it when it starts, a CA of its own): the class runs on it with
 * {@code berth.engines.node-1.tls-verify} and {@code cert-path}; a wrong CA is refused before anything
 * is created; a JVM killed (-9) on it leaves objects that the next run's first contact sweeps, while a
 * live run's objects are left alone, and removes them itself when it ends. The engine is a privileged {@code berth/dind} container on the
 * local engine, which this class finds only through configuration, like any host.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RealHostEngineIT {

    private static final int PORT = 2376;
    /** Makes a CA, a server certificate for the container's IP, a client certificate (PKCS#1 key), and another CA; then runs dockerd with TLS only. */
    private static final String SCRIPT = String.join("\n",
            "set -e",
            "mkdir -p /tls/client /tls/wrongca && cd /tls",
            "openssl req -x509 -newkey rsa:2048 -nodes -keyout ca-key.pem -out ca.pem -days 2 -subj /CN=berth-test-ca 2>/dev/null",
            "openssl req -newkey rsa:2048 -nodes -keyout server-key.pem -out server.csr -subj /CN=node-1 2>/dev/null",
            "printf 'subjectAltName=IP:%s,IP:127.0.0.1\\nextendedKeyUsage=serverAuth\\n' \"$(hostname -i | cut -d' ' -f1)\" > server.ext",
            "openssl x509 -req -in server.csr -CA ca.pem -CAkey ca-key.pem -CAcreateserial -out server-cert.pem -days 2 -extfile server.ext 2>/dev/null",
            "openssl genrsa -traditional -out client/key.pem 2048 2>/dev/null",
            "openssl req -new -key client/key.pem -out client.csr -subj /CN=berth-client",
            "printf 'extendedKeyUsage=clientAuth\\n' > client.ext",
            "openssl x509 -req -in client.csr -CA ca.pem -CAkey ca-key.pem -CAcreateserial -out client/cert.pem -days 2 -extfile client.ext 2>/dev/null",
            "cp ca.pem client/ca.pem",
            "openssl req -x509 -newkey rsa:2048 -nodes -keyout other-key.pem -out wrongca/ca.pem -days 2 -subj /CN=another-ca 2>/dev/null",
            "cp client/cert.pem client/key.pem wrongca/",
            "exec dockerd --host tcp://0.0.0.0:" + PORT + " --tlsverify --tlscacert ca.pem --tlscert server-cert.pem --tlskey server-key.pem");

    private Path certs;

    private String engineId;
    private String host;
    private DockerClient node;

    @BeforeAll
    void startTheTlsEngine(@TempDir Path dir) throws Exception {
        certs = dir;
        DockerClient local = LeakCheck.client();
        String name = "berth-tls-engine-" + RunIdentity.current().runId() + "-" + System.nanoTime();
        RunRecord.naming("container", name);
        engineId = local.createContainerCmd("berth/dind:latest").withName(name).withEntrypoint("sh", "-c", SCRIPT)
                .withLabels(RunIdentity.current().labels("swarm-node", "tls-engine", getClass().getSimpleName()))
                .withHostConfig(HostConfig.newHostConfig().withPrivileged(true)).exec().getId();
        RunRecord.created("container", engineId);
        local.startContainerCmd(engineId).exec();
        String ip = local.inspectContainerCmd(engineId).exec().getNetworkSettings().getNetworks().values().iterator().next().getIpAddress();
        host = "tcp://" + ip + ":" + PORT;
        Awaitility.await("dockerd with TLS on " + host).atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
                .until(() -> answers(ip));
        try (InputStream in = local.copyArchiveFromContainerCmd(engineId, "/tls").exec(); TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
            for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
                Path to = certs.resolve(e.getName()).normalize();
                if (e.isDirectory()) {
                    Files.createDirectories(to);
                } else if (to.startsWith(certs)) {
                    Files.createDirectories(to.getParent());
                    Files.write(to, tar.readAllBytes());
                }
            }
        }
        Map<String, String> client = parameters("client");
        node = EngineSettings.read("node-1", host, key -> Optional.ofNullable(client.get(key))).client();
        Awaitility.await("the TLS engine answers its API").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .ignoreExceptions().until(() -> node.pingCmd().exec() == null);
    }

    private static boolean answers(String ip) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(ip, PORT), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @AfterAll
    void removeTheEngine() {
        if (engineId != null) {
            LeakCheck.client().removeContainerCmd(engineId).withForce(true).withRemoveVolumes(true).exec();
        }
    }

    /** The configuration of node-1 with the certificates of directory {@code dir} ("client" or "wrongca"). */
    private Map<String, String> parameters(String dir) {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("berth.engines.node-1.host", host);
        c.put("berth.engines.node-1.tls-verify", "true");
        c.put("berth.engines.node-1.cert-path", certs.resolve("tls").resolve(dir).toString());
        return c;
    }

    /** "kind name" of every object on the TLS engine labelled with that run. */
    private List<String> onNode(String run) {
        List<String> out = new ArrayList<>();
        String filter = RunIdentity.RUN + "=" + run;
        for (Container c : node.listContainersCmd().withShowAll(true).withLabelFilter(List.of(filter)).exec()) {
            String kind = c.getLabels() == null ? "" : c.getLabels().getOrDefault(RunIdentity.KIND, "");
            out.add((RunRecord.KIND.equals(kind) ? "run-record " : "container ") + c.getNames()[0]);
        }
        node.listNetworksCmd().withFilter("label", List.of(filter)).exec().forEach(n -> out.add("network " + n.getName()));
        var volumes = node.listVolumesCmd().withFilter("label", List.of(filter)).exec().getVolumes();
        if (volumes != null) {
            volumes.forEach(v -> out.add("volume " + v.getName()));
        }
        return out;
    }

    @WithSwarm(nodes = 1)
    @WithNetwork(name = "mesh", driver = "overlay")
    @WithContainer(name = "app", image = "busybox:1.35", node = "node-1", networks = "mesh", command = {"sleep", "3600"})
    static class OnTheTlsEngineTestCases {
        @Test
        void runsThere(@Berth("app") BerthContainer app) {
            assertThat(app.node()).isEqualTo("node-1");
            dev.berth.assertions.BerthAssertions.assertThat(app).isRunning().canResolve("app");
        }
    }

    @Test
    @DisplayName("with tls-verify and cert-path, the class runs on an engine that speaks only TLS; this JVM's run record is there")
    void runsOverTls() {
        FixtureRun run = LeakCheck.execute(OnTheTlsEngineTestCases.class, parameters("client")).assertNothingLeftBehind();
        run.assertTestsPassed(1);
        run.results().containerEvents().assertStatistics(s -> s.failed(0));
        assertThat(onNode(RunIdentity.current().runId())).as("this run's objects on the TLS engine after the class")
                .singleElement().asString().startsWith("run-record ");
        assertThat(node.listContainersCmd().withLabelFilter(Map.of(RunIdentity.RUN, RunIdentity.current().runId())).exec())
                .as("this JVM's record runs there while the JVM lives").singleElement()
                .satisfies(c -> assertThat(c.getState()).isEqualTo("running"));
    }

    @Test
    @DisplayName("a cert-path whose ca.pem did not sign the engine's certificate is refused, naming the files and keys, before anything is created")
    void wrongCaRefused() {
        FixtureRun run = LeakCheck.execute(OnTheTlsEngineTestCases.class, parameters("wrongca"));
        Path wrong = certs.resolve("tls").resolve("wrongca");
        assertThat(run.classFailure()).isInstanceOf(BerthException.class)
                .hasMessageContaining("the engine of node node-1 at " + host + " (TLS, certificates in " + wrong + ") answers, but the TLS"
                        + " handshake failed")
                .hasMessageContaining("nothing was created")
                .hasMessageContaining("not signed by " + wrong.resolve("ca.pem"))
                .hasMessageContaining("Fix: set berth.engines.node-1.cert-path to the engine's CA");
        assertThat(run.createdCount()).as("objects created on the local engine").isZero();
        assertThat(node.listContainersCmd().withShowAll(true).withLabelFilter(Map.of(RunIdentity.MANAGED, "true")).exec())
                .as("containers on the TLS engine that are not run records").allMatch(c -> RunRecord.KIND.equals(c.getLabels().get(RunIdentity.KIND)));
    }

    @Test
    @DisplayName("the TLS engine named without tls-verify: refused before anything is created, saying to set tls-verify and cert-path")
    void plainClientRefused() {
        FixtureRun run = LeakCheck.execute(OnTheTlsEngineTestCases.class, Map.of("berth.engines.node-1.host", host));
        assertThat(run.classFailure()).isInstanceOf(BerthException.class)
                .hasMessageContaining("the engine of node node-1 at " + host + " answers, but Berth cannot talk to it")
                .hasMessageContaining("nothing was created")
                .hasMessageContaining("set berth.engines.node-1.tls-verify=true and berth.engines.node-1.cert-path=DIR");
        assertThat(run.createdCount()).as("objects created on the local engine").isZero();
    }

    @Test
    @DisplayName("a JVM killed (-9) on the real host leaves its objects there; the next run's first contact sweeps them, a live run's stay")
    void killedRunSweptLiveRunLeftAlone() throws Exception {
        ChildJvm doomed = null;
        ChildJvm live = null;
        String doomedRun = null;
        String liveRun = null;
        try {
            doomed = child(List.of());
            doomedRun = awaitReady(doomed);
            List<String> left = onNode(doomedRun);
            assertThat(left).as("the doomed run's objects on the real host").anyMatch(o -> o.startsWith("container "))
                    .anyMatch(o -> o.startsWith("network ")).anyMatch(o -> o.startsWith("volume ")).anyMatch(o -> o.startsWith("run-record "));
            doomed.kill();
            awaitRecordExited(node, doomedRun);
            assertThat(onNode(doomedRun)).as("a kill -9 leaves them behind").containsExactlyInAnyOrderElementsOf(left);

            // the next run, with no grace after a record exited (the default waits 30 s for a JVM replacing its connection)
            live = child(List.of("-D" + Sweeper.GRACE + "=0s"));
            liveRun = awaitReady(live);
            assertGone(doomedRun, "the killed run's objects after the next run's first contact, record included");
            List<String> liveObjects = onNode(liveRun);
            assertThat(liveObjects).anyMatch(o -> o.startsWith("container ")).anyMatch(o -> o.startsWith("volume "));

            Sweeper.Result swept = Sweeper.sweep(node, new Sweeper.Options(Duration.ZERO, Duration.ofMinutes(30)));
            assertThat(onNode(liveRun)).as("a live run's objects after a sweep of the real host (%s)", swept)
                    .containsExactlyInAnyOrderElementsOf(liveObjects);

            live.stop();
            assertGone(liveRun, "a JVM that ends (SIGTERM: its shutdown hook runs) removes its objects and its record from the real host");
        } finally {
            for (ChildJvm c : new ChildJvm[] {doomed, live}) {
                if (c != null && c.process().isAlive()) {
                    c.process().destroyForcibly();
                    c.process().waitFor(30, TimeUnit.SECONDS);
                }
            }
            // the children's records on the local engine (they created nothing else there)
            for (String run : new String[] {doomedRun, liveRun}) {
                if (run != null) {
                    awaitRecordExited(LeakCheck.client(), run);
                    Sweeper.sweep(LeakCheck.client(), new Sweeper.Options(Duration.ZERO, Duration.ofMinutes(30), run));
                }
            }
        }
    }

    /** The engine forgets a removed overlay network shortly after the removal returns, not at once: up to 10 s. */
    private void assertGone(String run, String what) {
        Awaitility.await(what).atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> assertThat(onNode(run)).as(what).isEmpty());
    }

    /** A {@link RealHostChild} JVM on the TLS engine, its output in a file of its own. */
    private ChildJvm child(List<String> jvmOptions) throws IOException {
        List<String> options = new ArrayList<>(jvmOptions);
        parameters("client").forEach((k, v) -> options.add("-D" + k + "=" + v));
        return ChildJvm.start(Files.createTempFile(certs, "child", ".log"), options, RealHostChild.class);
    }

    /** The child's run id, once its environment exists on the engine. */
    private static String awaitReady(ChildJvm child) {
        return child.awaitReady(RealHostChild.READY, Duration.ofSeconds(120));
    }

    private static void awaitRecordExited(DockerClient client, String run) {
        Awaitility.await("the run record of " + run + " exits").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> client.listContainersCmd().withShowAll(true)
                        .withLabelFilter(Map.of(RunIdentity.RUN, run, RunIdentity.KIND, RunRecord.KIND)).exec()
                        .stream().noneMatch(c -> "running".equals(c.getState())));
    }
}
