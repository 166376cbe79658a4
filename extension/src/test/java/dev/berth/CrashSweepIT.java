package dev.berth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.berth.LeakCheck.DockerObject;
import dev.berth.internal.RunIdentity;
import dev.berth.internal.Sweeper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.time.Duration;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.HostConfig;
import dev.berth.internal.RunRecord;
import org.awaitility.Awaitility;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The sweeper against real crashed, frozen, exiting and live JVMs, some in their own PID namespace or
 * with another host name, and against objects that carry Berth's labels without being Berth's.
 */
class CrashSweepIT {

    /** A short heartbeat limit would sweep live runs of other JVMs on this engine (10 s heartbeat): one run only. */
    private static Sweeper.Result sweepOnly(String run, Duration maxAge) {
        return Sweeper.sweep(LeakCheck.client(), new Sweeper.Options(Duration.ZERO, maxAge, run));
    }

    /** Sweeps every run, with no grace after a record exited (the tests wait for that). */
    private static Sweeper.Result sweep() {
        return Sweeper.sweep(LeakCheck.client(), new Sweeper.Options(Duration.ZERO, Duration.ofMinutes(30)));
    }

    /** A second JVM running {@link CrashSweepChild}, ready once its environment exists. */
    record Child(ChildJvm jvm, String runId) {

        static Child start(String mode) throws IOException {
            return start(List.of(), List.of(), mode);
        }

        /** Starts the child behind {@code wrapper} (e.g. unshare) with extra JVM options. */
        static Child start(List<String> wrapper, List<String> jvmOptions, String mode) throws IOException {
            ProcessBuilder command = ChildJvm.command(wrapper, jvmOptions, CrashSweepChild.class, mode);
            return new Child(ChildJvm.start(command, Files.createTempFile("berth-crash-child", ".log")), null);
        }

        /** Waits for the READY line; returns the child with its run id. */
        Child awaitReady() {
            return new Child(jvm, jvm.awaitReady(CrashSweepChild.READY, Duration.ofSeconds(90)));
        }

        Process process() {
            return jvm.process();
        }

        void kill() throws InterruptedException {
            jvm.kill();
        }

        /** Waits until the engine has seen this run's record exit (its JVM's connection closed). */
        void awaitRecordExited() {
            Awaitility.await("the run record of " + runId + " exits").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                    .until(() -> recordsOf(runId).stream().noneMatch(c -> "running".equals(c.getState())));
        }

        /** The labels of this run's objects, as Docker stores them (one map per object). */
        List<Map<String, String>> labels() {
            return LeakCheck.objectsOfRun(runId).stream().map(DockerObject::labels).toList();
        }
    }

