package dev.berth;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Event;
import com.github.dockerjava.api.model.HostConfig;
import dev.berth.internal.Docker;
import dev.berth.internal.RunIdentity;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.dockerclient.DockerClientProviderStrategy;
import org.testcontainers.dockerclient.TransportConfig;

/**
 * The remote-engine suite: a second engine ({@code berth/dind}, images/dind) runs in a labelled
 * privileged helper container on the local engine; child JVMs whose only engine setting is
 * {@code DOCKER_HOST=tcp://IP:2375} (or {@code docker.host} in a temporary
 * {@code ~/.testcontainers.properties}) run {@link RemoteEngineScenarios} against it. Seen from the
 * JVM it is a remote engine: its published ports are at its IP, not at 127.0.0.1, its container IPs
 * are not routable, and it cannot see this machine's files.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RemoteEngineIT {

    private final DockerClient local = Docker.get().client();
    private String helperId;
    private String ip;
    private DockerClient remote;
    private long helperStartMillis;

    @BeforeAll
    void startHelperEngine() throws Exception {
        assertThat(local.listImagesCmd().withImageNameFilter("berth/dind:latest").exec())
                .as("image berth/dind:latest (images/dind): build it with scripts/ensure-images.sh").isNotEmpty();
        long start = System.nanoTime();
        Map<String, String> labels = new HashMap<>(RunIdentity.current().labels("helper", "dind", "RemoteEngineIT"));
        labels.put(RunIdentity.MANAGED, "true");
        helperId = local.createContainerCmd("berth/dind:latest")
                .withName("berth-dind-" + RunIdentity.current().runId())
                .withLabels(labels)
                .withHostConfig(HostConfig.newHostConfig().withPrivileged(true))
                .exec().getId();
        local.startContainerCmd(helperId).exec();
        ip = local.inspectContainerCmd(helperId).exec().getNetworkSettings().getNetworks().get("bridge").getIpAddress();
        remote = DockerClientProviderStrategy.getClientForConfig(
                TransportConfig.builder().dockerHost(URI.create("tcp://" + ip + ":2375")).build());
        Awaitility.await("the engine in berth/dind answers on tcp://" + ip + ":2375").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200)).ignoreExceptions().until(() -> {
                    remote.pingCmd().exec();
                    return true;
                });
        helperStartMillis = (System.nanoTime() - start) / 1_000_000;
        System.out.println("[remote-engine] helper engine answered after " + helperStartMillis + " ms");
        // the inner engine has no images and no registry: copy in what the scenarios use (docker save | load)
        try (InputStream saved = local.saveImageCmd("busybox:1.35").exec()) {
            remote.loadImageCmd(saved).exec();
        }
        assertThat(remote.inspectImageCmd("busybox:1.35").exec().getId()).isNotBlank();
    }

    @AfterAll
    void removeHelperEngine() throws IOException {
        try {
            if (remote != null) {
                remote.close();
            }
        } finally {
            if (helperId != null) {
                local.removeContainerCmd(helperId).withForce(true).withRemoveVolumes(true).exec();
            }
        }
    }

    /** A child JVM: a fresh user.home, the parent's environment without any engine setting, plus {@code env}. */
    private ChildRun child(Path home, Map<String, String> env, List<String> args) throws Exception {
        ProcessBuilder pb = ChildJvm.command(List.of(), List.of("-Duser.home=" + home,
                "-D" + RemoteEngineScenarios.EXPECTED_HOST + "=" + ip, "-Dberth.pull.timeout=20s"),
                RemoteEngineScenarios.Child.class, args.toArray(String[]::new));
        for (String k : List.of("DOCKER_HOST", "DOCKER_CONTEXT", "DOCKER_TLS_VERIFY", "DOCKER_CERT_PATH",
                "TESTCONTAINERS_HOST_OVERRIDE", "TESTCONTAINERS_DOCKER_SOCKET_OVERRIDE", "DOCKER_CONFIG")) {
            pb.environment().remove(k);
        }
        pb.environment().put("TESTCONTAINERS_RYUK_DISABLED", "true");
        pb.environment().putAll(env);
        long since = System.currentTimeMillis() / 1000;
        ChildJvm child = ChildJvm.start(pb, Files.createTempFile(home, "child", ".log"));
        String log = child.awaitSuccess(Duration.ofMinutes(8));
        String runId = log.lines().filter(l -> l.startsWith(RemoteEngineScenarios.RUN)).findFirst()
                .map(l -> l.substring(RemoteEngineScenarios.RUN.length()).trim()).orElseThrow(() -> new AssertionError(log));
        return new ChildRun(log, runId, since, System.currentTimeMillis() / 1000 + 1);
    }

    record ChildRun(String log, String runId, long since, long until) {
        void passed(String scenario, int tests) {
            assertThat(log).as("output of the child").contains(RemoteEngineScenarios.RESULT + scenario + " succeeded=" + tests + " failed=0");
        }

        void failed(String scenario, String... messageParts) {
            assertThat(log).contains(RemoteEngineScenarios.RESULT + scenario + " succeeded=0 failed=1");
            String failure = log.lines().filter(l -> l.startsWith("BERTH-FAILURE " + scenario + ":")).findFirst().orElseThrow();
            assertThat(failure).contains(messageParts);
        }
    }

    /**
     * Events of the engine between the child's start and end that belong to the child's run: its run
     * label (containers), or its run id in the object's name (networks, volumes, compose projects).
     */
    private static List<Event> eventsOfRun(DockerClient client, ChildRun run) throws InterruptedException {
        List<Event> events = new ArrayList<>();
        client.eventsCmd().withSince(String.valueOf(run.since())).withUntil(String.valueOf(run.until()))
                .exec(new ResultCallback.Adapter<Event>() {
                    @Override
                    public void onNext(Event e) {
                        Map<String, String> a = e.getActor() == null || e.getActor().getAttributes() == null ? Map.of()
                                : e.getActor().getAttributes();
                        String id = e.getActor() == null ? "" : String.valueOf(e.getActor().getId());
                        if (run.runId().equals(a.get(RunIdentity.RUN)) || a.getOrDefault("name", "").contains(run.runId())
                                || id.contains(run.runId())
                                || a.getOrDefault("com.docker.compose.project", "").contains(run.runId())) {
                            events.add(e);
                        }
                    }
                }).awaitCompletion(30, TimeUnit.SECONDS);
        return events;
    }

    private static List<String> kinds(List<Event> events) {
        return events.stream().map(e -> e.getType().getValue() + " " + e.getAction()).toList();
    }

    private void nothingLeftOnRemote() {
        assertThat(remote.listContainersCmd().withShowAll(true).withLabelFilter(Map.of(RunIdentity.MANAGED, "true")).exec())
                .as("containers left on the remote engine").isEmpty();
        assertThat(remote.listNetworksCmd().withFilter("label", List.of(RunIdentity.MANAGED + "=true")).exec())
                .as("networks left on the remote engine").isEmpty();
        assertThat(remote.listVolumesCmd().withFilter("label", List.of(RunIdentity.MANAGED + "=true")).exec().getVolumes())
                .as("volumes left on the remote engine").isNullOrEmpty();
        assertThat(remote.listImagesCmd().withImageNameFilter("berth-remote/site").exec())
                .as("the built image (keep = false) was removed").isEmpty();
    }

    @Test
    @DisplayName("with only DOCKER_HOST=tcp://IP:2375: networks, volumes, bind mounts (container and compose), a build, published ports, assertions, compose, preflight, cleanup; nothing on the local engine")
    void onlyDockerHost(@TempDir Path home) throws Exception {
        ChildRun run = child(home, Map.of("DOCKER_HOST", "tcp://" + ip + ":2375"),
                List.of("Core", "Stack", "BindStack", "FileBindStack", "Preflight", "PortWait"));
        run.passed("Core", 1);
        run.passed("Stack", 1);
        run.passed("PortWait", 1);
        assertThat(run.log()).contains("BERTH-ENGINE remote engine at tcp://" + ip + ":2375 (published ports at " + ip + ")");
        assertThat(run.log()).contains("BERTH-CONTAINER-IPS routable=false");
        run.passed("BindStack", 1);
        run.failed("FileBindStack", "bind-mounts", "index.html", "cannot see this machine's files", "this is a file",
                "refuses the stack before anything starts");
        run.failed("Preflight", "berth-remote/absent:1");
        // the remote engine saw the run's objects come and go; the local engine saw none of them
        List<Event> remoteEvents = eventsOfRun(remote, run);
        assertThat(kinds(remoteEvents))
                .contains("container create", "container destroy", "network create", "network destroy", "volume create", "volume destroy");
        assertThat(remoteEvents).as("compose containers on the remote engine")
                .anyMatch(e -> e.getActor().getAttributes().containsKey("com.docker.compose.project"));
        assertThat(eventsOfRun(local, run)).as("events of the child's run on the local engine").isEmpty();
        nothingLeftOnRemote();
    }

    @Test
    @DisplayName("with the address only in ~/.testcontainers.properties: the docker CLI (compose, build) and the Java client use the same engine")
    void onlyPropertiesFile(@TempDir Path home) throws Exception {
        // tag::properties-only[]
        Files.writeString(home.resolve(".testcontainers.properties"), "docker.host=tcp://" + ip + ":2375\n");
        ChildRun run = child(home, Map.of(), List.of("Core", "Stack"));
        // Core: the CLI builds berth-remote/site:1 and the Java client runs it; Stack: the CLI starts
        // the stack and the Java client finds and inspects its containers. Either fails if they disagree.
        run.passed("Core", 1);
        run.passed("Stack", 1);
        // end::properties-only[]
        List<Event> remoteEvents = eventsOfRun(remote, run);
        assertThat(remoteEvents).as("compose containers on the remote engine")
                .anyMatch(e -> e.getActor() != null && e.getActor().getAttributes().containsKey("com.docker.compose.project"));
        assertThat(eventsOfRun(local, run)).as("events of the child's run on the local engine").isEmpty();
        nothingLeftOnRemote();
    }

    @Test
    @DisplayName("no container-IP dialling on the remote engine: waits go through the probe (auto), and berth.engine.container-ips=direct dials the IP instead")
    void containerIpDialling(@TempDir Path home) throws Exception {
        ChildRun run = child(home, Map.of("DOCKER_HOST", "tcp://" + ip + ":2375"),
                List.of("PortWait", "NotListening", "NotListening;berth.engine.container-ips=direct"));
        run.passed("PortWait", 1);
        assertThat(run.log()).contains("BERTH-CONTAINER-IPS routable=false");
        List<String> deaf = run.log().lines().filter(l -> l.startsWith("BERTH-FAILURE NotListening:")).toList();
        // auto: the probe asked inside the container's network namespace, and nothing listened
        assertThat(deaf).as("failures of NotListening; output:%n%s", run.log()).isNotEmpty();
        assertThat(deaf.get(0)).contains("8972").contains("probe: nc 127.0.0.1:8972");
        // direct: the inner engine's container IP is dialled from this JVM. It is not routed here, so the answer
        // is meaningless: on this machine's network anything at an unknown address may accept (a false "ready"),
        // elsewhere the wait times out dialling the IP. Either way it is not the probe's answer.
        boolean falseReady = run.log().contains("BERTH-FALSE-READY");
        if (!falseReady) {
            assertThat(deaf).hasSize(2);
            assertThat(deaf.get(1)).contains(":8972").doesNotContain("probe: nc");
        }
        nothingLeftOnRemote();
    }

    @Test
    @DisplayName("the environment benchmark: remote engine vs local engine (medians, printed)")
    void benchmark(@TempDir Path home) throws Exception {
        ChildRun remoteRun = child(home, Map.of("DOCKER_HOST", "tcp://" + ip + ":2375"), List.of("bench=6"));
        ChildRun localRun = child(home, Map.of(), List.of("bench=6"));
        long remoteMedian = median(remoteRun.log());
        long localMedian = median(localRun.log());
        System.out.printf("[remote-engine] helper start %d ms; benchmark median remote %d ms, local %d ms, ratio %.2f%n",
                helperStartMillis, remoteMedian, localMedian, (double) remoteMedian / localMedian);
        // the same run-label check that proves the remote runs left the local engine alone sees a local run
        assertThat(eventsOfRun(local, localRun)).as("the local child's events on the local engine").isNotEmpty();
        assertThat(eventsOfRun(local, remoteRun)).as("the remote child's events on the local engine").isEmpty();
        nothingLeftOnRemote();
    }

    /** A {@link CrashSweepChild} holding its environment on the remote engine, its output in {@code out}. */
    private ChildJvm holdingChild(Path home, Path out) throws IOException {
        ProcessBuilder pb = ChildJvm.command(List.of(), List.of("-Duser.home=" + home), CrashSweepChild.class, "hold");
        pb.environment().remove("TESTCONTAINERS_HOST_OVERRIDE");
        pb.environment().put("DOCKER_HOST", "tcp://" + ip + ":2375");
        return ChildJvm.start(pb, out);
    }

    /** The run id of a holding child, once its environment exists on the remote engine. */
    private static String awaitRunId(ChildJvm child) {
        return child.awaitReady(CrashSweepChild.READY, Duration.ofSeconds(90));
    }

    /** Containers, networks and volumes of a run on the remote engine, as "kind name". */
    private List<String> remoteObjectsOf(String run) {
        List<String> out = new ArrayList<>();
        remote.listContainersCmd().withShowAll(true).withLabelFilter(Map.of(RunIdentity.RUN, run)).exec()
                .forEach(c -> out.add("container " + c.getNames()[0]));
        remote.listNetworksCmd().withFilter("label", List.of(RunIdentity.RUN + "=" + run)).exec().forEach(n -> out.add("network " + n.getName()));
        var vols = remote.listVolumesCmd().withFilter("label", List.of(RunIdentity.RUN + "=" + run)).exec().getVolumes();
        (vols == null ? List.<com.github.dockerjava.api.command.InspectVolumeResponse>of() : vols).forEach(v -> out.add("volume " + v.getName()));
        return out;
    }

    private void awaitRecordExited(String run) {
        Awaitility.await("the run record of " + run + " on the remote engine exits").atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200)).until(() -> remote.listContainersCmd().withShowAll(true)
                        .withLabelFilter(Map.of(RunIdentity.RUN, run, RunIdentity.KIND, dev.berth.internal.RunRecord.KIND)).exec()
                        .stream().noneMatch(c -> "running".equals(c.getState())));
    }

    @Test
    @DisplayName("the sweep on a remote engine: a SIGKILLed JVM's objects there are swept once its run record exits (the TCP connection closed); a live JVM's are kept")
    void sweepOnTheRemoteEngine(@TempDir Path home) throws Exception {
        ChildJvm live = holdingChild(home, home.resolve("live.log"));
        ChildJvm doomed = holdingChild(home, home.resolve("doomed.log"));
        String liveRun = null;
        try {
            liveRun = awaitRunId(live);
            String doomedRun = awaitRunId(doomed);
            List<String> liveObjects = remoteObjectsOf(liveRun);
            assertThat(liveObjects).anyMatch(o -> o.startsWith("network ")).anyMatch(o -> o.startsWith("volume "));
            assertThat(remoteObjectsOf(doomedRun)).anyMatch(o -> o.startsWith("network "));
            doomed.kill();
            awaitRecordExited(doomedRun);
            var swept = dev.berth.internal.Sweeper.sweep(remote, new dev.berth.internal.Sweeper.Options(Duration.ZERO, Duration.ofMinutes(30)));
            assertThat(remoteObjectsOf(doomedRun)).as("objects of the killed JVM on the remote engine after the sweep (%s)", swept).isEmpty();
            assertThat(remoteObjectsOf(liveRun)).as("objects of the live JVM after the sweep").containsExactlyInAnyOrderElementsOf(liveObjects);
            assertThat(objectsOfRunIds(local, List.of(liveRun, doomedRun))).as("the children's objects on the local engine").isEmpty();
        } finally {
            live.process().destroyForcibly();
            live.process().waitFor(30, TimeUnit.SECONDS);
            doomed.process().destroyForcibly();
            if (liveRun != null) {
                awaitRecordExited(liveRun);
                dev.berth.internal.Sweeper.sweep(remote, new dev.berth.internal.Sweeper.Options(Duration.ZERO, Duration.ofMinutes(30)));
                assertThat(remoteObjectsOf(liveRun)).as("objects of the second JVM once killed and swept").isEmpty();
            }
        }
    }

    /** Containers and networks on an engine that carry one of these run ids. */
    private static List<String> objectsOfRunIds(DockerClient client, List<String> runs) {
        List<String> found = new ArrayList<>();
        for (String run : runs) {
            client.listContainersCmd().withShowAll(true).withLabelFilter(Map.of(RunIdentity.RUN, run)).exec()
                    .forEach(c -> found.add(c.getNames()[0]));
            client.listNetworksCmd().withFilter("label", List.of(RunIdentity.RUN + "=" + run)).exec().forEach(n -> found.add(n.getName()));
        }
        return found;
    }

    private static long median(String log) {
        String line = log.lines().filter(l -> l.startsWith(RemoteEngineScenarios.TIMING)).findFirst().orElseThrow(() -> new AssertionError(log));
        assertThat(log).doesNotContain("BERTH-FAILURE");
        long[] ms = java.util.Arrays.stream(line.substring(RemoteEngineScenarios.TIMING.length()).trim().split(" "))
                .mapToLong(Long::parseLong).toArray();
        // the first run pays class loading and the first contact with the engine: dropped
        long[] rest = java.util.Arrays.stream(ms).skip(1).sorted().toArray();
        return rest[rest.length / 2];
    }
}
