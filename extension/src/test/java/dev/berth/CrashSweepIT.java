package dev.berth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.LeakCheck.DockerObject;
import dev.berth.internal.RunIdentity;
import dev.berth.internal.Sweeper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The sweeper against real crashed and live JVMs, and {@link RunIdentity#isDeadRun} on label maps.
 */
class CrashSweepIT {

    /** A second JVM running {@link CrashSweepChild}, ready once its environment exists. */
    record Child(Process process, String runId, Path stderr) {

        static Child start() throws IOException {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Path stderr = Files.createTempFile("berth-crash-child", ".log");
            ProcessBuilder pb = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), CrashSweepChild.class.getName())
                    .redirectError(stderr.toFile());
            return new Child(pb.start(), null, stderr);
        }

        /** Waits for the READY line; returns the child with its run id. */
        Child awaitReady() throws Exception {
            BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            CompletableFuture<String> ready = CompletableFuture.supplyAsync(() -> {
                try {
                    for (String line = out.readLine(); line != null; line = out.readLine()) {
                        if (line.startsWith(CrashSweepChild.READY)) {
                            return line.substring(CrashSweepChild.READY.length()).split(" ")[0];
                        }
                    }
                    return null;
                } catch (IOException e) {
                    throw new IllegalStateException("reading the child's output failed", e);
                }
            });
            String run = ready.get(90, TimeUnit.SECONDS);
            assertThat(run).as("the child JVM ended before its environment was ready; its stderr:\n%s", Files.readString(stderr)).isNotNull();
            return new Child(process, run, stderr);
        }

        void kill() throws InterruptedException {
            process.destroyForcibly();
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("the child JVM died").isTrue();
        }
    }

    @Test
    @DisplayName("the objects of a SIGKILLed JVM are swept; those of a live JVM are not, until it dies too")
    void sweepsKilledRunsOnly() throws Exception {
        Child live = null;
        Child doomed = null;
        try {
            Child liveStarting = Child.start();
            live = liveStarting;
            Child doomedStarting = Child.start();
            doomed = doomedStarting;
            live = liveStarting.awaitReady();
            doomed = doomedStarting.awaitReady();

            List<DockerObject> liveObjects = LeakCheck.objectsOfRun(live.runId());
            List<DockerObject> doomedObjects = LeakCheck.objectsOfRun(doomed.runId());
            assertThat(liveObjects).extracting(DockerObject::kind).contains("container", "network", "volume");
            assertThat(doomedObjects).extracting(DockerObject::kind).contains("container", "network", "volume");

            doomed.kill();
            assertThat(LeakCheck.objectsOfRun(doomed.runId())).as("a kill -9 leaves the objects behind")
                    .containsExactlyInAnyOrderElementsOf(doomedObjects);

            Sweeper.Result swept = Sweeper.sweep(LeakCheck.client());
            assertThat(swept.toString()).contains(doomedObjects.stream().filter(o -> o.kind().equals("network")).findFirst().orElseThrow().name());
            assertThat(LeakCheck.objectsOfRun(doomed.runId())).as("objects of the killed JVM after the sweep").isEmpty();
            assertThat(LeakCheck.objectsOfRun(live.runId())).as("objects of the live JVM after the sweep")
                    .containsExactlyInAnyOrderElementsOf(liveObjects);
            assertThat(live.process().isAlive()).isTrue();

            live.kill();
            Sweeper.sweep(LeakCheck.client());
            assertThat(LeakCheck.objectsOfRun(live.runId())).as("objects of the second JVM once it was killed and swept").isEmpty();
        } finally {
            List<String> leftovers = new ArrayList<>();
            for (Child c : new Child[] {live, doomed}) {
                if (c != null && c.process().isAlive()) {
                    c.kill();
                }
                if (c != null && c.runId() != null) {
                    leftovers.addAll(LeakCheck.objectsOfRun(c.runId()).stream().map(Object::toString).toList());
                }
            }
            if (!leftovers.isEmpty()) {
                Sweeper.sweep(LeakCheck.client()); // the children are dead now: a failed assertion must not leak
            }
        }
    }

    @Nested
    @DisplayName("RunIdentity.isDeadRun")
    class IsDeadRun {

        private final RunIdentity me = RunIdentity.current();

        /** Labels as another run on this host with the given pid and start would write them. */
        private Map<String, String> labels(String run, String host, String pid, String start) {
            Map<String, String> labels = new HashMap<>(me.labels("container", "x", "scope"));
            labels.put(RunIdentity.RUN, run);
            labels.put(RunIdentity.HOST, host);
            labels.put(RunIdentity.PID, pid);
            labels.put(RunIdentity.PID_START, start);
            return labels;
        }

        private String myStart() {
            return me.labels("container", "x", "scope").get(RunIdentity.PID_START);
        }

        private String myPid() {
            return Long.toString(ProcessHandle.current().pid());
        }

        private String deadPid() throws Exception {
            Process p = new ProcessBuilder("true").start();
            assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
            return Long.toString(p.pid());
        }

        @Test
        void nullOrUnmanagedLabelsAreNotDead() {
            assertThat(RunIdentity.isDeadRun(null)).isFalse();
            assertThat(RunIdentity.isDeadRun(Map.of())).isFalse();
            Map<String, String> unmanaged = labels("other", me.host(), "999999999", "unknown");
            unmanaged.put(RunIdentity.MANAGED, "false");
            assertThat(RunIdentity.isDeadRun(unmanaged)).isFalse();
        }

        @Test
        void aRunWhosePidIsGoneIsDead() throws Exception {
            assertThat(RunIdentity.isDeadRun(labels("other", me.host(), deadPid(), "unknown"))).isTrue();
        }

        @Test
        void theCurrentRunIsNeverDeadWhateverItsPid() throws Exception {
            assertThat(RunIdentity.isDeadRun(labels(me.runId(), me.host(), deadPid(), "unknown"))).isFalse();
        }

        @Test
        void anotherHostIsNeverJudged() throws Exception {
            assertThat(RunIdentity.isDeadRun(labels("other", me.host() + "-elsewhere", deadPid(), "unknown"))).isFalse();
        }

        @Test
        void aLiveProcessWithTheSameStartIsAlive() {
            assertThat(RunIdentity.isDeadRun(labels("other", me.host(), myPid(), myStart()))).isFalse();
        }

        @Test
        void aLiveProcessWithAnotherStartIsAReusedPid() {
            assertThat(myStart()).isNotEqualTo("unknown");
            assertThat(RunIdentity.isDeadRun(labels("other", me.host(), myPid(), "2001-01-01T00:00:00Z"))).isTrue();
        }

        @Test
        void aLiveProcessWithUnknownStartCountsAsAlive() {
            assertThat(RunIdentity.isDeadRun(labels("other", me.host(), myPid(), "unknown"))).isFalse();
        }

        @Test
        void anUnreadablePidIsNotJudged() {
            assertThat(RunIdentity.isDeadRun(labels("other", me.host(), "not-a-pid", "unknown"))).isFalse();
            Map<String, String> noPid = labels("other", me.host(), "1", "unknown");
            noPid.remove(RunIdentity.PID);
            assertThat(RunIdentity.isDeadRun(noPid)).isFalse();
        }
    }
}
