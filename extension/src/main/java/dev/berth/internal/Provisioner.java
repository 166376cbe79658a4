package dev.berth.internal;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.model.AccessMode;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.ContainerNetwork;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.InternetProtocol;
import com.github.dockerjava.api.model.Network;
import com.github.dockerjava.api.model.Ports;
import com.github.dockerjava.api.model.Volume;
import dev.berth.BerthException;
import dev.berth.internal.Specs.ContainerSpec;
import dev.berth.internal.Specs.MountKind;
import dev.berth.internal.Specs.MountSpec;
import dev.berth.internal.Specs.NetworkSpec;
import dev.berth.internal.Specs.PortSpec;
import dev.berth.internal.Specs.VolumeSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Creates the Docker objects of one {@link Environment}: networks, volumes (seeded), compose
 * stacks and containers, each labelled with the run and scope, and records their handles in the
 * environment as soon as they exist so a failure half-way can remove them.
 */
final class Provisioner {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Provisioner.class);

    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private final Environment env;

    Provisioner(Environment env) {
        this.env = env;
    }

    /**
     * Creates one Docker object: its name is in the run record before, its ID after, so a crash leaves it provable.
     * A kept environment's objects are in no run record: they outlive the run ({@link Reuse} removes them).
     */
    private String create(String kind, String name, Supplier<String> exec, Function<DockerException, BerthException> refused) {
        boolean record = env.reuseLabels().isEmpty();
        if (record) {
            RunRecord.naming(kind, name);
        } else {
            RunRecord.awaitStarted(); // no line, but its run's record must be up: a lock of a run without one ages out
        }
        try {
            String id = exec.get();
            if (record) {
                RunRecord.created(kind, id);
            }
            return id;
        } catch (DockerException e) {
            throw refused.apply(e);
        }
    }

    private String dockerName(String logical) {
        return logical + "-" + RunIdentity.current().runId() + "-" + SEQUENCE.incrementAndGet();
    }

    private Map<String, String> labels(String kind, String name, Map<String, String> extra) {
        Map<String, String> labels = new LinkedHashMap<>(extra);
        labels.putAll(RunIdentity.current().labels(kind, name, env.scopeId()));
        if (!kind.equals("seed")) {
            // a kept environment's objects carry its declaration hash, its probes too (kept with it, see Reuse.release)
            labels.putAll(env.reuseLabels());
        }
        return labels;
    }

    Object createNetwork(NetworkSpec n) {
        String name = dockerName(n.name());
        Docker engine = env.placement().networkEngine(n.name());
        var cmd = engine.client().createNetworkCmd().withName(name).withDriver(n.driver()).withInternal(n.internal())
                .withLabels(labels("network", n.name(), n.labels()));
        if ("overlay".equals(n.driver())) { // on a swarm's manager (Placement): any node's containers may join it
            cmd.withAttachable(true);
        }
        if (!env.placement().options(n.name()).isEmpty()) {
            cmd.withOptions(env.placement().options(n.name()));
        }
        if (!n.subnet().isBlank()) {
            Network.Ipam.Config ipam = new Network.Ipam.Config().withSubnet(n.subnet());
            if (!n.gateway().isBlank()) {
                ipam.withGateway(n.gateway());
            }
            cmd.withIpam(new Network.Ipam().withConfig(ipam));
        }
        String id = create("network", name, () -> cmd.exec().getId(), e -> new BerthException(n.origin()
                + ": Docker refused to create the network: " + EngineMessage.of(e)
                + (n.subnet().isBlank() ? "" : " (is subnet " + n.subnet() + " already used by another network?)"), e));
        if (engine == Docker.get()) {
            env.networks().put(n.name(), new NetworkHandle(n, id, name, null)); // its subnet is read when asked for
        } else {
            // a node's network: the handle reads lazily from the default engine, so read it here, on its own
            String subnet = n.subnet();
            try {
                Network inspected = engine.client().inspectNetworkCmd().withNetworkId(id).exec();
                String assigned = NetworkHandle.subnetOf(inspected);
                if (!assigned.isEmpty()) {
                    subnet = assigned;
                }
            } finally {
                env.networks().put(n.name(), new NetworkHandle(n, id, name, subnet));
            }
        }
        return id;
    }

    Object createVolume(VolumeSpec v) {
        String name = dockerName(v.name());
        if (env.reuseLabels().isEmpty()) {
            RunRecord.created("volume", name); // a volume's name is its ID
        }
        env.placement().volumeEngine(v.name()).client().createVolumeCmd().withName(name).withLabels(labels("volume", v.name(), v.labels())).exec();
        env.placement().volumeCreated(v.name(), name);
        env.volumes().put(v.name(), new VolumeHandle(v, name, env.config()));
        if (v.seed() != null) {
            seed(v, name);
        }
        return name;
    }

    /** Copies the seed directory into the new volume through a throwaway container that is never started. */
    private void seed(VolumeSpec v, String volumeName) {
        DockerClient client = env.placement().volumeEngine(v.name()).client();
        RunRecord.naming("container", volumeName + "-seed");
        String helper = client.createContainerCmd(env.config().probeImage())
                .withName(volumeName + "-seed")
                .withLabels(labels("seed", v.name(), Map.of()))
                .withHostConfig(HostConfig.newHostConfig().withBinds(new Bind(volumeName, new Volume("/seed"))))
                .exec().getId();
        RunRecord.created("container", helper);
        try {
            client.copyArchiveToContainerCmd(helper).withRemotePath("/seed")
                    .withTarInputStream(Tar.stream(Tar.ofContents(v.seed().directory()))).exec();
        } catch (RuntimeException e) {
            throw new BerthException(v.origin() + ": seeding from " + v.seed().declared() + " failed: " + EngineMessage.of(e), e);
        } finally {
            client.removeContainerCmd(helper).withForce(true).exec();
        }
    }

    Object startStack(Specs.StackSpec st) {
        StackHandle stack = StackHandle.up(st, env.config(), env.chain().resourceEnv(new LinkedHashMap<>()), env.scopeId(), env::findContainer, env.stackModels());
        stack.allContainers().forEach(h -> h.checkLog(env.checks()));
        env.stacks().put(st.name(), stack);
        return stack;
    }

    void startContainers() {
        Map<String, ContainerSpec> pending = new LinkedHashMap<>();
        env.spec().containers().forEach(c -> pending.put(c.name(), c));
        if (!env.config().parallelStart()) {
            // declaration order, each after its dependencies (validated acyclic)
            while (!pending.isEmpty()) {
                ContainerSpec next = pending.values().stream()
                        .filter(c -> c.dependsOn().stream().noneMatch(pending::containsKey)).findFirst().orElseThrow();
                startContainer(next);
                pending.remove(next.name());
            }
            return;
        }
        while (!pending.isEmpty()) {
            List<ContainerSpec> wave = pending.values().stream()
                    .filter(c -> c.dependsOn().stream().noneMatch(pending::containsKey)).toList();
            Workers.runAll(wave.stream().<Supplier<Object>>map(c -> () -> startContainer(c)).toList());
            wave.forEach(c -> pending.remove(c.name()));
        }
    }

    /** Starts one container in a running environment; when it fails to start or get ready, removes it before throwing. */
    ContainerHandle startOne(ContainerSpec c) {
        try {
            return startContainer(c);
        } catch (RuntimeException e) {
            if (env.containers().containsKey(c.name())) {
                try {
                    env.removeContainer(c.name());
                } catch (RuntimeException cleanup) {
                    e.addSuppressed(cleanup);
                }
            }
            throw e;
        }
    }

    static String networkKey(String name) {
        return "network " + name;
    }

    static String volumeKey(String name) {
        return "volume " + name;
    }

    /** This scope's networks and volumes still being created, by {@link #networkKey}/{@link #volumeKey}: containers wait for theirs. */
    private Map<String, CompletableFuture<Object>> resources = Map.of();

    void resourcesBeingCreated(Map<String, CompletableFuture<Object>> beingCreated) {
        this.resources = beingCreated;
    }

    /** Waits until the networks and volumes of this scope that the container uses exist; throws their failure. */
    private void awaitResources(ContainerSpec c) {
        List<CompletableFuture<Object>> mine = new ArrayList<>();
        c.networks().forEach(n -> Optional.ofNullable(resources.get(networkKey(n))).ifPresent(mine::add));
        c.mounts().stream().filter(m -> m.kind() == MountKind.VOLUME)
                .forEach(m -> Optional.ofNullable(resources.get(volumeKey(m.source()))).ifPresent(mine::add));
        Workers.joinAll(mine);
    }

    private ContainerHandle startContainer(ContainerSpec c) {
        awaitResources(c);
        long creating = PhaseTrace.begin();
        Docker engine = env.placement().containerEngine(c.name());
        DockerClient client = engine.client();
        String name = dockerName(c.name());
        Map<String, NetworkHandle> joined = new LinkedHashMap<>();
        for (String n : c.networks()) {
            joined.put(n, env.network(n).orElseThrow(() -> Declarations.fail(c.origin(), "it joins network \"" + n
                    + "\", which the stack does not have (its networks: " + env.stack(n.substring(0, Math.max(0, n.indexOf('/'))))
                    .map(st -> st.networkHandles().keySet().toString()).orElse("[]") + ")", "use one of those network keys")));
        }
        holdNodeOnWiderNetworks(c, engine, joined);
        List<String> aliases = new ArrayList<>();
        aliases.add(c.name());
        aliases.addAll(c.aliases());

        HostConfig host = HostConfig.newHostConfig().withPrivileged(c.privileged());
        List<ExposedPort> exposed = new ArrayList<>();
        Ports bindings = new Ports();
        for (PortSpec p : c.ports()) {
            ExposedPort e = new ExposedPort(p.containerPort(), InternetProtocol.parse(p.protocol()));
            exposed.add(e);
            bindings.bind(e, EngineFiles.binding(p, env.config(), engine.profile()));
        }
        host.withPortBindings(bindings);
        List<Bind> binds = new ArrayList<>();
        for (MountSpec m : EngineFiles.bindMountsTheEngineSees(c.mounts(), engine.profile())) {
            String source = m.kind() == MountKind.VOLUME ? env.volume(m.source()).orElseThrow().dockerName() : m.source();
            binds.add(new Bind(source, new Volume(m.target()), m.readOnly() ? AccessMode.ro : AccessMode.rw));
        }
        host.withBinds(binds);
        CreateContainerCmd cmd = client.createContainerCmd(c.image()).withName(name)
                .withLabels(labels("container", c.name(), c.labels()))
                .withEnv(c.env())
                .withExposedPorts(exposed);
        if (!joined.isEmpty()) {
            NetworkHandle first = joined.values().iterator().next();
            host.withNetworkMode("overlay".equals(first.spec().driver()) ? first.id() : first.dockerName());
            cmd.withAliases(aliases);
        }
        cmd.withHostConfig(host);
        if (!c.command().isEmpty()) {
            cmd.withCmd(c.command());
        }
        if (!c.entrypoint().isEmpty()) {
            cmd.withEntrypoint(c.entrypoint());
        }
        if (!c.user().isBlank()) {
            cmd.withUser(c.user());
        }
        if (!c.workdir().isBlank()) {
            cmd.withWorkingDir(c.workdir());
        }
        String id = create("container", name, () -> cmd.exec().getId(), e -> new BerthException(c.origin()
                + ": Docker refused to create the container: " + EngineMessage.of(e), e));
        env.placement().created(id, engine);
        env.createdContainerIds().add(id);
        EngineFiles.copyBindMountsIn(client, id, c, engine.profile());
        Map<String, String> probeLabels = labels("probe", c.name(), Map.of());
        ContainerHandle handle = new ContainerHandle(engine, c, id, name, joined, env.config(), probeLabels);
        env.containers().put(c.name(), handle);
        handle.neighbours(env::findContainer);
        handle.checkLog(env.checks());
        handle.traceScope(env.scopeId());
        boolean firstNetwork = true;
        for (NetworkHandle n : joined.values()) {
            if (firstNetwork) {
                firstNetwork = false;
                continue;
            }
            client.connectToNetworkCmd().withContainerId(id).withNetworkId(n.id())
                    .withContainerNetwork(new ContainerNetwork().withAliases(aliases)).exec();
        }
        PhaseTrace.end(PhaseTrace.Phase.CREATE, env.scopeId(), creating);
        long starting = PhaseTrace.begin();
        try {
            dev.berth.internal.swarm.Placement.start(engine, () -> startOnce(client, id));
        } catch (DockerException e) {
            String reason = EngineMessage.of(e);
            String hint = reason.contains("port is already allocated") || reason.contains("address already in use")
                    ? " A published host port is already in use: choose another, or publish \"" + c.ports().stream()
                            .map(p -> String.valueOf(p.containerPort())).findFirst().orElse("PORT") + "\" alone for a free one."
                    : " Check the image's entrypoint and command.";
            throw new BerthException(c.origin() + ": the container could not start: " + reason + "." + hint, e);
        }
        // across nodes, a name resolves once the engines' gossip brought its record: wait for it here, not in the test
        Map<String, String> overlays = new LinkedHashMap<>();
        joined.forEach((logical, n) -> {
            if ("overlay".equals(n.spec().driver())) {
                overlays.put(n.id(), logical);
            }
        });
        env.placement().awaitNamesSpread(overlays, env.config().swarmNamesTimeout(), c.origin().toString());
        PhaseTrace.end(PhaseTrace.Phase.START, env.scopeId(), starting);
        PhaseTrace.time(PhaseTrace.Phase.WAIT, env.scopeId(), () -> {
            if (env.defersSettle()) {
                Waits.awaitReadyDeferringSettle(handle);
            } else {
                Waits.awaitReady(handle);
            }
        });
        return handle;
    }

    /**
     * Before a container joins an overlay network of a wider scope (each test's container, the class's
     * network), its node gets a holder on that network, kept by the network's scope
     * ({@link dev.berth.internal.swarm.Placement#hold}): the node then never leaves and rejoins the network
     * between tests, which the other nodes can miss for up to ~30 s.
     */
    private void holdNodeOnWiderNetworks(ContainerSpec c, Docker engine, Map<String, NetworkHandle> joined) {
        joined.forEach((logical, n) -> {
            if (!"overlay".equals(n.spec().driver()) || env.networks().containsKey(logical)) {
                return;
            }
            env.chain().ownerOfNetwork(logical).ifPresent(owner -> owner.placement().hold(engine.nodeName(), n.id(),
                    env.config().probeImage(), dockerName(logical + "-holder-" + engine.nodeName()),
                    RunIdentity.current().labels(dev.berth.internal.swarm.Placement.HOLDER, logical, owner.scopeId())));
        });
    }

    /**
     * Starts a created container, once more when runc lost its own init process while setting the
     * container up ("read init-p: connection reset by peer"): a transient failure of the runtime on a
     * loaded host, which says nothing about the container; every other refusal is the caller's.
     */
    private static void startOnce(DockerClient client, String id) {
        startOnce(() -> client.startContainerCmd(id).exec(), id);
    }

    static void startOnce(Runnable start, String id) {
        try {
            start.run();
        } catch (DockerException e) {
            if (!isRuntimeSetupRace(e)) {
                throw e;
            }
            LOG.warn("The container runtime failed to set up container {} ({}); starting it once more", id,
                    Secrets.mask(EngineMessage.of(e)));
            start.run();
        }
    }

    /** Whether a refused start is runc losing its own init process, not anything about the container. */
    static boolean isRuntimeSetupRace(DockerException e) {
        String message = String.valueOf(e.getMessage());
        return message.contains("OCI runtime create failed") && message.contains("init-p");
    }
}
