package dev.berth.internal;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.command.PullImageResultCallback;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
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
import dev.berth.CleanupMode;
import dev.berth.internal.Specs.ContainerSpec;
import dev.berth.internal.Specs.EnvironmentSpec;
import dev.berth.internal.Specs.MountKind;
import dev.berth.internal.Specs.MountSpec;
import dev.berth.internal.Specs.NetworkSpec;
import dev.berth.internal.Specs.PortSpec;
import dev.berth.internal.Specs.VolumeSpec;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Docker objects of one scope (class, method or shared environment): created from an
 * {@link EnvironmentSpec} on {@link #start()}, removed on {@link #close()}. Stored as an
 * {@link AutoCloseable} (and, for JUnit 5.10 to 5.12, a {@code CloseableResource}) in the JUnit store of its
 * scope, so the store's lifetime is its lifetime.
 */
@SuppressWarnings("deprecation") // CloseableResource: JUnit 5.10-5.12 close only those; 5.13+ close AutoCloseable
public final class Environment implements AutoCloseable, ExtensionContext.Store.CloseableResource {

    private static final Logger LOG = LoggerFactory.getLogger(Environment.class);
    private static final AtomicInteger SEQUENCE = new AtomicInteger();
    private static final AtomicInteger THREADS = new AtomicInteger();
    /** Worker threads for parallel Docker calls; holds no test state. */
    private static final ExecutorService POOL = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "berth-" + THREADS.incrementAndGet());
        t.setDaemon(true);
        return t;
    });

    private final EnvironmentSpec spec;
    private final List<Environment> outer;
    private final String scopeId;
    private final Config config;
    private final CleanupMode cleanup;
    private final Docker docker;

    private final Map<String, NetworkHandle> networks = Collections.synchronizedMap(new LinkedHashMap<>());
    private final Map<String, VolumeHandle> volumes = Collections.synchronizedMap(new LinkedHashMap<>());
    private final Map<String, ContainerHandle> containers = Collections.synchronizedMap(new LinkedHashMap<>());
    private final Map<String, StackHandle> stacks = Collections.synchronizedMap(new LinkedHashMap<>());
    private final Map<String, ImageHandle> images = Collections.synchronizedMap(new LinkedHashMap<>());
    /** Compose models read in the preflight, reused by up when the environment is the same. */
    private final Map<String, com.fasterxml.jackson.databind.JsonNode> stackModels = new java.util.concurrent.ConcurrentHashMap<>();
    private final Map<String, RegistryHandle> registries = Collections.synchronizedMap(new LinkedHashMap<>());
    private final List<String> createdContainerIds = Collections.synchronizedList(new ArrayList<>());
    private volatile boolean failed;
    private volatile boolean closed;
    /** The wiring checks asserted on this environment's containers (the pictures' edges). */
    private final dev.berth.internal.topology.CheckLog checks = new dev.berth.internal.topology.CheckLog();

    /** Environments of this JVM started and not yet closed, oldest first: {@link ShutdownCleanup} closes them at exit. */
    private static final Set<Environment> OPEN = Collections.synchronizedSet(new LinkedHashSet<>());

    static List<Environment> openEnvironments() {
        synchronized (OPEN) {
            return new ArrayList<>(OPEN);
        }
    }

    public Environment(EnvironmentSpec spec, List<Environment> outer, String scopeId, Config config, CleanupMode cleanup) {
        this.spec = spec;
        this.outer = List.copyOf(outer);
        this.scopeId = scopeId;
        this.config = config;
        this.cleanup = cleanup;
        this.docker = Docker.get();
        Secrets.register(spec); // before anything is created: every message from here on masks them
    }

    public EnvironmentSpec spec() {
        return spec;
    }

    public Map<String, NetworkHandle> networks() {
        return networks;
    }

    public Map<String, VolumeHandle> volumes() {
        return volumes;
    }

    public Map<String, ContainerHandle> containers() {
        return containers;
    }

    public Map<String, StackHandle> stacks() {
        return stacks;
    }

    /** Registries of this scope, by logical name. */
    public Map<String, RegistryHandle> registries() {
        return registries;
    }

    /** Images built for this scope, by tag. */
    public Map<String, ImageHandle> images() {
        return images;
    }

    /** The wiring checks asserted on this environment's containers, for its pictures. */
    public dev.berth.internal.topology.CheckLog checks() {
        return checks;
    }

    /** Every container of this scope: declared ones and those of its compose stacks. */
    public List<ContainerHandle> allContainers() {
        List<ContainerHandle> all = new ArrayList<>(containers.values());
        new ArrayList<>(stacks.values()).forEach(st -> all.addAll(st.allContainers()));
        return all;
    }

    /** Marks the scope as failed (for {@link CleanupMode#ON_SUCCESS}). */
    public void markFailed() {
        failed = true;
    }

    /** Creates everything, or nothing: a failure half-way removes what was created, then throws. */
    public Environment start() {
        validateReferences();
        preflightImages();
        OPEN.add(this);
        try {
            for (Specs.BuildSpec b : spec.builds()) { // in declaration order: a later build may start FROM an earlier one
                boolean built = ImageBuild.ensureBuilt(b, config);
                images.put(b.tag(), ImageHandle.of(b.tag(), built));
            }
            // networks and volumes do not depend on each other: create them all at once
            List<Supplier<Object>> networksAndVolumes = new ArrayList<>();
            spec.networks().forEach(n -> networksAndVolumes.add(() -> createNetwork(n)));
            spec.volumes().forEach(v -> networksAndVolumes.add(() -> createVolume(v)));
            runAll(networksAndVolumes);
            runAll(spec.stacks().stream().<Supplier<Object>>map(st -> () -> startStack(st)).toList());
            startContainers();
            for (Specs.RegistrySpec r : spec.registries()) {
                registries.put(r.name(), new RegistryHandle(r.name(), containers.get(r.name()), r.username(), r.password()));
            }
            return this;
        } catch (RuntimeException e) {
            failed = true;
            try {
                removeAll();
            } catch (RuntimeException cleanupFailure) {
                e.addSuppressed(cleanupFailure);
            } finally {
                OPEN.remove(this);
            }
            throw e;
        }
    }

    // ---------------------------------------------------------------- validation

    private void validateReferences() {
        Set<String> local = new HashSet<>();
        spec.containers().forEach(c -> local.add(c.name()));
        for (ContainerSpec c : spec.containers()) {
            for (String n : c.networks()) {
                int slash = n.indexOf('/');
                if (slash > 0) {
                    String st = n.substring(0, slash);
                    boolean declared = spec.stacks().stream().anyMatch(x -> x.name().equals(st)) || outer.stream().anyMatch(o -> o.stacks.containsKey(st));
                    if (!declared) {
                        throw Declarations.fail(c.origin(), "it joins network \"" + n + "\" of stack \"" + st + "\", which is not declared",
                                "declare @ComposeStack(name = \"" + st + "\", ...), or fix the name (written STACK/NETWORK, e.g. \"shop/default\")");
                    }
                    continue;
                }
                if (findNetworkSpec(n).isEmpty()) {
                    throw Declarations.fail(c.origin(), "it joins network \"" + n + "\", which is not declared (declared: "
                            + visibleNames(e -> e.spec.networks().stream().map(NetworkSpec::name).toList()) + ")",
                            "add @WithNetwork(\"" + n + "\") to the class or method, or fix the name");
                }
            }
            for (MountSpec m : c.mounts()) {
                if (m.kind() == MountKind.VOLUME && findVolumeSpec(m.source()).isEmpty()) {
                    throw Declarations.fail(c.origin(), "it mounts volume \"" + m.source() + "\" (\"" + m.declared()
                            + "\"), which is not declared (declared: "
                            + visibleNames(e -> e.spec.volumes().stream().map(VolumeSpec::name).toList()) + ")",
                            "add @WithVolume(\"" + m.source() + "\"), or write a project path as \"./" + m.source() + "\" for a bind mount");
                }
            }
            for (String d : c.dependsOn()) {
                if (!local.contains(d) && outer.stream().noneMatch(o -> o.containers.containsKey(d))) {
                    throw Declarations.fail(c.origin(), "it depends on container \"" + d + "\", which is not declared (declared: "
                            + visibleNames(e -> e.spec.containers().stream().map(ContainerSpec::name).toList()) + ")",
                            "declare it with @WithContainer(name = \"" + d + "\", ...), or fix dependsOn");
                }
            }
        }
        // dependency cycles among this scope's containers
        Map<String, ContainerSpec> byName = new LinkedHashMap<>();
        spec.containers().forEach(c -> byName.put(c.name(), c));
        for (ContainerSpec c : spec.containers()) {
            detectCycle(c, byName, new LinkedHashSet<>());
        }
    }

    private void detectCycle(ContainerSpec c, Map<String, ContainerSpec> byName, LinkedHashSet<String> path) {
        if (!path.add(c.name())) {
            List<String> cycle = new ArrayList<>(path);
            cycle.add(c.name());
            throw Declarations.fail(c.origin(), "dependsOn forms a cycle " + String.join(" -> ", cycle),
                    "remove one of these dependencies");
        }
        for (String d : c.dependsOn()) {
            ContainerSpec dep = byName.get(d);
            if (dep != null) {
                detectCycle(dep, byName, path);
            }
        }
        path.remove(c.name());
    }

    private List<String> visibleNames(java.util.function.Function<Environment, List<String>> names) {
        List<String> all = new ArrayList<>(names.apply(this));
        outer.forEach(o -> all.addAll(names.apply(o)));
        return all;
    }

    private Optional<NetworkSpec> findNetworkSpec(String name) {
        Optional<NetworkSpec> here = spec.networks().stream().filter(n -> n.name().equals(name)).findFirst();
        return here.isPresent() ? here : outer.stream().map(o -> o.networks.get(name)).filter(java.util.Objects::nonNull)
                .map(NetworkHandle::spec).findFirst();
    }

    private Optional<VolumeSpec> findVolumeSpec(String name) {
        Optional<VolumeSpec> here = spec.volumes().stream().filter(n -> n.name().equals(name)).findFirst();
        return here.isPresent() ? here : outer.stream().map(o -> o.volumes.get(name)).filter(java.util.Objects::nonNull)
                .map(VolumeHandle::spec).findFirst();
    }

    /** A stack of this environment or an enclosing one, by logical name. */
    public Optional<StackHandle> stack(String name) {
        StackHandle here = stacks.get(name);
        return here != null ? Optional.of(here) : outer.stream().map(o -> o.stacks.get(name)).filter(java.util.Objects::nonNull).findFirst();
    }

    /** A container of this environment or an enclosing one, by logical name or extra alias. */
    public Optional<ContainerHandle> findContainer(String nameOrAlias) {
        List<Environment> all = new ArrayList<>();
        all.add(this);
        all.addAll(outer);
        for (Environment e : all) {
            ContainerHandle byName = e.containers.get(nameOrAlias);
            if (byName != null) {
                return Optional.of(byName);
            }
        }
        for (Environment e : all) {
            for (ContainerHandle h : new ArrayList<>(e.containers.values())) {
                if (h.spec().aliases().contains(nameOrAlias)) {
                    return Optional.of(h);
                }
            }
        }
        for (Environment e : all) {
            for (StackHandle st : new ArrayList<>(e.stacks.values())) {
                Optional<ContainerHandle> service = st.serviceContainer(nameOrAlias);
                if (service.isPresent()) {
                    return service;
                }
            }
        }
        return Optional.empty();
    }

    public Optional<NetworkHandle> network(String name) {
        int slash = name.indexOf('/');
        if (slash > 0) {
            Optional<StackHandle> stack = stack(name.substring(0, slash));
            return stack.map(st -> st.networkHandles().get(name.substring(slash + 1)));
        }
        NetworkHandle here = networks.get(name);
        return here != null ? Optional.of(here) : outer.stream().map(o -> o.networks.get(name)).filter(java.util.Objects::nonNull).findFirst();
    }

    public Optional<VolumeHandle> volume(String name) {
        VolumeHandle here = volumes.get(name);
        return here != null ? Optional.of(here) : outer.stream().map(o -> o.volumes.get(name)).filter(java.util.Objects::nonNull).findFirst();
    }

    // ---------------------------------------------------------------- images

    private void preflightImages() {
        Set<String> builtOutside = new HashSet<>();
        outer.forEach(o -> builtOutside.addAll(o.images.keySet()));
        preflight("the environment of " + spec.scopeName(), List.of(spec), builtOutside, config, resourceEnv(true), stackModels);
    }

    /**
     * Checks, before anything is created, that every image the given declarations need exists or
     * can be pulled: container images, compose services' images and the FROM lines of Dockerfiles
     * (images built by an earlier {@code @BuildImage} excepted). All missing images are reported
     * together in one {@link ExtensionConfigurationException}.
     */
    public static void preflight(String what, List<EnvironmentSpec> specs, Set<String> builtOutside, Config config,
                                 Map<String, String> stackEnv, Map<String, com.fasterxml.jackson.databind.JsonNode> models) {
        specs.forEach(Secrets::register);
        Docker docker = Docker.get();
        Map<String, List<String>> needed = new LinkedHashMap<>();
        Set<String> builtHere = new HashSet<>(builtOutside);
        for (EnvironmentSpec spec : specs) {
            for (Specs.BuildSpec b : spec.builds()) {
                builtHere.add(b.tag());
            }
        }
        Map<String, Specs.Pull> policies = new LinkedHashMap<>();
        for (EnvironmentSpec spec : specs) {
            for (Specs.BuildSpec b : spec.builds()) {
                for (String base : ImageBuild.baseImages(b)) {
                    if (!builtHere.contains(base)) {
                        needed.computeIfAbsent(base, k -> new ArrayList<>()).add("FROM in " + b.dockerfile() + " of " + b.origin());
                    }
                }
            }
            for (ContainerSpec c : spec.containers()) {
                if (!builtHere.contains(c.image())) {
                    needed.computeIfAbsent(c.image(), k -> new ArrayList<>()).add(c.origin().toString());
                }
            }
            if (spec.volumes().stream().anyMatch(v -> v.seed() != null)) {
                needed.computeIfAbsent(config.probeImage(), k -> new ArrayList<>()).add("volume seeding (" + Config.PROBE_IMAGE + ")");
            }
            needed.keySet().forEach(i -> policies.putIfAbsent(i, Specs.Pull.MISSING));
            for (Specs.StackSpec st : spec.stacks()) {
                StackHandle.imagesOf(st, config, stackEnv, models).forEach((image, who) -> {
                    if (builtHere.contains(image)) {
                        return;
                    }
                    needed.computeIfAbsent(image, k -> new ArrayList<>()).addAll(who);
                    policies.merge(image, st.pull(), (a, b) -> a == Specs.Pull.ALWAYS || b == Specs.Pull.ALWAYS ? Specs.Pull.ALWAYS
                            : a == Specs.Pull.MISSING || b == Specs.Pull.MISSING ? Specs.Pull.MISSING : Specs.Pull.NEVER);
                });
            }
        }
        Map<String, String> missing = Collections.synchronizedMap(new LinkedHashMap<>());
        List<CompletableFuture<Void>> checks = new ArrayList<>();
        for (String image : needed.keySet()) {
            checks.add(CompletableFuture.runAsync(() -> Images.ensure(docker.client(), image,
                    policies.getOrDefault(image, Specs.Pull.MISSING), config.pullTimeout())
                    .ifPresent(reason -> missing.put(image, reason)), POOL));
        }
        checks.forEach(CompletableFuture::join);
        if (!missing.isEmpty()) {
            StringBuilder msg = new StringBuilder("Berth cannot start " + what + ": "
                    + missing.size() + " image(s) are not present locally and could not be pulled:");
            needed.keySet().stream().filter(missing::containsKey).forEach(image -> msg.append("\n  - ").append(image)
                    .append(" (needed by ").append(String.join(", ", needed.get(image))).append("): ").append(missing.get(image)));
            msg.append("\nFix: build them locally (docker build -t NAME ...),"
                    + " pull them where a registry answers, or correct the image names. Nothing was created.");
            throw new ExtensionConfigurationException(msg.toString());
        }
    }

    /** Placeholder BERTH_NETWORK_X / BERTH_VOLUME_X values for reading compose files before anything exists. */
    public static Map<String, String> placeholderEnv(List<EnvironmentSpec> specs) {
        Map<String, String> env = new LinkedHashMap<>();
        for (EnvironmentSpec spec : specs) {
            spec.networks().forEach(n -> env.put("BERTH_NETWORK_" + envName(n.name()), "berth-pending-" + n.name()));
            spec.volumes().forEach(v -> env.put("BERTH_VOLUME_" + envName(v.name()), "berth-pending-" + v.name()));
        }
        return env;
    }

    // ---------------------------------------------------------------- creation

    private String dockerName(String logical) {
        return logical + "-" + RunIdentity.current().runId() + "-" + SEQUENCE.incrementAndGet();
    }

    private Map<String, String> labels(String kind, String name, Map<String, String> extra) {
        Map<String, String> labels = new LinkedHashMap<>(extra);
        labels.putAll(RunIdentity.current().labels(kind, name, scopeId));
        return labels;
    }

    private Object createNetwork(NetworkSpec n) {
        String name = dockerName(n.name());
        var cmd = docker.client().createNetworkCmd().withName(name).withDriver(n.driver()).withInternal(n.internal())
                .withLabels(labels("network", n.name(), n.labels()));
        if (!n.subnet().isBlank()) {
            Network.Ipam.Config ipam = new Network.Ipam.Config().withSubnet(n.subnet());
            if (!n.gateway().isBlank()) {
                ipam.withGateway(n.gateway());
            }
            cmd.withIpam(new Network.Ipam().withConfig(ipam));
        }
        String id;
        RunRecord.naming("network", name);
        try {
            id = cmd.exec().getId();
            RunRecord.created("network", id);
        } catch (DockerException e) {
            throw new BerthException(n.origin() + ": Docker refused to create the network: " + e.getMessage().strip()
                    + (n.subnet().isBlank() ? "" : " (is subnet " + n.subnet() + " already used by another network?)"), e);
        }
        String subnet = n.subnet();
        try {
            Network inspected = docker.client().inspectNetworkCmd().withNetworkId(id).exec();
            String assigned = NetworkHandle.subnetOf(inspected);
            if (!assigned.isEmpty()) {
                subnet = assigned;
            }
        } finally {
            networks.put(n.name(), new NetworkHandle(n, id, name, subnet));
        }
        return id;
    }

    private Object createVolume(VolumeSpec v) {
        String name = dockerName(v.name());
        RunRecord.created("volume", name); // a volume's name is its ID
        docker.client().createVolumeCmd().withName(name).withLabels(labels("volume", v.name(), v.labels())).exec();
        volumes.put(v.name(), new VolumeHandle(v, name, config));
        if (v.seed() != null) {
            seed(v, name);
        }
        return name;
    }

    /** Copies the seed directory into the new volume through a throwaway container that is never started. */
    private void seed(VolumeSpec v, String volumeName) {
        DockerClient client = docker.client();
        RunRecord.naming("container", volumeName + "-seed");
        String helper = client.createContainerCmd(config.probeImage())
                .withName(volumeName + "-seed")
                .withLabels(labels("seed", v.name(), Map.of()))
                .withHostConfig(HostConfig.newHostConfig().withBinds(new Bind(volumeName, new Volume("/seed"))))
                .exec().getId();
        RunRecord.created("container", helper);
        try {
            client.copyArchiveToContainerCmd(helper).withRemotePath("/seed")
                    .withTarInputStream(Tar.stream(Tar.ofContents(v.seed().directory()))).exec();
        } catch (RuntimeException e) {
            throw new BerthException(v.origin() + ": seeding from " + v.seed().declared() + " failed: " + e.getMessage(), e);
        } finally {
            client.removeContainerCmd(helper).withForce(true).exec();
        }
    }

    /** BERTH_NETWORK_X / BERTH_VOLUME_X for compose; before creation (preflight) this scope's own are placeholders. */
    private Map<String, String> resourceEnv(boolean beforeCreation) {
        Map<String, String> env = new LinkedHashMap<>();
        List<Environment> all = new ArrayList<>(outer);
        java.util.Collections.reverse(all);
        all.add(this);
        for (Environment e : all) { // nearest scope wins
            new ArrayList<>(e.networks.values()).forEach(n -> env.put("BERTH_NETWORK_" + envName(n.name()), n.dockerName()));
            new ArrayList<>(e.volumes.values()).forEach(v -> env.put("BERTH_VOLUME_" + envName(v.name()), v.dockerName()));
        }
        if (beforeCreation) {
            spec.networks().forEach(n -> env.put("BERTH_NETWORK_" + envName(n.name()), "berth-pending-" + n.name()));
            spec.volumes().forEach(v -> env.put("BERTH_VOLUME_" + envName(v.name()), "berth-pending-" + v.name()));
        }
        return env;
    }

    private Object startStack(Specs.StackSpec st) {
        StackHandle stack = StackHandle.up(st, config, resourceEnv(false), scopeId, this::findContainer, stackModels);
        stack.allContainers().forEach(h -> h.checkLog(checks));
        stacks.put(st.name(), stack);
        return stack;
    }

    private static String envName(String logical) {
        return logical.toUpperCase(java.util.Locale.ROOT).replace('-', '_').replace('.', '_');
    }

    private void startContainers() {
        Map<String, ContainerSpec> pending = new LinkedHashMap<>();
        spec.containers().forEach(c -> pending.put(c.name(), c));
        if (!config.parallelStart()) {
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
            runAll(wave.stream().<Supplier<Object>>map(c -> () -> startContainer(c)).toList());
            wave.forEach(c -> pending.remove(c.name()));
        }
    }

    private ContainerHandle startContainer(ContainerSpec c) {
        DockerClient client = docker.client();
        String name = dockerName(c.name());
        Map<String, NetworkHandle> joined = new LinkedHashMap<>();
        for (String n : c.networks()) {
            joined.put(n, network(n).orElseThrow(() -> Declarations.fail(c.origin(), "it joins network \"" + n
                    + "\", which the stack does not have (its networks: " + stack(n.substring(0, Math.max(0, n.indexOf('/'))))
                    .map(st -> st.networkHandles().keySet().toString()).orElse("[]") + ")", "use one of those network keys")));
        }
        List<String> aliases = new ArrayList<>();
        aliases.add(c.name());
        aliases.addAll(c.aliases());

        HostConfig host = HostConfig.newHostConfig().withPrivileged(c.privileged());
        List<ExposedPort> exposed = new ArrayList<>();
        Ports bindings = new Ports();
        for (PortSpec p : c.ports()) {
            ExposedPort e = new ExposedPort(p.containerPort(), InternetProtocol.parse(p.protocol()));
            exposed.add(e);
            bindings.bind(e, EngineFiles.binding(p, config));
        }
        host.withPortBindings(bindings);
        List<Bind> binds = new ArrayList<>();
        for (MountSpec m : EngineFiles.bindMountsTheEngineSees(c.mounts())) {
            String source = m.kind() == MountKind.VOLUME ? volume(m.source()).orElseThrow().dockerName() : m.source();
            binds.add(new Bind(source, new Volume(m.target()), m.readOnly() ? AccessMode.ro : AccessMode.rw));
        }
        host.withBinds(binds);
        CreateContainerCmd cmd = client.createContainerCmd(c.image()).withName(name)
                .withLabels(labels("container", c.name(), c.labels()))
                .withEnv(c.env())
                .withExposedPorts(exposed);
        if (!joined.isEmpty()) {
            NetworkHandle first = joined.values().iterator().next();
            host.withNetworkMode(first.dockerName());
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
        String id;
        RunRecord.naming("container", name);
        try {
            id = cmd.exec().getId();
            RunRecord.created("container", id);
        } catch (DockerException e) {
            throw new BerthException(c.origin() + ": Docker refused to create the container: " + e.getMessage().strip(), e);
        }
        createdContainerIds.add(id);
        EngineFiles.copyBindMountsIn(client, id, c);
        Map<String, String> probeLabels = labels("probe", c.name(), Map.of());
        ContainerHandle handle = new ContainerHandle(docker, c, id, name, joined, config, probeLabels);
        containers.put(c.name(), handle);
        handle.neighbours(this::findContainer);
        handle.checkLog(checks);
        boolean firstNetwork = true;
        for (NetworkHandle n : joined.values()) {
            if (firstNetwork) {
                firstNetwork = false;
                continue;
            }
            client.connectToNetworkCmd().withContainerId(id).withNetworkId(n.id())
                    .withContainerNetwork(new ContainerNetwork().withAliases(aliases)).exec();
        }
        try {
            client.startContainerCmd(id).exec();
        } catch (DockerException e) {
            String reason = e.getMessage().strip();
            String hint = reason.contains("port is already allocated") || reason.contains("address already in use")
                    ? " A published host port is already in use: choose another, or publish \"" + c.ports().stream()
                            .map(p -> String.valueOf(p.containerPort())).findFirst().orElse("PORT") + "\" alone for a free one."
                    : " Check the image's entrypoint and command.";
            throw new BerthException(c.origin() + ": the container could not start: " + reason + "." + hint, e);
        }
        Waits.awaitReady(handle);
        return handle;
    }

    private static void runAll(List<Supplier<Object>> tasks) {
        if (tasks.size() == 1) {
            tasks.get(0).get();
            return;
        }
        List<CompletableFuture<Object>> futures = tasks.stream().map(t -> CompletableFuture.supplyAsync(t, POOL)).toList();
        RuntimeException first = null;
        for (CompletableFuture<Object> f : futures) {
            try {
                f.join();
            } catch (CompletionException e) {
                RuntimeException cause = e.getCause() instanceof RuntimeException r ? r : new BerthException(String.valueOf(e.getCause()), e.getCause());
                if (first == null) {
                    first = cause;
                } else {
                    first.addSuppressed(cause);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    // ---------------------------------------------------------------- cleanup

    @Override
    public void close() {
        synchronized (this) { // the shutdown hook may close it while JUnit does
            if (closed) {
                return;
            }
            closed = true;
        }
        OPEN.remove(this);
        boolean keep = cleanup == CleanupMode.NEVER || (cleanup == CleanupMode.ON_SUCCESS && failed);
        if (keep) {
            String message = "Berth kept the environment of " + spec.scopeName() + " (cleanup " + cleanup
                    + (failed ? ", a test failed" : "") + "). Remove it with:\n  " + removalCommand();
            message = Secrets.mask(message);
            LOG.warn(message);
            System.err.println(message); // also without an SLF4J backend: the user must see how to clean up
            return;
        }
        removeAll();
    }

    /** The shell command that removes what this environment created. */
    public String removalCommand() {
        List<String> parts = new ArrayList<>();
        List<String> names = new ArrayList<>();
        containers.values().forEach(c -> {
            names.add(c.containerName() + "-probe");
            names.add(c.containerName());
        });
        if (!names.isEmpty()) {
            parts.add("docker rm -f " + String.join(" ", names) + " 2>/dev/null");
        }
        new ArrayList<>(stacks.values()).forEach(st -> parts.add(st.removalCommand()));
        if (!networks.isEmpty()) {
            parts.add("docker network rm " + String.join(" ", networks.values().stream().map(NetworkHandle::dockerName).toList()));
        }
        if (!volumes.isEmpty()) {
            parts.add("docker volume rm " + String.join(" ", volumes.values().stream().map(VolumeHandle::dockerName).toList()));
        }
        return parts.isEmpty() ? "(nothing was created)" : String.join("; ", parts);
    }

    private void removeAll() {
        DockerClient client = docker.client();
        List<RuntimeException> errors = Collections.synchronizedList(new ArrayList<>());
        Collection<ContainerHandle> handles = new ArrayList<>(containers.values());
        List<CompletableFuture<Void>> removals = new ArrayList<>();
        for (String id : new ArrayList<>(createdContainerIds)) {
            ContainerHandle h = handles.stream().filter(x -> x.id().equals(id)).findFirst().orElse(null);
            removals.add(CompletableFuture.runAsync(() -> {
                if (h != null) {
                    guard(errors, h::dropProbe);
                }
                guard(errors, () -> client.removeContainerCmd(id).withForce(true).withRemoveVolumes(true).exec());
            }, POOL));
        }
        removals.forEach(CompletableFuture::join);
        removals.clear();
        for (StackHandle st : new ArrayList<>(stacks.values())) {
            removals.add(CompletableFuture.runAsync(() -> guard(errors, st::down), POOL));
        }
        removals.forEach(CompletableFuture::join);
        removals.clear();
        for (Specs.BuildSpec b : spec.builds()) {
            if (!b.keep() && images.containsKey(b.tag())) {
                guard(errors, () -> ImageBuild.remove(b.tag()));
            }
        }
        for (NetworkHandle n : new ArrayList<>(networks.values())) {
            removals.add(CompletableFuture.runAsync(() -> guard(errors, () -> client.removeNetworkCmd(n.id()).exec()), POOL));
        }
        for (VolumeHandle v : new ArrayList<>(volumes.values())) {
            removals.add(CompletableFuture.runAsync(() -> guard(errors, () -> client.removeVolumeCmd(v.dockerName()).exec()), POOL));
        }
        removals.forEach(CompletableFuture::join);
        if (!errors.isEmpty()) {
            BerthException e = new BerthException("Berth could not remove all of the environment of " + spec.scopeName()
                    + ": " + errors.get(0).getMessage() + ". Remove the rest with: " + removalCommand(), errors.get(0));
            errors.stream().skip(1).forEach(e::addSuppressed);
            throw e;
        }
    }

    /** Runs a removal, taking "already gone" as done and collecting any other failure. */
    static void guard(List<RuntimeException> errors, Runnable action) {
        try {
            action.run();
        } catch (NotFoundException alreadyGone) {
            // removed by the test itself or by Docker (auto-remove): the goal is reached
        } catch (RuntimeException e) {
            errors.add(e);
        }
    }
}