    static List<Container> recordsOf(String run) {
        return LeakCheck.client().listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of(RunIdentity.RUN, run, RunIdentity.KIND, RunRecord.KIND)).exec();
    }

    /** Kills the children that still live and sweeps: a failed assertion must not leak their objects. */
    private static void tearDown(Child... children) throws InterruptedException {
        boolean any = false;
        for (Child c : children) {
            if (c != null && c.process().isAlive()) {
                c.process().destroyForcibly();
                c.process().waitFor(30, TimeUnit.SECONDS);
            }
            if (c != null && c.runId() != null) {
                c.awaitRecordExited();
                any = true;
            }
        }
        if (any) {
            sweep();
        }
    }

    @Test
    @DisplayName("the objects of a SIGKILLed JVM are swept; those of a live JVM are not, until it dies too")
    void sweepsKilledRunsOnly() throws Exception {
        Child live = null;
        Child doomed = null;
        try {
            Child liveStarting = Child.start("hold");
            live = liveStarting;
            Child doomedStarting = Child.start("hold");
            doomed = doomedStarting;
            live = liveStarting.awaitReady();
            doomed = doomedStarting.awaitReady();

            List<DockerObject> liveObjects = LeakCheck.objectsOfRun(live.runId());
            List<DockerObject> doomedObjects = LeakCheck.objectsOfRun(doomed.runId());
            assertThat(liveObjects).extracting(DockerObject::kind).contains("container", "network", "volume");
            assertThat(doomedObjects).extracting(DockerObject::kind).contains("container", "network", "volume");

            doomed.kill();
            doomed.awaitRecordExited();
            assertThat(LeakCheck.objectsOfRun(doomed.runId())).as("a kill -9 leaves the objects behind")
                    .containsExactlyInAnyOrderElementsOf(doomedObjects);

            // (not "this sweep removed them": another JVM sweeping the same engine at the same time may have got there first)
            Sweeper.Result swept = sweep();
            assertThat(LeakCheck.objectsOfRun(doomed.runId())).as("objects of the killed JVM after the sweep, record included (%s)", swept)
                    .isEmpty();
            assertThat(LeakCheck.objectsOfRun(live.runId())).as("objects of the live JVM after the sweep")
                    .containsExactlyInAnyOrderElementsOf(liveObjects);
            assertThat(live.process().isAlive()).isTrue();

            live.kill();
            live.awaitRecordExited();
            Sweeper.Result second = sweep();
            assertThat(LeakCheck.objectsOfRun(live.runId())).as("objects of the second JVM once it was killed and swept (%s)", second)
                    .isEmpty();
        } finally {
            tearDown(live, doomed);
        }
    }

    @Test
    @DisplayName("the compose stack of a SIGKILLed JVM is swept: its containers, networks and volume")
    void composeStackOfAKilledRunIsSwept() throws Exception {
        Child doomed = null;
        try {
            doomed = Child.start("compose").awaitReady();
            List<DockerObject> objects = LeakCheck.objectsOfRun(doomed.runId());
            assertThat(objects).extracting(DockerObject::kind).contains("container", "network", "volume");
            doomed.kill();
            doomed.awaitRecordExited();
            sweep();
            assertThat(LeakCheck.objectsOfRun(doomed.runId())).as("the stack of the killed JVM after the sweep").isEmpty();
        } finally {
            tearDown(doomed);
        }
    }

    @Test
    @DisplayName("issue 12 #2: a live run in another PID namespace, same host name, whose pid is alive here too, is never swept")
    void liveRunInAnotherPidNamespaceIsKept() throws Exception {
        assumeTrue(Unshare.available(), "needs root and unshare(1) to start a JVM in its own PID namespace");
        Child other = null;
        try {
            other = Child.start(Unshare.pidNamespace(), List.of(), "hold").awaitReady();
            List<DockerObject> objects = LeakCheck.objectsOfRun(other.runId());
            // it presents this host's name and pid 1, which is alive here (init) with another start time
            assertThat(other.labels()).allSatisfy(l -> assertThat(l).containsEntry(RunIdentity.HOST, RunIdentity.current().host())
                    .containsEntry(RunIdentity.PID, "1"));

            sweep();
            assertThat(LeakCheck.objectsOfRun(other.runId())).as("objects of the live JVM in another PID namespace after a sweep")
                    .containsExactlyInAnyOrderElementsOf(objects);

            other.kill();
            other.awaitRecordExited();
            sweep();
            assertThat(LeakCheck.objectsOfRun(other.runId())).as("its objects once it was killed and swept").isEmpty();
        } finally {
            tearDown(other);
        }
    }

    @Test
    @DisplayName("issue 15 #6: runs that present another host name are kept while live and swept once provably dead")
    void runsOfAnotherHostAreSweptOnceDead() throws Exception {
        assumeTrue(Unshare.available(), "needs root and unshare(1) to start a JVM with its own host name");
        Child live = null;
        Child doomed = null;
        try {
            Child liveStarting = Child.start(Unshare.otherHost(), Unshare.otherHostJvmOptions(), "hold");
            live = liveStarting;
            Child doomedStarting = Child.start(Unshare.otherHost(), Unshare.otherHostJvmOptions(), "hold");
            doomed = doomedStarting;
            live = liveStarting.awaitReady();
            doomed = doomedStarting.awaitReady();
            assertThat(live.labels()).allSatisfy(l -> assertThat(l).containsEntry(RunIdentity.HOST, Unshare.OTHER_HOST));
            List<DockerObject> liveObjects = LeakCheck.objectsOfRun(live.runId());

            doomed.kill();
            doomed.awaitRecordExited();
            sweep();
            assertThat(LeakCheck.objectsOfRun(doomed.runId())).as("objects of the killed JVM of the other host after a sweep").isEmpty();
            assertThat(LeakCheck.objectsOfRun(live.runId())).as("objects of the live JVM of the other host after a sweep")
                    .containsExactlyInAnyOrderElementsOf(liveObjects);
        } finally {
            tearDown(live, doomed);
        }
    }

    @Test
    @DisplayName("a run whose record still runs but whose heartbeat stopped (a frozen JVM, a vanished host) is swept only past the configured age")
    void staleHeartbeatIsDeadOnlyPastMaxAge() throws Exception {
        Child frozen = null;
        try {
            frozen = Child.start(List.of(), List.of("-D" + RunRecord.HEARTBEAT + "=300ms"), "hold").awaitReady();
            List<DockerObject> objects = LeakCheck.objectsOfRun(frozen.runId());
            Thread.sleep(2500);
            sweepOnly(frozen.runId(), Duration.ofSeconds(2));
            assertThat(LeakCheck.objectsOfRun(frozen.runId())).as("a live run refreshes its heartbeat: kept with a 2 s limit")
                    .containsExactlyInAnyOrderElementsOf(objects);

            Process stop = new ProcessBuilder("kill", "-STOP", Long.toString(frozen.process().pid())).start();
            assertThat(stop.waitFor(10, TimeUnit.SECONDS) && stop.exitValue() == 0).as("SIGSTOP the child").isTrue();
            Thread.sleep(2500);
            assertThat(recordsOf(frozen.runId())).extracting(Container::getState).containsOnly("running");
            sweepOnly(frozen.runId(), Duration.ofMinutes(10));
            assertThat(LeakCheck.objectsOfRun(frozen.runId())).as("frozen for 2.5 s, limit 10 min: kept")
                    .containsExactlyInAnyOrderElementsOf(objects);
            sweepOnly(frozen.runId(), Duration.ofSeconds(2));
            assertThat(LeakCheck.objectsOfRun(frozen.runId())).as("frozen for 2.5 s, limit 2 s: swept").isEmpty();
        } finally {
            tearDown(frozen);
        }
    }

    @Test
    @DisplayName("issue 12 #3: a docker-commit copy and a hand-labelled volume are reported, never removed; an unremovable object does not stop the sweep")
    void onlyWhatTheRunCreatedIsSwept() throws Exception {
        DockerClient client = LeakCheck.client();
        String me = RunIdentity.current().runId();
        Child doomed = null;
        String copyImage = null;
        String copy = null;
        String handmade = "berth-handmade-" + me;
        String holder = null;
        try {
            doomed = Child.start("hold").awaitReady();
            List<DockerObject> objects = LeakCheck.objectsOfRun(doomed.runId());
            DockerObject app = objects.stream().filter(o -> o.kind().equals("container") && o.logicalName().equals("crash-app"))
                    .findFirst().orElseThrow();
            DockerObject net = objects.stream().filter(o -> o.kind().equals("network")).findFirst().orElseThrow();
            DockerObject vol = objects.stream().filter(o -> o.kind().equals("volume")).findFirst().orElseThrow();

            // a container made from a docker commit of the run's container carries all its labels
            copyImage = client.commitCmd(app.id()).withRepository("berth-test/commit-copy").withTag(me).exec();
            copy = client.createContainerCmd(copyImage).withName("berth-copy-" + me).exec().getId();
            assertThat(EngineState.labels(copy)).containsEntry(RunIdentity.RUN, doomed.runId()).containsEntry(RunIdentity.MANAGED, "true");
            // a volume made by hand with the run's labels
            client.createVolumeCmd().withName(handmade).withLabels(vol.labels()).exec();
            // a container of this (live) run holds the doomed run's network: that network cannot be removed
            Map<String, String> mine = new HashMap<>(RunIdentity.current().labels("test-holder", "holder", "CrashSweepTests"));
            holder = client.createContainerCmd("busybox:1.35").withName("berth-holder-" + me).withLabels(mine)
                    .withCmd("sleep", "3600").withHostConfig(HostConfig.newHostConfig().withNetworkMode(net.name())).exec().getId();
            client.startContainerCmd(holder).exec();

            doomed.kill();
            doomed.awaitRecordExited();
            Sweeper.Result swept = sweep();

            assertThat(EngineState.containerExists(copy)).as("the commit copy survives the sweep").isTrue();
            assertThat(EngineState.volumeExists(handmade)).as("the hand-labelled volume survives the sweep").isTrue();
            assertThat(swept.notProvable()).as("reported as not provably Berth's")
                    .contains("container berth-copy-" + me, "volume " + handmade);
            assertThat(swept.failed()).as("the network that could not be removed is reported")
                    .anySatisfy(f -> assertThat(f).startsWith("network " + net.name()));
            assertThat(EngineState.containerExists(app.id())).as("the run's container is removed all the same").isFalse();
            assertThat(EngineState.volumeExists(vol.name())).as("the run's volume is removed all the same").isFalse();
            assertThat(recordsOf(doomed.runId())).as("the record stays while something of its run is left").hasSize(1);

            client.removeContainerCmd(holder).withForce(true).exec();
            holder = null;
            sweep();
            assertThat(LeakCheck.objectsOfRun(doomed.runId())).as("everything of the dead run once the network is free")
                    .extracting(DockerObject::name).containsExactlyInAnyOrder("berth-copy-" + me, handmade);
            assertThat(recordsOf(doomed.runId())).as("the record, once its run is fully swept").isEmpty();
        } finally {
            // a sweep that wrongly removed one of these must not hide the assertion that says so
            if (holder != null && EngineState.containerExists(holder)) {
                client.removeContainerCmd(holder).withForce(true).exec();
            }
            if (copy != null && EngineState.containerExists(copy)) {
                client.removeContainerCmd(copy).withForce(true).exec();
            }
            if (copyImage != null) {
                client.removeImageCmd(copyImage).withForce(true).exec();
            }
            if (EngineState.volumeExists(handmade)) {
                client.removeVolumeCmd(handmade).exec();
            }
            tearDown(doomed);
        }
    }

    @Test
    @DisplayName("issue 12 #9: a JVM that calls System.exit in the middle of a test leaves nothing, without any sweep")
    void systemExitLeavesNothing() throws Exception {
        Child exiting = Child.start("exit");
        try {
            exiting = exiting.awaitReady();
            assertThat(exiting.process().waitFor(60, TimeUnit.SECONDS)).as("the child exits").isTrue();
            assertThat(exiting.process().exitValue()).as("exit code of the child; its output:\n%s", exiting.jvm().output())
                    .isEqualTo(3);
            assertThat(LeakCheck.objectsOfRun(exiting.runId())).as("what the exited JVM left (its record included)").isEmpty();
        } finally {
            tearDown(exiting);
        }
    }

    @Test
    @DisplayName("a JVM whose run record cannot be started (no such image): a warning, its environment is created all the"
            + " same (nothing waits for the record forever), and it leaves nothing")
    void aRecordThatCannotStartHangsNothing() throws Exception {
        Child exiting = Child.start(List.of(), List.of("-D" + dev.berth.internal.Config.PROBE_IMAGE + "=berth/no-such-probe:"
                + RunIdentity.current().runId()), "exit");
        try {
            exiting = exiting.awaitReady();
            assertThat(exiting.process().waitFor(60, TimeUnit.SECONDS)).as("the child exits").isTrue();
            assertThat(exiting.process().exitValue()).as("exit code of the child; its output:\n%s", exiting.jvm().output())
                    .isEqualTo(3);
            assertThat(exiting.jvm().output()).contains("could not create its run record", "will be reported instead");
            assertThat(LeakCheck.objectsOfRun(exiting.runId())).as("what the exited JVM left").isEmpty();
        } finally {
            if (exiting.process().isAlive()) {
                exiting.process().destroyForcibly();
            }
            Files.deleteIfExists(exiting.jvm().log());
        }
    }

    /** Starts children in their own PID (and UTS) namespaces: root and util-linux's unshare. */
    static final class Unshare {
        static final String OTHER_HOST = "berth-other-host";

        private Unshare() {
        }

        static boolean available() throws InterruptedException {
            try {
                Process p = new ProcessBuilder("unshare", "--pid", "--fork", "--mount-proc", "true").redirectErrorStream(true).start();
                return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
            } catch (IOException e) {
                return false;
            }
        }

        /** The JVM becomes pid 1 of a new PID namespace; killed with unshare. */
        static List<String> pidNamespace() {
            return List.of("unshare", "--pid", "--fork", "--mount-proc", "--kill-child");
        }

        /** A new PID and UTS namespace whose host name is {@link #OTHER_HOST}. */
        static List<String> otherHost() {
            return List.of("unshare", "--pid", "--uts", "--fork", "--mount-proc", "--kill-child",
                    "sh", "-c", "hostname " + OTHER_HOST + " && exec \"$0\" \"$@\"");
        }

        /** Lets the JVM resolve its new host name. */
        static List<String> otherHostJvmOptions() throws IOException {
            Path hosts = Files.createTempFile("berth-other-host", ".hosts");
            Files.writeString(hosts, "127.0.0.1 localhost " + OTHER_HOST + "\n");
            return List.of("-Djdk.net.hosts.file=" + hosts);
        }
    }
}
