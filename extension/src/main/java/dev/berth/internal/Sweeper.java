package dev.berth.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.command.InspectVolumeResponse;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Network;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apiguardian.api.API;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes what dead runs left behind (a {@code kill -9}, a crashed fork, a CI container that was
 * killed on another host sharing the engine), and nothing else.
 *
 * <p>An object is removed only when both are proven through the engine, never through labels alone:
 * <ul>
 * <li><b>ours</b>: its ID (or, for objects whose creation was cut short, its name or compose project,
 * with a creation time before the run died) is listed in the {@link RunRecord} of a run. A container
 * made from a {@code docker commit} of a Berth container, or a hand-made object with copied labels,
 * carries the labels but is in no record;</li>
 * <li><b>dead</b>: that run's record container has exited (the JVM holding its stdin is gone) for
 * longer than {@link #GRACE} (at once when its JVM ended it in an orderly way), or its heartbeat is
 * older than {@link #MAX_AGE}; and no other live
 * record has that run's ID.</li>
 * </ul>
 * Everything else that carries Berth's labels is left alone and reported in one warning. One object
 * that cannot be removed is reported and the sweep goes on; its record stays, so a later sweep retries.
 *
 * <p>Runs once per JVM, on first contact with the engine; also runnable as a command:
 * {@code java -cp berth-junit.jar:... dev.berth.internal.Sweeper}.
 */
@API(status = INTERNAL, since = "0.1")
public final class Sweeper {

    private static final Logger LOG = LoggerFactory.getLogger(Sweeper.class);
    private static final AtomicBoolean SWEPT = new AtomicBoolean();

    /** System property: a record whose heartbeat is older than this is a dead run even if it still runs (default 30m). */
    public static final String MAX_AGE = "berth.sweep.max-age";
    /** System property: how long an exited record must have been exited before its run counts as dead (default 30s). */
    public static final String GRACE = "berth.sweep.grace";

    private Sweeper() {
    }

    /**
     * How long before a silent run is judged dead; {@code onlyRun}, when not null, limits the sweep to
     * that one run (every other run is treated as alive).
     */
    public record Options(Duration grace, Duration maxAge, String onlyRun) {
        public Options(Duration grace, Duration maxAge) {
            this(grace, maxAge, null);
        }

        public static Options fromSystemProperties() {
            return new Options(Config.duration(System.getProperty(GRACE, "30s"), GRACE),
                    Config.duration(System.getProperty(MAX_AGE, "30m"), MAX_AGE));
        }
    }

    static void sweepDeadRunsOnce(Docker docker) {
        if (!SWEPT.compareAndSet(false, true)) {
            return;
        }
        sweepAndLog(docker.client(), "");
    }

    /** Engines other than the default one swept by this JVM, by address. */
    private static final Set<String> SWEPT_ENGINES = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /**
     * Sweeps the dead runs of another engine ({@code engine}: its address, {@code name}: what messages
     * call it) once per JVM, at first contact; what it cannot do is logged, as on the default engine.
     */
    public static void sweepDeadRunsOnce(String engine, String name, DockerClient client) {
        if (SWEPT_ENGINES.add(engine)) {
            sweepAndLog(client, " on " + name);
        }
    }

    private static void sweepAndLog(DockerClient client, String where) {
        if ("false".equalsIgnoreCase(System.getProperty("berth.sweep", "true"))) {
            return;
        }
        Result result;
        try {
            result = sweep(client);
        } catch (DockerException e) {
            LOG.warn("Berth could not sweep objects of dead runs{}: {}", where, EngineMessage.of(e));
            return;
        }
        if (result.total() > 0) {
            LOG.info("Berth removed {} containers, {} networks and {} volumes left by dead runs{}",
                    result.containers.size(), result.networks.size(), result.volumes.size(), where);
        }
        result.report().map(r -> r + where).ifPresent(LOG::warn);
    }

    /** What one sweep removed (by Docker name), could not remove, and left alone as not provably of a dead run. */
    public static final class Result {
        final List<String> containers = new ArrayList<>();
        final List<String> networks = new ArrayList<>();
        final List<String> volumes = new ArrayList<>();
        final List<String> records = new ArrayList<>();
        final List<String> failed = new ArrayList<>();
        final List<String> notProvable = new ArrayList<>();

        public int total() {
            return containers.size() + networks.size() + volumes.size();
        }

        public List<String> failed() {
            return List.copyOf(failed);
        }

        public List<String> notProvable() {
            return List.copyOf(notProvable);
        }

        /** The one-line warning about what was left alone or could not be removed, if anything. */
        public Optional<String> report() {
            List<String> parts = new ArrayList<>();
            if (!failed.isEmpty()) {
                parts.add("could not remove " + failed.size() + " object(s) of dead runs: " + head(failed));
            }
            if (!notProvable.isEmpty()) {
                parts.add("left alone " + notProvable.size() + " object(s) that carry its labels but are not provably"
                        + " of a dead Berth run: " + head(notProvable));
            }
            return parts.isEmpty() ? Optional.empty() : Optional.of("Berth sweep " + String.join("; ", parts));
        }

        private static String head(List<String> items) {
            return items.size() <= 10 ? String.join(", ", items)
                    : String.join(", ", items.subList(0, 10)) + " and " + (items.size() - 10) + " more";
        }

        @Override
        public String toString() {
            return "containers " + containers + ", networks " + networks + ", volumes " + volumes + ", records " + records
                    + ", failed " + failed + ", not provable " + notProvable;
        }
    }

    /** A genuine record of a dead run: what it lists and when the run died (engine clock). */
    private static final class DeadRun {
        final String recordId;
        final String recordName;
        final Instant diedAt;
        final Set<String> ids = new HashSet<>();
        final Set<String> names = new HashSet<>();
        final Set<String> projects = new HashSet<>();
        boolean incomplete;

        DeadRun(String recordId, String recordName, Instant diedAt) {
            this.recordId = recordId;
            this.recordName = recordName;
            this.diedAt = diedAt;
        }

        boolean owns(String kind, String id, String name, Map<String, String> labels, Instant created) {
            if (kind.equals("run-record") && id.equals(recordId) || ids.contains(kind + " " + id)) {
                return true;
            }
            boolean before = created != null && !created.isAfter(diedAt);
            if (before && name != null && names.contains(kind + " " + name)) {
                return true;
            }
            String project = labels.get("com.docker.compose.project");
            return before && project != null && projects.contains(project);
        }
    }

    /** What a record container holds. */
    private record RecordFiles(String self, List<String> lines, Instant heartbeat, boolean ended) {
    }

    public static Result sweep(DockerClient client) {
        return sweep(client, Options.fromSystemProperties());
    }

    /** Removes every object provably of a dead run, containers first (they hold the rest); reports the others. */
    public static Result sweep(DockerClient client, Options options) {
        Result result = new Result();
        Instant now = engineNow(client);
        String myRun = RunIdentity.current().runId();
        RunRecord mine = RunRecord.current();
        String myRecord = mine == null ? "" : mine.containerId();

        Set<String> liveRuns = new HashSet<>(Set.of(myRun));
        Map<String, List<DeadRun>> deadByRun = new LinkedHashMap<>();
        Set<String> recordIds = new HashSet<>();
        Set<String> runsWithRecords = new HashSet<>();
        for (Container c : client.listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of(RunIdentity.MANAGED, "true", RunIdentity.KIND, RunRecord.KIND)).exec()) {
            recordIds.add(c.getId());
            String run = c.getLabels() == null ? "" : c.getLabels().getOrDefault(RunIdentity.RUN, "");
            runsWithRecords.add(run);
            if (c.getId().equals(myRecord) || run.equals(myRun)) {
                continue;
            }
            if (options.onlyRun() != null && !options.onlyRun().equals(run)) {
                liveRuns.add(run);
                continue;
            }
            String name = nameOf(c);
            InspectContainerResponse inspected;
            RecordFiles files;
            try {
                inspected = client.inspectContainerCmd(c.getId()).exec();
                files = readRecord(client, c.getId());
            } catch (NotFoundException gone) {
                continue; // removed by another sweeper meanwhile
            } catch (DockerException | IOException e) {
                result.notProvable.add("run record " + name + " (unreadable: " + EngineMessage.of(e) + ")");
                liveRuns.add(run); // what cannot be read cannot prove the run dead
                continue;
            }
            if (!c.getId().equals(files.self())) {
                result.notProvable.add("container " + name + " (labelled as a run record but not one: a copy?)");
                continue;
            }
            boolean running = Boolean.TRUE.equals(inspected.getState().getRunning());
            Instant heartbeat = files.heartbeat() == null ? Instant.EPOCH : files.heartbeat();
            Instant diedAt;
            if (running) {
                if (Duration.between(heartbeat, now).compareTo(options.maxAge()) <= 0) {
                    liveRuns.add(run);
                    continue;
                }
                diedAt = heartbeat; // its holder is gone without closing the connection, or wedged past the limit
            } else {
                diedAt = parse(inspected.getState().getFinishedAt()).orElse(heartbeat);
                if (!files.ended() && diedAt.plus(options.grace()).isAfter(now)) {
                    liveRuns.add(run); // just exited: its JVM may be replacing a broken connection
                    continue;
                }
            }
            DeadRun dead = new DeadRun(c.getId(), name, diedAt);
            for (String line : files.lines()) {
                String[] parts = line.split(" ", 3);
                if (parts.length == 3) {
                    switch (parts[0]) {
                        case "i" -> dead.ids.add(parts[1] + " " + parts[2]);
                        case "n" -> dead.names.add(parts[1] + " " + parts[2]);
                        case "p" -> dead.projects.add(parts[2]);
                        default -> { } // a line of a newer Berth: ignored
                    }
                }
            }
            deadByRun.computeIfAbsent(run, k -> new ArrayList<>()).add(dead);
        }
        liveRuns.forEach(deadByRun::remove); // a run with any live record is alive
        List<DeadRun> dead = deadByRun.values().stream().flatMap(List::stream).toList();

        // kept environments (@ReuseEnvironment) are owned and alive while their anchor exists: removed only
        // by age or by the removal command (Reuse), never swept; a creation cut short has no anchor and is swept
        Set<String> kept = KeptEnvironments.anchored(client);
        // an object younger than the grace period of a run that has no record yet: that run may still be starting it
        // (its reuse lock is taken meanwhile); not reported (nor removed: no dead record names it)
        java.util.function.BiPredicate<Map<String, String>, Instant> starting = (labels, created) -> created != null
                && !runsWithRecords.contains(labels.getOrDefault(RunIdentity.RUN, "")) && created.plus(options.grace()).isAfter(now);
        List<String> managed = List.of(RunIdentity.MANAGED + "=true");
        for (Container c : client.listContainersCmd().withShowAll(true).withLabelFilter(managed).exec()) {
            if (recordIds.contains(c.getId())) {
                continue;
            }
            Map<String, String> labels = c.getLabels() == null ? Map.of() : c.getLabels();
            Instant created = c.getCreated() == null ? null : Instant.ofEpochSecond(c.getCreated());
            Instant ownedFrom = created;
            if (kept.contains(labels.get(Reuse.LABEL))) {
                if (!Reuse.LOCK.equals(labels.get(RunIdentity.KIND))) {
                    continue;
                }
                // but the lock of a kept environment, held by a dead run, is removed with that run's record (else the
                // lock outlived its holder's record and the next run took it as a holder's that has none yet: Reuse)
                // and only by its ID in the record: a lock of that name created later is another run's
                ownedFrom = null;
            }
            String name = nameOf(c);
            decide(result, dead, liveRuns, starting.test(labels, created), "container", c.getId(), name, labels, ownedFrom, owner -> {
                client.removeContainerCmd(c.getId()).withForce(true).withRemoveVolumes(true).exec();
                result.containers.add(name);
            });
        }
        for (Network n : client.listNetworksCmd().withFilter("label", managed).exec()) {
            Map<String, String> labels = n.getLabels() == null ? Map.of() : n.getLabels();
            if (kept.contains(labels.get(Reuse.LABEL))) {
                continue;
            }
            Instant created = n.getCreated() == null ? null : n.getCreated().toInstant();
            decide(result, dead, liveRuns, starting.test(labels, created), "network", n.getId(), n.getName(), labels, created, owner -> {
                client.removeNetworkCmd(n.getId()).exec();
                result.networks.add(n.getName());
            });
        }
        List<InspectVolumeResponse> volumes = client.listVolumesCmd().withFilter("label", managed).exec().getVolumes();
        for (InspectVolumeResponse v : volumes == null ? List.<InspectVolumeResponse>of() : volumes) {
            Map<String, String> labels = v.getLabels() == null ? Map.of() : v.getLabels();
            if (kept.contains(labels.get(Reuse.LABEL))) {
                continue;
            }
            decide(result, dead, liveRuns, false, "volume", v.getName(), v.getName(), labels, null, owner -> {
                client.removeVolumeCmd(v.getName()).exec();
                result.volumes.add(v.getName());
            });
        }
        for (DeadRun d : dead) {
            if (d.incomplete) {
                continue; // kept: a later sweep retries what could not be removed
            }
            decide(result, List.of(d), Set.of(), false, "run-record", d.recordId, d.recordName, Map.of(), null, owner -> {
                client.removeContainerCmd(d.recordId).withForce(true).exec();
                result.records.add(d.recordName);
            });
        }
        return result;
    }

    private interface Removal {
        void remove(DeadRun owner);
    }

    /** {@code starting}: the object is young and its run has no record yet (it may be starting it): not reported. */
    private static void decide(Result result, List<DeadRun> dead, Set<String> liveRuns, boolean starting, String kind, String id,
                               String name, Map<String, String> labels, Instant created, Removal removal) {
        DeadRun owner = dead.stream().filter(d -> d.owns(kind, id, name, labels, created)).findFirst().orElse(null);
        if (owner == null) {
            if (!starting && !liveRuns.contains(labels.getOrDefault(RunIdentity.RUN, ""))) {
                result.notProvable.add(kind + " " + name);
            }
            return;
        }
        // another JVM may be sweeping the same dead run at this moment: its removal in progress answers
        // 409 ("removal already in progress", or a network's endpoint still being torn down); a
        // few short retries let it finish, and then the object is gone
        for (int attempt = 1; ; attempt++) {
            try {
                removal.remove(owner);
                return;
            } catch (NotFoundException gone) {
                return; // removed concurrently (another sweeping JVM, or with its container): that is the goal
            } catch (DockerException e) {
                if (attempt == REMOVAL_ATTEMPTS || !pause(attempt)) {
                    owner.incomplete = true;
                    result.failed.add(kind + " " + name + " (" + EngineMessage.of(e) + ")");
                    return;
                }
            }
        }
    }

    private static final int REMOVAL_ATTEMPTS = 4;

    /** Waits before the next removal attempt; false when interrupted (the interrupt is kept). */
    private static boolean pause(int attempt) {
        try {
            Thread.sleep(200L * attempt);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static RecordFiles readRecord(DockerClient client, String id) throws IOException {
        String self = "";
        List<String> lines = new ArrayList<>();
        Instant heartbeat = null;
        Map<String, byte[]> files = new HashMap<>();
        try (InputStream in = client.copyArchiveFromContainerCmd(id, RunRecord.DIR).exec();
             TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
            for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
                String file = e.getName().substring(e.getName().lastIndexOf('/', e.getName().length() - 2) + 1);
                if (file.equals("heartbeat")) {
                    heartbeat = e.getModTime().toInstant();
                }
                if (e.isFile()) {
                    files.put(file, tar.readAllBytes());
                }
            }
        }
        if (files.containsKey("self")) {
            self = new String(files.get("self"), StandardCharsets.UTF_8).strip();
        }
        if (files.containsKey("objects")) {
            new String(files.get("objects"), StandardCharsets.UTF_8).lines().forEach(lines::add);
        }
        return new RecordFiles(self, lines, heartbeat, files.containsKey("ended"));
    }

    static Instant engineNow(DockerClient client) {
        return parse(client.infoCmd().exec().getSystemTime()).orElseGet(Instant::now);
    }

    private static Optional<Instant> parse(String time) {
        if (time == null || time.isBlank() || time.startsWith("0001-")) {
            return Optional.empty();
        }
        try {
            return Optional.of(java.time.OffsetDateTime.parse(time).toInstant());
        } catch (java.time.format.DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static String nameOf(Container c) {
        return c.getNames() != null && c.getNames().length > 0 ? c.getNames()[0].replaceFirst("^/", "") : c.getId();
    }

    /** Command-line entry: sweeps the objects of dead runs and prints what it removed and left alone. */
    public static void main(String[] args) {
        System.setProperty("berth.sweep", "false");
        Result result = sweep(Docker.get().client());
        System.out.println("berth sweep: removed " + result);
        result.report().ifPresent(System.out::println);
    }
}
