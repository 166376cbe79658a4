package dev.berth.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectVolumeResponse;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Network;
import dev.berth.BerthException;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apiguardian.api.API;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The environments kept by {@link Reuse} as a whole: which are complete (for the {@link Sweeper}),
 * removing one, removing by age, the parts of unfinished creations, and the
 * {@code dev.berth.ReusedEnvironments} command.
 */
@API(status = INTERNAL, since = "0.1")
public final class KeptEnvironments {

    private static final Logger LOG = LoggerFactory.getLogger(KeptEnvironments.class);
    private static final AtomicBoolean EXPIRED_ONCE = new AtomicBoolean();

    private KeptEnvironments() {
    }

    /** The hashes whose environments are complete (they have an anchor): the {@link Sweeper} keeps their objects. */
    static java.util.Set<String> anchored(DockerClient client) {
        java.util.Set<String> hashes = new java.util.HashSet<>();
        for (Container c : client.listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of(RunIdentity.MANAGED, "true", RunIdentity.KIND, Reuse.ANCHOR)).exec()) {
            Optional.ofNullable(c.getLabels().get(Reuse.LABEL)).ifPresent(hashes::add);
        }
        return hashes;
    }

    /**
     * Removes a kept (or unfinished) environment under its lock, waiting up to {@code wait} while a live run
     * uses it: what tests and benchmarks call to remove what they kept.
     */
    public static List<String> removeWhenFree(DockerClient client, String hash, Duration wait) {
        Reuse r = new Reuse(hash, false);
        r.lock(Config.of(Map.of(Config.REUSE_LOCK_TIMEOUT, wait.toMillis() + "ms")));
        try {
            return removeObjects(client, hash);
        } finally {
            r.unlock();
        }
    }

    /** Removes every object of a kept environment: containers first, then networks and volumes, the anchor last. */
    public static List<String> removeObjects(DockerClient client, String hash) {
        List<String> removed = new ArrayList<>();
        List<RuntimeException> errors = new ArrayList<>();
        Container anchor = null;
        for (Container c : client.listContainersCmd().withShowAll(true).withLabelFilter(Map.of(Reuse.LABEL, hash)).exec()) {
            String kind = c.getLabels().get(RunIdentity.KIND);
            if (Reuse.ANCHOR.equals(kind)) {
                anchor = c;
            } else if (!Reuse.LOCK.equals(kind)) {
                Teardown.guard(errors, () -> client.removeContainerCmd(c.getId()).withForce(true).withRemoveVolumes(true).exec());
                removed.add("container " + c.getNames()[0].replaceFirst("^/", ""));
            }
        }
        for (Network n : client.listNetworksCmd().withFilter("label", List.of(Reuse.LABEL + "=" + hash)).exec()) {
            Teardown.guard(errors, () -> client.removeNetworkCmd(n.getId()).exec());
            removed.add("network " + n.getName());
        }
        List<InspectVolumeResponse> volumes = client.listVolumesCmd().withFilter("label", List.of(Reuse.LABEL + "=" + hash)).exec().getVolumes();
        for (InspectVolumeResponse v : volumes == null ? List.<InspectVolumeResponse>of() : volumes) {
            Teardown.guard(errors, () -> client.removeVolumeCmd(v.getName()).exec());
            removed.add("volume " + v.getName());
        }
        if (!errors.isEmpty()) {
            BerthException e = new BerthException("Berth could not remove all of the kept environment " + hash + ": "
                    + errors.get(0).getMessage() + ". Its anchor stays, so 'dev.berth.ReusedEnvironments remove' retries.", errors.get(0));
            errors.stream().skip(1).forEach(e::addSuppressed);
            throw e;
        }
        if (anchor != null) {
            Container a = anchor;
            Teardown.guard(errors, () -> client.removeContainerCmd(a.getId()).withForce(true).exec());
        }
        return removed;
    }

    /** Once per JVM, on the first reused environment: removes kept environments older than the maximum age that no run uses. */
    static void expireOnce(DockerClient client, Config config) {
        if (EXPIRED_ONCE.compareAndSet(false, true)) {
            for (String line : remove(client, config, config.reuseMaxAge(), List.of())) {
                LOG.info("Berth removed a kept environment older than {}: {}", config.reuseMaxAge(), line);
            }
        }
    }

    /**
     * Removes the kept environments older than {@code olderThan} (all with {@link Duration#ZERO}), each under
     * its lock; one a live run holds is skipped (a line saying so). Returns one line per environment.
     */
    static List<String> remove(DockerClient client, Config config, Duration olderThan, List<String> only) {
        List<String> lines = new ArrayList<>();
        lines.addAll(removeUnfinished(client, config, olderThan, only));
        for (Container anchor : client.listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of(RunIdentity.MANAGED, "true", RunIdentity.KIND, Reuse.ANCHOR)).exec()) {
            String hash = anchor.getLabels().getOrDefault(Reuse.LABEL, "");
            String scope = anchor.getLabels().getOrDefault(Reuse.SCOPE_LABEL, "?");
            if (hash.isEmpty() || Instant.ofEpochSecond(anchor.getCreated()).plus(olderThan).isAfter(Instant.now())
                    || !only.isEmpty() && !only.contains(hash)) {
                continue;
            }
            Reuse r = new Reuse(hash, false);
            try {
                r.lock(Config.of(Map.of(Config.REUSE_LOCK_TIMEOUT, "0s", Config.PROBE_IMAGE, config.probeImage())));
            } catch (BerthException inUse) {
                lines.add("skipped " + hash + " (" + scope + "): a live run is using it");
                continue;
            }
            try {
                List<String> removed = removeObjects(client, hash);
                lines.add("removed " + hash + " (" + scope + "): " + String.join(", ", removed));
            } catch (BerthException e) {
                lines.add("failed " + hash + " (" + scope + "): " + e.getMessage());
            } finally {
                r.unlock();
            }
        }
        return lines;
    }

    /** Removes the parts of creations a crash cut short: objects of a hash without an anchor whose lock no live run holds. */
    private static List<String> removeUnfinished(DockerClient client, Config config, Duration olderThan, List<String> only) {
        java.util.Set<String> anchored = anchored(client);
        Map<String, Instant> unfinished = new LinkedHashMap<>();
        for (Container c : client.listContainersCmd().withShowAll(true).withLabelFilter(List.of(Reuse.LABEL)).exec()) {
            String hash = c.getLabels().get(Reuse.LABEL);
            if (!anchored.contains(hash) && !Reuse.LOCK.equals(c.getLabels().get(RunIdentity.KIND))) {
                unfinished.merge(hash, Instant.ofEpochSecond(c.getCreated()), (a, b) -> a.isBefore(b) ? a : b);
            }
        }
        List<InspectVolumeResponse> volumes = client.listVolumesCmd().withFilter("label", List.of(Reuse.LABEL)).exec().getVolumes();
        for (InspectVolumeResponse v : volumes == null ? List.<InspectVolumeResponse>of() : volumes) {
            String hash = v.getLabels().get(Reuse.LABEL);
            if (!anchored.contains(hash)) {
                unfinished.putIfAbsent(hash, Instant.EPOCH); // a volume has no creation time here: as old as can be
            }
        }
        for (Network n : client.listNetworksCmd().withFilter("label", List.of(Reuse.LABEL)).exec()) {
            String hash = n.getLabels().get(Reuse.LABEL);
            if (!anchored.contains(hash)) {
                unfinished.putIfAbsent(hash, n.getCreated() == null ? Instant.EPOCH : n.getCreated().toInstant());
            }
        }
        List<String> lines = new ArrayList<>();
        unfinished.forEach((hash, created) -> {
            if (created.plus(olderThan).isAfter(Instant.now()) || !only.isEmpty() && !only.contains(hash)) {
                return;
            }
            Reuse r = new Reuse(hash, false);
            try {
                r.lock(Config.of(Map.of(Config.REUSE_LOCK_TIMEOUT, "0s", Config.PROBE_IMAGE, config.probeImage())));
            } catch (BerthException inUse) {
                return; // being created by a live run
            }
            try {
                if (!anchored(client).contains(hash)) {
                    lines.add("removed " + hash + " (unfinished): " + String.join(", ", removeObjects(client, hash)));
                }
            } catch (BerthException e) {
                lines.add("failed " + hash + " (unfinished): " + e.getMessage());
            } finally {
                r.unlock();
            }
        });
        return lines;
    }

    /** {@code list} or {@code remove [--older-than DURATION]}; returns the exit status. */
    public static int command(String[] args, PrintStream out) {
        System.setProperty("berth.sweep", "false"); // this command does what it is asked, nothing else
        String usage = "usage: dev.berth.ReusedEnvironments list | remove [--older-than DURATION, e.g. 2h] [HASH...]";
        if (args.length == 0) {
            out.println(usage);
            return 2;
        }
        Config config = Config.fromSystemProperties();
        DockerClient client = Docker.get().client();
        switch (args[0]) {
            case "list" -> {
                List<Container> anchors = client.listContainersCmd().withShowAll(true)
                        .withLabelFilter(Map.of(RunIdentity.MANAGED, "true", RunIdentity.KIND, Reuse.ANCHOR)).exec();
                for (Container a : anchors) {
                    String hash = a.getLabels().getOrDefault(Reuse.LABEL, "");
                    Duration age = Duration.between(Instant.ofEpochSecond(a.getCreated()), Instant.now());
                    boolean locked = Reuse.byName(client, "berth-reuse-lock-" + hash).isPresent();
                    out.println(hash + "  " + a.getLabels().getOrDefault(Reuse.SCOPE_LABEL, "?") + "  age " + age.toMinutes() + " min"
                            + (locked ? "  in use" : ""));
                }
                out.println(anchors.size() + " kept environment(s)");
                return 0;
            }
            case "remove" -> {
                Duration olderThan = Duration.ZERO;
                List<String> only = new ArrayList<>(List.of(args).subList(1, args.length));
                if (only.size() >= 2 && only.get(0).equals("--older-than")) {
                    try {
                        olderThan = Config.duration(only.get(1), "--older-than");
                    } catch (IllegalArgumentException e) {
                        out.println(e.getMessage() + "\n" + usage);
                        return 2;
                    }
                    only = only.subList(2, only.size());
                }
                List<String> lines = remove(client, config, olderThan, only);
                lines.forEach(out::println);
                out.println("berth reuse: " + lines.stream().filter(l -> l.startsWith("removed")).count() + " kept environment(s) removed");
                return lines.stream().allMatch(l -> l.startsWith("removed")) ? 0 : 1;
            }
            default -> {
                out.println(usage);
                return 2;
            }
        }
    }
}
