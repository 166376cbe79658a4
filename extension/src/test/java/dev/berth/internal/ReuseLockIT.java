package dev.berth.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.WaitContainerResultCallback;
import com.github.dockerjava.api.exception.NotFoundException;
import dev.berth.BerthException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The reuse lock of a run that has no run record yet (it takes its lock while its record still starts). */
@DisplayName("the reuse lock of a holder without a run record")
class ReuseLockIT {

    private final DockerClient client = Docker.get().client();
    private final Config config = Config.of(Map.of(Config.REUSE_LOCK_TIMEOUT, "1s"));
    private final String hash = "it" + UUID.randomUUID().toString().replace("-", "").substring(0, 14);
    /** A run that is not this JVM's: its objects carry its ID, as another JVM's would. */
    private final String otherRun = "it-" + UUID.randomUUID().toString().substring(0, 8);
    private final List<String> made = new ArrayList<>();

    @AfterEach
    void removeWhatTheTestMade() {
        for (String id : made) {
            try {
                client.removeContainerCmd(id).withForce(true).exec();
            } catch (NotFoundException gone) {
                // taken over (removed) by the lock, as the test expects
            }
        }
    }

    /** A container with the labels of {@code kind} of {@link #otherRun}, never started unless {@code run}. */
    private String make(String kind, String name, boolean run) {
        Map<String, String> labels = new java.util.LinkedHashMap<>(RunIdentity.current().labels(kind, null, null));
        labels.put(RunIdentity.RUN, otherRun);
        labels.put(Reuse.LABEL, hash);
        String id = client.createContainerCmd(config.probeImage()).withName(name).withLabels(labels).withEntrypoint("true")
                .withHostConfig(com.github.dockerjava.api.model.HostConfig.newHostConfig().withNetworkMode("none")).exec().getId();
        made.add(id);
        if (run) {
            client.startContainerCmd(id).exec();
            client.waitContainerCmd(id).exec(new WaitContainerResultCallback()).awaitStatusCode(30, TimeUnit.SECONDS);
        }
        return id;
    }

    private String lockName() {
        return "berth-reuse-lock-" + hash;
    }

    @Test
    @DisplayName("a young lock whose run has no record yet is waited for; once older than the grace period it is taken over")
    void noRecordYet() {
        String held = make(Reuse.LOCK, lockName(), false);
        Reuse reuse = new Reuse(hash, false);

        assertThatThrownBy(() -> reuse.lock(config, Duration.ofMinutes(1)))
                .as("a lock younger than the grace period").isInstanceOf(BerthException.class).hasMessageContaining(lockName());
        assertThat(client.inspectContainerCmd(held).exec().getId()).as("the held lock, left alone").isEqualTo(held);

        reuse.lock(config, Duration.ZERO); // now it is as old as the grace period
        try {
            assertThatThrownBy(() -> client.inspectContainerCmd(held).exec()).isInstanceOf(NotFoundException.class);
            assertThat(Reuse.byName(client, lockName())).get().satisfies(lock -> assertThat(lock.getLabels())
                    .containsEntry(RunIdentity.RUN, RunIdentity.current().runId()));
        } finally {
            reuse.unlock();
        }
        assertThat(Reuse.byName(client, lockName())).isEmpty();
    }

    @Test
    @DisplayName("a lock whose run's records have all exited is taken over at once, however young")
    void exitedRecord() {
        make(RunRecord.KIND, "berth-run-" + otherRun, true);
        String held = make(Reuse.LOCK, lockName(), false);
        Reuse reuse = new Reuse(hash, false);

        reuse.lock(config, Duration.ofMinutes(1));
        try {
            assertThatThrownBy(() -> client.inspectContainerCmd(held).exec()).isInstanceOf(NotFoundException.class);
            assertThat(reuse.locked()).isTrue();
        } finally {
            reuse.unlock();
        }
    }
}
