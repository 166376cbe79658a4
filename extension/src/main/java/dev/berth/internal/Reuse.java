package dev.berth.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.command.InspectVolumeResponse;
import dev.berth.ExecResult;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Network;
import com.github.dockerjava.api.model.Volume;
import dev.berth.BerthException;
import dev.berth.internal.Specs.ContainerSpec;
import dev.berth.internal.Specs.MountKind;
import dev.berth.internal.Specs.VolumeSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apiguardian.api.API;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Environments kept between runs ({@code @ReuseEnvironment}): the declaration hash, the engine-side
 * lock, adoption after a health check, the volume snapshots, and the removal command.
 *
 * <p>In the engine, a kept environment is:
 * <ul>
 * <li>its objects, each labelled {@value #LABEL}{@code =<hash>};</li>
 * <li>an <b>anchor</b>: a container {@code berth-reuse-<hash>} that is never started, created once the
 * environment was ready. Only an environment with an anchor is complete. Its objects are in no run
 * record (they outlive the run: a sweep by an older Berth would otherwise remove them), and the
 * {@link Sweeper} keeps every object whose hash has an anchor (but a dead run's lock). The parts of a creation that a crash
 * cut short (no anchor) are removed by the next run that wants the same environment (it holds the
 * lock and finds no anchor), by the age limit and by the removal command;</li>
 * <li>for {@code resetVolumes}, one snapshot volume per named volume ({@code <volume>-snapshot}), and a
 * <b>keeper</b>: a small running container {@code berth-reuse-keeper-<hash>} (the probe image, a
 * shell that sleeps) that mounts every volume and its snapshot, so that a reset is one exec in it
 * instead of a helper container created, started and removed on every adoption;</li>
 * <li>while a run uses it, a <b>lock</b>: a container {@code berth-reuse-lock-<hash>} (never started),
 * created by the run that uses the environment and removed when its scope ends. Creating a container
 * with a name is atomic in the engine, so of two JVMs exactly one gets the lock; the other waits.
 * The lock carries its holder's run id and is written to its run record, without waiting for that
 * record to be up; a lock whose holder is dead ({@link #holderAlive}: its records exited, or it has
 * none and the lock is older than the sweep's grace period) is removed by the next run that wants it,
 * or by a sweep once the holder's record proves it dead.</li>
 * </ul>
 * The key is {@link DeclarationHash}; listing and removing kept environments is {@link KeptEnvironments}.
 *
 * <p>Longer than most classes here because locking, adoption (rebuilding the handles), keeping and
 * the volume snapshots share one environment's hash and lock.
 */
@API(status = INTERNAL, since = "0.1")
public final class Reuse {

    private static final Logger LOG = LoggerFactory.getLogger(Reuse.class);

    /** Label carrying the declaration hash on every object of a kept environment. */
    public static final String LABEL = "dev.berth.reuse";
    /** {@link RunIdentity#KIND} of an anchor. */
    public static final String ANCHOR = "reuse-anchor";
    /** {@link RunIdentity#KIND} of a lock. */
    public static final String LOCK = "reuse-lock";
    /** {@link RunIdentity#KIND} of a volume snapshot. */
    public static final String SNAPSHOT = "reuse-snapshot";
    /** {@link RunIdentity#KIND} of the keeper, the running container in which volumes are copied. */
    public static final String KEEPER = "reuse-keeper";
    /** Where the keeper mounts each volume ({@code /live/<volume>}) and its snapshot ({@code /snapshot/<volume>}). */
    private static final String LIVE_DIR = "/live/";
    /** Where the keeper keeps each volume's manifest ({@link VolumeCopy}), in its own file system. */
    private static final String MANIFEST_DIR = "/berth-manifests/";
    private static final String SNAPSHOT_DIR = "/snapshot/";
    /** Label on the anchor: the scope that declared the environment, for people listing them. */
    static final String SCOPE_LABEL = "dev.berth.reuse.scope";

    private final String hash;
    private final boolean resetVolumes;
    private volatile String lockId;
    /** True once the environment is complete (adopted, or created and anchored): then close keeps it. */
    private volatile boolean kept;

    Reuse(String hash, boolean resetVolumes) {
        this.hash = hash;
        this.resetVolumes = resetVolumes;
    }

    /** The reuse of an environment about to start: its hash is computed from the declaration as it is now. */
    static Reuse of(Environment env, boolean resetVolumes) {
        return new Reuse(DeclarationHash.of(env, resetVolumes), resetVolumes);
    }

    /** Fails, before anything is created, for what cannot be kept between runs. */
    static void check(Specs.EnvironmentSpec spec) {
        if (spec.isEmpty()) {
            throw new ExtensionConfigurationException("@ReuseEnvironment on " + spec.scopeName() + ": it declares nothing to keep."
                    + " Fix: put @ReuseEnvironment on the class that carries @WithNetwork, @WithVolume or @WithContainer.");
        }
        if (!spec.stacks().isEmpty()) {
            throw new ExtensionConfigurationException("@ReuseEnvironment on " + spec.scopeName() + ": environments with"
                    + " @ComposeStack cannot be kept between runs. Fix: remove @ReuseEnvironment, or move the stack to a scope"
                    + " that is not reused.");
        }
    }

    /** Whether this run holds the lock. */
    boolean locked() {
        return lockId != null;
    }

    String hash() {
        return hash;
    }

    boolean kept() {
        return kept;
    }

    // ---------------------------------------------------------------- the lock

    /**
     * Takes this hash's lock, waiting while a live run holds it and removing it when its holder died; a holder
     * that has no run record yet counts as alive for the sweep's grace period ({@link Sweeper#GRACE}) by the lock's age.
     */
    void lock(Config config) {
        lock(config, Sweeper.Options.fromSystemProperties().grace());
    }

    /** {@link #lock(Config)}, where a lock whose holder has no run record yet is dead once older than {@code grace}. */
    void lock(Config config, Duration grace) {
        DockerClient client = Docker.get().client();
        String name = "berth-reuse-lock-" + hash;
        long deadline = System.nanoTime() + config.reuseLockTimeout().toNanos();
        boolean told = false;
        // the lock does not wait for this run's record to be up (its liveness is its run's, by its run label, and
        // a lock whose run has no record yet counts as alive only while young: holderAlive); its lines follow
        RunRecord.namingSoon("container", name);
        while (true) {
            try {
                lockId = client.createContainerCmd(config.probeImage()).withName(name)
                        .withLabels(labels(LOCK, null)).withEntrypoint("true").exec().getId();
                RunRecord.createdSoon("container", lockId);
                return;
            } catch (ConflictException held) {
                // someone holds it: a live run (wait), or a dead one (take it over)
            }
            Optional<Container> holder = byName(client, name);
            if (holder.isPresent()) {
                String run = holder.get().getLabels().getOrDefault(RunIdentity.RUN, "");
                if (!runAlive(client, run, holder.get(), grace)) {
                    LOG.info("Berth removes the reuse lock {} left by run {}, which is no longer alive", name, run);
                    try {
                        client.removeContainerCmd(holder.get().getId()).withForce(true).exec();
                    } catch (NotFoundException gone) {
                        // another waiting JVM removed it first
                    }
                    continue;
                }
                if (!told) {
                    told = true;
                    LOG.info("Berth waits for run {} to finish with the reused environment {} (lock {})", run, hash, name);
                }
            }
            if (System.nanoTime() > deadline) {
                throw new BerthException("Berth waited " + config.reuseLockTimeout().toSeconds() + " s for another run to finish"
                        + " with the reused environment " + hash + " (lock container " + name + "). Raise " + Config.REUSE_LOCK_TIMEOUT
                        + ", or set " + Config.REUSE_ENABLED + "=false to give this run an environment of its own.");
            }
            pause(250);
        }
    }

    /** Releases the lock (idempotent). */
    void unlock() {
        String id = lockId;
        lockId = null;
        if (id != null) {
            try {
                Docker.get().client().removeContainerCmd(id).withForce(true).exec();
            } catch (NotFoundException gone) {
                // removed by the removal command or a sweep: released either way
            }
        }
    }

    /** What the engine shows of the run records of a lock's holder. */
    enum HolderRecord {
        /** One of them runs (or is paused, or restarting): its JVM holds it. */
        RUNNING,
        /** Every one of them has exited (or is being removed): its JVM is gone. */
        EXITED,
        /** None exists yet, or only one created and not yet started: its JVM may still be starting it. */
        NOT_YET
    }

    /**
     * Whether the holder of a lock counts as alive, from what the engine shows of its run's records and
     * how old the lock is: alive while a record runs; dead once they have all exited (taken over at once);
     * with no record yet, alive while the lock is younger than {@code grace} (a run takes its lock while
     * its record is still starting), dead after (a JVM that died before its record was up).
     */
    static boolean holderAlive(HolderRecord record, Duration lockAge, Duration grace) {
        return switch (record) {
            case RUNNING -> true;
            case EXITED -> false;
            case NOT_YET -> lockAge.compareTo(grace) < 0;
        };
    }

    /**
     * Whether the run that holds {@code lock} is alive ({@link #holderAlive}); this JVM's own run always is
     * (a parallel class holds it), a lock without a run label never is.
     */
    static boolean runAlive(DockerClient client, String run, Container lock, Duration grace) {
        if (run.isEmpty()) {
            return false;
        }
        if (run.equals(RunIdentity.current().runId())) {
            return true;
        }
        List<Container> records = client.listContainersCmd().withShowAll(true).withLabelFilter(Map.of(RunIdentity.MANAGED,
                "true", RunIdentity.KIND, RunRecord.KIND, RunIdentity.RUN, run)).exec();
        HolderRecord state = holderRecord(records.stream().map(Container::getState).toList());
        Duration age = Duration.ZERO;
        if (state == HolderRecord.NOT_YET) {
            Instant created = lock.getCreated() == null ? Instant.EPOCH : Instant.ofEpochSecond(lock.getCreated());
            age = Duration.between(created, Sweeper.engineNow(client));
        }
        return holderAlive(state, age, grace);
    }

    /** The state of a holder's records, from the engine's states of its record containers. */
    static HolderRecord holderRecord(List<String> states) {
        if (states.stream().anyMatch(s -> s != null && List.of("running", "paused", "restarting").contains(s))) {
            return HolderRecord.RUNNING;
        }
        if (states.stream().anyMatch(s -> s == null || "created".equals(s))) {
            return HolderRecord.NOT_YET;
        }
        return states.isEmpty() ? HolderRecord.NOT_YET : HolderRecord.EXITED;
    }

    // ---------------------------------------------------------------- adoption

    /**
     * With the lock held: adopts the kept environment of this hash into {@code env} when it is complete,
     * young enough and healthy, and returns true; otherwise removes whatever is left of it and returns false.
     */
    boolean adopt(Environment env) {
        DockerClient client = Docker.get().client();
        // the expiry of other kept environments (never this one: its lock is held) and the three lists of this
        // one's objects (its anchor among its containers) do not depend on each other: ask at once
        java.util.concurrent.CompletableFuture<Object> expired = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            KeptEnvironments.expireOnce(client, env.config());
            return null;
        }, Workers.POOL);
        java.util.concurrent.CompletableFuture<List<Network>> networkList = java.util.concurrent.CompletableFuture.supplyAsync(
                () -> client.listNetworksCmd().withFilter("label", List.of(LABEL + "=" + hash)).exec(), Workers.POOL);
        java.util.concurrent.CompletableFuture<List<InspectVolumeResponse>> volumeList = java.util.concurrent.CompletableFuture.supplyAsync(
                () -> client.listVolumesCmd().withFilter("label", List.of(LABEL + "=" + hash)).exec().getVolumes(), Workers.POOL);
        java.util.concurrent.CompletableFuture<List<Container>> containerList = java.util.concurrent.CompletableFuture.supplyAsync(
                () -> client.listContainersCmd().withShowAll(true).withLabelFilter(Map.of(LABEL, hash)).exec(), Workers.POOL);
        Workers.joinAll(List.of(expired, networkList.thenApply(l -> (Object) l), volumeList.thenApply(l -> (Object) l),
                containerList.thenApply(l -> (Object) l)));
        Optional<Container> anchor = containerList.join().stream().filter(c -> ANCHOR.equals(c.getLabels().get(RunIdentity.KIND))
                && c.getNames() != null && java.util.Arrays.asList(c.getNames()).contains("/berth-reuse-" + hash)).findFirst();
        if (anchor.isEmpty()) {
            List<String> removed = KeptEnvironments.removeObjects(client, hash); // parts of a creation a crash cut short
            LOG.info("Berth keeps the environment of {} after this run ({}): none is kept yet{}", env.spec().scopeName(), hash,
                    removed.isEmpty() ? "" : " (removed the parts of an unfinished one: " + removed + ")");
            return false;
        }
        Instant created = Instant.ofEpochSecond(anchor.get().getCreated());
        if (created.plus(env.config().reuseMaxAge()).isBefore(Instant.now())) {
            LOG.info("Berth removes the reused environment of {} ({}): older than {}", env.spec().scopeName(), hash,
                    env.config().reuseMaxAge());
            KeptEnvironments.removeObjects(client, hash);
            return false;
        }
        long rebuilding = System.nanoTime();
        String broken = rebuildHandles(client, env, networkList.join(), volumeList.join(), containerList.join());
        LOG.debug("Berth read the kept environment {} back in {} ms", hash, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - rebuilding));
        if (broken != null) {
            LOG.info("Berth does not adopt the kept environment of {} ({}): {}; it creates it anew", env.spec().scopeName(), hash, broken);
            env.containers().clear();
            env.networks().clear();
            env.volumes().clear();
            env.createdContainerIds().clear();
            KeptEnvironments.removeObjects(client, hash);
            return false;
        }
        List<ContainerHandle> awaited = resetVolumes && !env.volumes().isEmpty() ? restoreVolumes(client, env) : List.of();
        // the health check of adoption; the containers the reset restarted were waited for just now
        inDependencyOrder(env).stream().filter(h -> !awaited.contains(h)).forEach(Waits::awaitReady);
        kept = true;
        LOG.info("Berth adopted the kept environment of {} ({})", env.spec().scopeName(), hash);
        return true;
    }

    /**
     * Why a kept container's Docker health status refuses adoption, or null. "starting" is accepted for
     * a container that waits for healthy: its wait met on Berth's own run of the health test may have
     * left Docker's status "starting" (Docker runs the test only every interval), and adoption awaits
     * that wait again, so the test runs before the environment is used.
     */
    static String healthRefusal(String container, List<Specs.WaitSpec> waits, String status) {
        if ("healthy".equals(status)) {
            return null;
        }
        boolean waitsForHealthy = waits.stream().anyMatch(w -> w.kind() == Specs.WaitKind.HEALTHY);
        if ("starting".equals(status) && waitsForHealthy) {
            return null;
        }
        return "container " + container + " is " + status;
    }

    /** Fills the environment's handles from the engine; returns why the kept environment is unusable, or null. */
    private String rebuildHandles(DockerClient client, Environment env, List<Network> networkList, List<InspectVolumeResponse> listed,
                                  List<Container> containerList) {
        Map<String, Network> networks = new LinkedHashMap<>();
        for (Network n : networkList) {
            networks.put(n.getLabels().getOrDefault(RunIdentity.NAME, ""), n);
        }
        Map<String, java.util.concurrent.CompletableFuture<Object>> networkInspects = new LinkedHashMap<>();
        for (Specs.NetworkSpec n : env.spec().networks()) {
            Network found = networks.get(n.name());
            if (found == null) {
                return "network " + n.name() + " is missing";
            }
            networkInspects.put(n.name(), java.util.concurrent.CompletableFuture.supplyAsync(
                    () -> client.inspectNetworkCmd().withNetworkId(found.getId()).exec(), Workers.POOL));
        }
        Workers.joinAll(networkInspects.values());
        for (Specs.NetworkSpec n : env.spec().networks()) {
            Network found = networks.get(n.name());
            Network inspected = (Network) networkInspects.get(n.name()).join();
            env.networks().put(n.name(), new NetworkHandle(n, found.getId(), found.getName(), NetworkHandle.subnetOf(inspected)));
        }
        Map<String, String> volumes = new LinkedHashMap<>();
        java.util.Set<String> snapshots = new java.util.HashSet<>();
        for (InspectVolumeResponse v : listed == null ? List.<InspectVolumeResponse>of() : listed) {
            if ("volume".equals(v.getLabels().get(RunIdentity.KIND))) {
                volumes.put(v.getLabels().getOrDefault(RunIdentity.NAME, ""), v.getName());
            } else if (SNAPSHOT.equals(v.getLabels().get(RunIdentity.KIND))) {
                snapshots.add(v.getName());
            }
        }
        for (VolumeSpec v : env.spec().volumes()) {
            String found = volumes.get(v.name());
            if (found == null) {
                return "volume " + v.name() + " is missing";
            }
            if (resetVolumes && !snapshots.contains(found + "-snapshot")) {
                return "the snapshot of volume " + v.name() + " is missing";
            }
            env.volumes().put(v.name(), new VolumeHandle(v, found, env.config()));
        }
        Map<String, Container> containers = new LinkedHashMap<>();
        for (Container c : containerList) {
            if ("container".equals(c.getLabels().get(RunIdentity.KIND))) {
                containers.put(c.getLabels().getOrDefault(RunIdentity.NAME, ""), c);
            }
        }
        // each container's state, and its kept probe (adopted while it shares the container's current network namespace), at once
        Map<String, java.util.concurrent.CompletableFuture<Object>> states = new LinkedHashMap<>();
        Map<String, String> probes = new java.util.concurrent.ConcurrentHashMap<>();
        for (ContainerSpec c : env.spec().containers()) {
            Container found = containers.get(c.name());
            if (found == null) {
                return "container " + c.name() + " is missing";
            }
            String dockerName = found.getNames()[0].replaceFirst("^/", "");
            states.put(c.name(), java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                InspectContainerResponse.ContainerState state = client.inspectContainerCmd(found.getId()).exec().getState();
                keptProbe(client, env.config(), found.getId(), state, dockerName + "-probe").ifPresent(p -> probes.put(c.name(), p));
                return state;
            }, Workers.POOL));
        }
        Workers.joinAll(states.values());
        for (ContainerSpec c : env.spec().containers()) {
            Container found = containers.get(c.name());
            InspectContainerResponse.ContainerState state = (InspectContainerResponse.ContainerState) states.get(c.name()).join();
            if (!Boolean.TRUE.equals(state.getRunning())) {
                return "container " + c.name() + " is " + state.getStatus();
            }
            String unfit = state.getHealth() == null ? null : healthRefusal(c.name(), c.waits(), state.getHealth().getStatus());
            if (unfit != null) {
                return unfit;
            }
            Map<String, NetworkHandle> joined = new LinkedHashMap<>();
            for (String n : c.networks()) {
                Optional<NetworkHandle> handle = env.network(n);
                if (handle.isEmpty()) {
                    return "network " + n + " of container " + c.name() + " is gone";
                }
                joined.put(n, handle.get());
            }
            String dockerName = found.getNames()[0].replaceFirst("^/", "");
            Map<String, String> probeLabels = new LinkedHashMap<>(RunIdentity.current().labels("probe", c.name(), env.scopeId()));
            probeLabels.put(LABEL, hash); // kept with the environment, like the probes of the run that created it
            ContainerHandle handle = new ContainerHandle(Docker.get(), c, found.getId(), dockerName, joined, env.config(), probeLabels);
            Optional.ofNullable(probes.get(c.name())).ifPresent(handle::adoptProbe);
            handle.neighbours(env::findContainer);
            handle.checkLog(env.checks());
            env.containers().put(c.name(), handle);
            env.createdContainerIds().add(found.getId());
        }
        return null;
    }

    // ---------------------------------------------------------------- keeping a new environment

    /** With the lock held, after the environment was created: takes the volume snapshots and writes the anchor. */
    void keep(Environment env) {
        DockerClient client = Docker.get().client();
        if (resetVolumes && !env.volumes().isEmpty()) {
            copyVolumes(client, env, true);
        }
        Map<String, String> labels = labels(ANCHOR, null);
        labels.put(SCOPE_LABEL, env.spec().scopeName().length() > 200 ? env.spec().scopeName().substring(0, 200) : env.spec().scopeName());
        RunRecord.awaitStarted(); // in no record, but created by a run that has one (as everything but its lock)
        client.createContainerCmd(env.config().probeImage()).withName("berth-reuse-" + hash).withLabels(labels)
                .withEntrypoint("true").exec();
        kept = true;
    }

    /** The labels a reused environment's own objects carry in addition to the run's. */
    Map<String, String> objectLabels() {
        return Map.of(LABEL, hash);
    }

    private Map<String, String> labels(String kind, String name) {
        Map<String, String> labels = new LinkedHashMap<>(RunIdentity.current().labels(kind, name, null));
        labels.put(LABEL, hash);
        return labels;
    }

    /**
     * At the end of the scope: the environment stays with its probes (each shares its container's network
     * namespace, which the next run keeps unless its volume reset restarts that container, which then drops
     * the probe), and the lock is released.
     */
    void release(Environment env) {
        unlock();
    }

    /**
     * The ID of the kept probe {@code name} of container {@code targetId} when the next run can use it: it
     * runs the probe image and started after its container's current start (it shares that start's network
     * namespace). Any other probe of that name (stale, or of another image) is removed.
     */
    private static Optional<String> keptProbe(DockerClient client, Config config, String targetId,
                                              InspectContainerResponse.ContainerState target, String name) {
        InspectContainerResponse probe;
        try {
            probe = client.inspectContainerCmd(name).exec();
        } catch (NotFoundException none) {
            return Optional.empty(); // no test asked for a check from this container yet
        }
        boolean usable = Boolean.TRUE.equals(probe.getState().getRunning()) && Boolean.TRUE.equals(target.getRunning())
                && ("container:" + targetId).equals(probe.getHostConfig().getNetworkMode())
                && config.probeImage().equals(probe.getConfig().getImage())
                && startedAt(probe.getState()).isAfter(startedAt(target));
        if (usable) {
            return Optional.of(probe.getId());
        }
        try {
            client.removeContainerCmd(probe.getId()).withForce(true).exec();
        } catch (NotFoundException gone) {
            // removed meanwhile: the goal is reached
        }
        return Optional.empty();
    }

    private static Instant startedAt(InspectContainerResponse.ContainerState state) {
        try {
            return java.time.OffsetDateTime.parse(String.valueOf(state.getStartedAt())).toInstant();
        } catch (java.time.format.DateTimeParseException unknown) {
            return Instant.MAX; // never counts as later than anything: the probe is not adopted
        }
    }

    // ---------------------------------------------------------------- volume snapshots

    /** Puts every volume back to its snapshot; returns the containers it restarted and waited for. */
    private List<ContainerHandle> restoreVolumes(DockerClient client, Environment env) {
        return copyVolumes(client, env, false);
    }

    /**
     * Copies each named volume to its snapshot ({@code toSnapshot}) or back, with the containers that
     * mount it stopped (a database must not write while its files are copied; before a snapshot they
     * stop gracefully, before a restore they are killed), then starts them again.
     */
    private List<ContainerHandle> copyVolumes(DockerClient client, Environment env, boolean toSnapshot) {
        long started = System.nanoTime();
        List<ContainerHandle> mounting = inDependencyOrder(env).stream().filter(h -> h.spec().mounts().stream()
                .anyMatch(m -> m.kind() == MountKind.VOLUME && env.volumes().containsKey(m.source()))).toList();
        if (toSnapshot) { // before the keeper: a bind of a volume that does not exist would create one without labels
            RunRecord.awaitStarted(); // in no record, but created by a run that has one (as everything but its lock)
            for (VolumeHandle v : env.volumes().values()) {
                client.createVolumeCmd().withName(v.dockerName() + "-snapshot").withLabels(labels(SNAPSHOT, v.name())).exec();
            }
        }
        // found (or created and started) while the containers stop
        java.util.concurrent.CompletableFuture<Object> keeper = java.util.concurrent.CompletableFuture.supplyAsync(
                () -> keeper(client, env), Workers.POOL);
        List<ContainerHandle> stopOrder = new ArrayList<>(mounting);
        java.util.Collections.reverse(stopOrder);
        for (ContainerHandle h : stopOrder) {
            h.dropProbe(); // bound to the network namespace of the container's current run
            if (toSnapshot) {
                client.stopContainerCmd(h.id()).exec(); // SIGTERM, SIGKILL after the engine's 10 s: a database writes its files out
            } else {
                client.killContainerCmd(h.id()).exec(); // what it wrote is about to be replaced: no need to wait for it
            }
        }
        Workers.joinAll(List.of(keeper));
        String keeperId = (String) keeper.join();
        List<java.util.function.Supplier<Object>> copies = new ArrayList<>();
        for (VolumeHandle v : env.volumes().values()) {
            String live = LIVE_DIR + v.dockerName();
            String snapshot = SNAPSHOT_DIR + v.dockerName();
            String manifest = MANIFEST_DIR + v.dockerName();
            String from = toSnapshot ? live : snapshot;
            String to = toSnapshot ? snapshot : live;
            copies.add(() -> copy(client, keeperId, toSnapshot ? VolumeCopy.toSnapshot(live, snapshot, manifest)
                    : VolumeCopy.restore(snapshot, live, manifest), from, to, v.name()));
        }
        long stopped = System.nanoTime();
        Workers.runAll(copies);
        long copied = System.nanoTime();
        long startedAgain = copied;
        for (ContainerHandle h : mounting) {
            client.startContainerCmd(h.id()).exec();
            startedAgain = System.nanoTime();
            Waits.awaitReady(h);
        }
        long ready = System.nanoTime();
        LOG.info("Berth {} the volumes of {} in {} ms (stop {} ms, copy {} ms, start {} ms, ready {} ms)",
                toSnapshot ? "took a snapshot of" : "reset", env.spec().scopeName(), TimeUnit.NANOSECONDS.toMillis(ready - started),
                TimeUnit.NANOSECONDS.toMillis(stopped - started), TimeUnit.NANOSECONDS.toMillis(copied - stopped),
                TimeUnit.NANOSECONDS.toMillis(startedAgain - copied), TimeUnit.NANOSECONDS.toMillis(ready - startedAgain));
        return mounting;
    }

    /**
     * The ID of this environment's running keeper: found by name and started when it is stopped (an
     * engine restart), or created when there is none (the first snapshot, or a kept environment of
     * an older Berth). It mounts every volume under {@value #LIVE_DIR} and its snapshot under
     * {@value #SNAPSHOT_DIR}.
     */
    private String keeper(DockerClient client, Environment env) {
        String name = "berth-reuse-keeper-" + hash;
        Optional<Container> found = byName(client, name);
        String id;
        if (found.isPresent()) {
            id = found.get().getId();
            if ("running".equals(found.get().getState())) {
                return id;
            }
        } else {
            List<Bind> binds = new ArrayList<>();
            for (VolumeHandle v : env.volumes().values()) {
                binds.add(new Bind(v.dockerName(), new Volume(LIVE_DIR + v.dockerName())));
                binds.add(new Bind(v.dockerName() + "-snapshot", new Volume(SNAPSHOT_DIR + v.dockerName())));
            }
            // kept with the environment, like its anchor: in no run record, removed with the environment
            RunRecord.awaitStarted(); // created by a run that has a record (as everything but its lock)
            id = client.createContainerCmd(env.config().probeImage()).withName(name).withLabels(labels(KEEPER, null))
                    .withEntrypoint(Exec.IDLE)
                    .withHostConfig(HostConfig.newHostConfig().withBinds(binds).withNetworkMode("none")).exec().getId();
        }
        client.startContainerCmd(id).exec();
        return id;
    }

    /** Runs a {@link VolumeCopy} command, which copies the keeper's directory {@code from} to {@code to}, in the keeper. */
    private static Object copy(DockerClient client, String keeper, List<String> command, String from, String to, String logical) {
        ExecResult result = Exec.run(client, keeper, "the keeper of volume " + logical, java.time.Duration.ofMinutes(10), command);
        if (result.exitCode() != 0) {
            throw new BerthException("Berth could not copy volume " + logical + " (" + from + " to " + to + " in its keeper, exit code "
                    + result.exitCode() + "): " + (result.stdout() + result.stderr()).strip());
        }
        LOG.debug("volume {}: {}", logical, result.stdout().strip());
        return to;
    }

    private static List<ContainerHandle> inDependencyOrder(Environment env) {
        List<ContainerHandle> ordered = new ArrayList<>();
        Map<String, ContainerSpec> pending = new LinkedHashMap<>();
        env.spec().containers().forEach(c -> pending.put(c.name(), c));
        while (!pending.isEmpty()) {
            ContainerSpec next = pending.values().stream()
                    .filter(c -> c.dependsOn().stream().noneMatch(pending::containsKey)).findFirst().orElseThrow();
            Optional.ofNullable(env.containers().get(next.name())).ifPresent(ordered::add);
            pending.remove(next.name());
        }
        return ordered;
    }

    // ---------------------------------------------------------------- helpers

    static Optional<Container> byName(DockerClient client, String name) {
        return client.listContainersCmd().withShowAll(true).withNameFilter(List.of(name)).exec().stream()
                .filter(c -> c.getNames() != null && java.util.Arrays.asList(c.getNames()).contains("/" + name)).findFirst();
    }

    private static void pause(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BerthException("interrupted while waiting for a reused environment's lock", e);
        }
    }

}
