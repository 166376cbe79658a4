package dev.berth.internal;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.DockerException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JVM shutdown hook: when a JVM exits while environments are still open (a test calls
 * {@code System.exit}, a build tool ends the fork, Ctrl-C), it removes them, newest first, as
 * their scopes would have (a {@link dev.berth.Removal#NEVER} environment is kept); then it ends
 * this run's {@link RunRecord}, removing it when nothing of the run is left. A {@code kill -9}
 * runs no hook: that is what the {@link Sweeper} is for.
 */
final class ShutdownCleanup {

    private static final Logger LOG = LoggerFactory.getLogger(ShutdownCleanup.class);
    private static final AtomicBoolean INSTALLED = new AtomicBoolean();

    private ShutdownCleanup() {
    }

    static void install() {
        if (INSTALLED.compareAndSet(false, true)) {
            Runtime.getRuntime().addShutdownHook(new Thread(ShutdownCleanup::run, "berth-shutdown"));
        }
    }

    static void run() {
        List<Environment> open = Environment.openEnvironments();
        Collections.reverse(open);
        for (Environment e : open) {
            try {
                e.close();
            } catch (RuntimeException failure) {
                // the JVM is ending: report and go on with the next environment
                LOG.warn("Berth could not remove an environment at JVM exit: {}", failure.getMessage());
                System.err.println("Berth could not remove an environment at JVM exit: " + failure.getMessage());
            }
        }
        dev.berth.internal.swarm.Cluster.closeOpen(); // local swarm nodes outlive the environments on them
        RunRecord record = RunRecord.awaitCurrent(); // one still starting is ended too, not left to the grace period
        if (record != null) {
            boolean nothingLeft;
            try {
                nothingLeft = leftovers().isEmpty();
            } catch (DockerException failure) {
                LOG.warn("Berth could not list what its run left at exit: {}", failure.getMessage());
                nothingLeft = false;
            }
            record.close(nothingLeft); // when something is kept (not for reuse), the exited record lets a later sweep remove it
        }
        // the records on real hosts of a swarm: each removed when this run left nothing on its engine
        RunRecord.onEngines().forEach((engine, other) -> {
            if (!other.engineAnswers()) {
                LOG.info("Berth's run record on {} is not ended at exit: that engine does not answer (its record ended"
                        + " with the connection, a later run's sweep there removes it)", engine);
                return;
            }
            try {
                other.close(nothingLeftSoon(other.client()));
            } catch (RuntimeException failure) {
                LOG.warn("Berth could not end its run record on {} at exit: {}", engine, failure.getMessage());
            }
        });
    }

    /**
     * Whether nothing of this run is left on that engine within three seconds: a swarm's manager lists an
     * overlay network for a moment after its removal returned.
     */
    private static boolean nothingLeftSoon(DockerClient client) {
        long deadline = System.nanoTime() + 3_000_000_000L;
        while (!leftovers(client).isEmpty()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    /** Objects of this run other than its record. */
    static List<String> leftovers() {
        return leftovers(Docker.get().client());
    }

    /**
     * Objects of this run other than its record on the engine of {@code client}, and other than those
     * of a kept environment with its anchor, its lock excepted (they are never swept: removed by age or
     * by the removal command, by their hash; the record would only make the next run's sweep read it
     * and remove it).
     */
    static List<String> leftovers(DockerClient client) {
        String filter = RunIdentity.RUN + "=" + RunIdentity.current().runId();
        Map<String, Map<String, String>> left = new LinkedHashMap<>(); // ID or name -> labels
        client.listContainersCmd().withShowAll(true).withLabelFilter(List.of(filter)).exec().stream()
                .filter(c -> c.getLabels() == null || !RunRecord.KIND.equals(c.getLabels().get(RunIdentity.KIND)))
                .forEach(c -> left.put(c.getId(), labels(c.getLabels())));
        client.listNetworksCmd().withFilter("label", List.of(filter)).exec().forEach(n -> left.put(n.getId(), labels(n.getLabels())));
        var volumes = client.listVolumesCmd().withFilter("label", List.of(filter)).exec().getVolumes();
        if (volumes != null) {
            volumes.forEach(v -> left.put(v.getName(), labels(v.getLabels())));
        }
        if (left.values().stream().anyMatch(l -> l.containsKey(Reuse.LABEL))) {
            Set<String> anchored = KeptEnvironments.anchored(client);
            // but not a lock still there (its release failed): its exited record tells the next run at once that it is dead
            left.values().removeIf(l -> anchored.contains(l.get(Reuse.LABEL)) && !Reuse.LOCK.equals(l.get(RunIdentity.KIND)));
        }
        return new ArrayList<>(left.keySet());
    }

    private static Map<String, String> labels(Map<String, String> labels) {
        return labels == null ? Map.of() : labels;
    }
}
