package dev.berth.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.command.InspectVolumeResponse;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Network;
import dev.berth.BerthContainer;
import dev.berth.BerthException;
import dev.berth.BerthNetwork;
import dev.berth.BerthStack;
import dev.berth.BerthVolume;
import dev.berth.ExecResult;
import dev.berth.internal.Specs.ContainerSpec;
import dev.berth.internal.Specs.NetworkSpec;
import dev.berth.internal.Specs.Origin;
import dev.berth.internal.Specs.StackSpec;
import dev.berth.internal.Specs.VolumeSpec;
import dev.berth.internal.Specs.WaitKind;
import dev.berth.internal.Specs.WaitSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apiguardian.api.API;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A compose stack driven through the real Compose v2 CLI: {@code config} to read and validate,
 * an override file that adds Berth's labels to every service, network and volume, {@code up},
 * and {@code down -v --remove-orphans -t 0}. Containers, networks and volumes are then read
 * from the engine by the project label, so ports are compose's own published ports.
 *
 * <p>Longer than most classes here because it is both a stack's lifecycle (up, read back, down)
 * and the {@link BerthStack} handle; the override file ({@link ComposeOverride}), the process
 * ({@link ProcessRunner}) and the image list of the preflight live elsewhere.
 */
@API(status = INTERNAL, since = "0.1")
public final class StackHandle implements BerthStack {

    private static final Logger LOG = LoggerFactory.getLogger(StackHandle.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicInteger SEQUENCE = new AtomicInteger();
    private static final String PROJECT_LABEL = "com.docker.compose.project";

    private final StackSpec spec;
    private final String project;
    private final Config config;
    private final Docker docker;
    private final Map<String, String> env;
    private final Path override;
    private final ComposeCli cli;
    private final Map<String, List<ContainerHandle>> services = new LinkedHashMap<>();
    private final Map<String, NetworkHandle> networks = new LinkedHashMap<>();
    private final Map<String, VolumeHandle> volumes = new LinkedHashMap<>();
    private Function<String, Optional<ContainerHandle>> outerLookup = n -> Optional.empty();

    private StackHandle(StackSpec spec, Config config, Map<String, String> env, String scopeId) {
        this.spec = spec;
        this.config = config;
        this.docker = Docker.get();
        this.project = ("berth-" + spec.name() + "-" + RunIdentity.current().runId() + "-" + SEQUENCE.incrementAndGet())
                .toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_-]", "-");
        this.env = env;
        try {
            this.override = Files.createTempFile("berth-" + project + "-", ".yml");
        } catch (IOException e) {
            throw new BerthException(spec.origin() + ": cannot create the compose override file in "
                    + System.getProperty("java.io.tmpdir") + ": " + e.getMessage(), e);
        }
        this.scopeId = scopeId;
        this.cli = new ComposeCli(spec, config, project, override, env);
    }

    private final String scopeId;
    private JsonNode model;

    /**
     * Validates, checks images, and brings the stack up; on any failure takes down what came up
     * and throws with compose's error, {@code ps} state, health history and last log lines.
     */
    static StackHandle up(StackSpec spec, Config config, Map<String, String> resourceEnv, String scopeId,
                          Function<String, Optional<ContainerHandle>> outerLookup, Map<String, JsonNode> models) {
        Map<String, String> env = withStackEnv(spec, resourceEnv);
        StackHandle stack = new StackHandle(spec, config, env, scopeId);
        stack.outerLookup = outerLookup;
        try {
            stack.start(models == null ? null : models.get(modelKey(spec, env)));
            return stack;
        } catch (RuntimeException e) {
            try {
                stack.down();
            } catch (RuntimeException downFailure) {
                e.addSuppressed(downFailure);
            }
            throw e;
        }
    }

    /** The environment of compose calls: Berth's resource variables, then the stack's own {@code env} entries over them. */
    private static Map<String, String> withStackEnv(StackSpec spec, Map<String, String> resourceEnv) {
        Map<String, String> env = new LinkedHashMap<>(resourceEnv);
        for (String e : spec.env()) {
            int eq = e.indexOf('=');
            env.put(e.substring(0, eq), e.substring(eq + 1));
        }
        return env;
    }

    /** The key of a stack model read with exactly this environment (the preflight's model is reused when equal). */
    static String modelKey(StackSpec spec, Map<String, String> env) {
        return spec.name() + "\u0000" + spec.files() + "\u0000" + new java.util.TreeMap<>(env);
    }

    private void start(JsonNode premodel) {
        RunRecord.project(project); // before anything of the project exists: a crash mid-up leaves provable objects
        JsonNode model = premodel != null ? premodel : config();
        HostPolicy.checkStack(spec, model);
        EngineFiles.checkStack(spec, model, config); // on an engine that cannot see the JVM's files: directories only
        collectSecrets(model);
        writeOverride(model);
        this.model = model;
        List<String> args = new ArrayList<>(List.of("up", "-d", "--remove-orphans", "--pull", spec.pull().name().toLowerCase(Locale.ROOT)));
        if (spec.build()) {
            args.add("--build");
        } else {
            args.add("--no-build");
        }
        if (spec.waitForServices()) {
            args.add("--wait");
            args.add("--wait-timeout");
            args.add(Long.toString(Math.max(1, spec.waitTimeout().toSeconds())));
        }
        for (String s : spec.scale()) {
            args.add("--scale");
            args.add(s);
        }
        args.addAll(spec.services());
        ComposeCli.Result up = cli.run(args, spec.waitTimeout().plusSeconds(spec.build() ? 600 : 60));
        if (up.exitCode() != 0) {
            throw new BerthException(spec.origin() + ": docker compose up failed (exit " + up.exitCode() + ").\n"
                    + "compose said:\n" + indent(mask(up.output())) + diagnostics()
                    + "\nFix the stack (see above), or raise the wait with waitTimeout. The stack was taken down.");
        }
        readBack();
    }

    private JsonNode config() {
        ComposeCli.Result r = cli.run(List.of("config", "--format", "json"), Duration.ofSeconds(60));
        if (r.exitCode() != 0) {
            throw new ExtensionConfigurationException(spec.origin() + ": docker compose rejected the stack definition:\n"
                    + indent(mask(r.output().strip())) + "\nFix: correct the compose file(s) " + spec.files() + ".");
        }
        try {
            String text = r.output();
            int start = text.indexOf('{');
            return JSON.readTree(start > 0 ? text.substring(start) : text);
        } catch (IOException e) {
            throw new BerthException(spec.origin() + ": cannot read 'docker compose config' output: " + e.getMessage(), e);
        }
    }

    /** Registers the secrets of the stack's environment and of its services' resolved environment (env files included). */
    private void collectSecrets(JsonNode model) {
        env.forEach((k, v) -> {
            if (!k.startsWith("BERTH_NETWORK_") && !k.startsWith("BERTH_VOLUME_")) { // Docker names of Berth's resources, never secret
                Secrets.registerEnv(k, v);
            }
        });
        for (JsonNode svc : iterable(model.path("services"))) {
            svc.path("environment").fields().forEachRemaining(e -> {
                if (e.getValue().isTextual()) {
                    Secrets.registerEnv(e.getKey(), e.getValue().asText());
                }
            });
            svc.path("build").path("args").fields().forEachRemaining(e -> {
                if (e.getValue().isTextual()) {
                    Secrets.registerEnv(e.getKey(), e.getValue().asText());
                }
            });
        }
    }

    private static String mask(String text) {
        return Secrets.mask(text);
    }

    /**
     * The images the stack needs (image to "service X" descriptions), read with {@code docker compose
     * config} before anything of the environment is created; images that {@code up --build} will build
     * are left out. An invalid stack definition fails here, with compose's own error.
     */
    static Map<String, List<String>> imagesOf(StackSpec spec, Config config, Map<String, String> env, Map<String, JsonNode> models) {
        Map<String, String> all = withStackEnv(spec, env);
        StackHandle probe = new StackHandle(spec, config, all, "preflight");
        try {
            JsonNode model = probe.config();
            HostPolicy.checkStack(spec, model);
            List<String> copying = EngineFiles.checkStack(spec, model, config); // the probe image, when binds are copied in
            if (models != null) {
                models.put(modelKey(spec, all), model);
            }
            probe.collectSecrets(model);
            Map<String, List<String>> needed = new LinkedHashMap<>();
            Set<String> selected = new LinkedHashSet<>(spec.services());
            model.path("services").fields().forEachRemaining(e -> {
                if (!selected.isEmpty() && !dependencyOfSelected(model, e.getKey(), selected)) {
                    return;
                }
                JsonNode svc = e.getValue();
                boolean builds = svc.has("build");
                if (builds && spec.build()) {
                    return; // up --build makes it
                }
                String image = svc.path("image").asText("");
                if (image.isEmpty()) {
                    image = probe.project + "-" + e.getKey();
                }
                needed.computeIfAbsent(image, k -> new ArrayList<>()).add("service " + e.getKey() + " of " + spec.origin()
                        + (builds ? "; it has a build section: set build = true" : ""));
            });
            copying.forEach(i -> needed.computeIfAbsent(i, k -> new ArrayList<>()).add("copying the bind mounts of " + spec.origin()
                    + " to the engine (" + Config.PROBE_IMAGE + ")"));
            return needed;
        } finally {
            try {
                Files.deleteIfExists(probe.override);
            } catch (IOException e) {
                LOG.warn("Could not delete {}: {}", probe.override, e.toString());
            }
        }
    }

    private static boolean dependencyOfSelected(JsonNode model, String service, Set<String> selected) {
        Set<String> seen = new LinkedHashSet<>();
        List<String> todo = new ArrayList<>(selected);
        while (!todo.isEmpty()) {
            String s = todo.remove(todo.size() - 1);
            if (!seen.add(s)) {
                continue;
            }
            model.path("services").path(s).path("depends_on").fieldNames().forEachRemaining(todo::add);
        }
        return seen.contains(service);
    }

    private void writeOverride(JsonNode model) {
        var root = ComposeOverride.build(model, RunIdentity.current().labels("compose", spec.name(), scopeId),
                config.bindAddressFor(EngineProfile.current())); // "" on a remote engine: its default
        EngineFiles.copyStackBinds(spec, model, project, scopeId, config, root); // bind mounts the engine cannot see: volumes
        String text = ComposeOverride.text(root);
        try {
            Files.writeString(override, text);
        } catch (IOException e) {
            throw new BerthException(spec.origin() + ": cannot write the compose override file " + override + ": " + e.getMessage(), e);
        }
    }

    // ---------------------------------------------------------------- after up

    private void readBack() {
        DockerClient client = docker.client();
        List<Container> found = client.listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of(PROJECT_LABEL, project)).exec();
        found.forEach(c -> RunRecord.created("container", c.getId()));
        for (Network n : client.listNetworksCmd().withFilter("label", List.of(PROJECT_LABEL + "=" + project)).exec()) {
            RunRecord.created("network", n.getId());
            String key = n.getLabels().getOrDefault("com.docker.compose.network", n.getName());
            NetworkSpec ns = new NetworkSpec(key, n.getDriver(), Boolean.TRUE.equals(n.getInternal()), "", "", false, Map.of(), Map.of(),
                    new Origin("ComposeStack", spec.name(), "network " + key));
            networks.put(key, new NetworkHandle(ns, n.getId(), n.getName(), NetworkHandle.subnetOf(n)));
        }
        // external networks (e.g. a @WithNetwork passed in as BERTH_NETWORK_X) carry no project label
        model.path("networks").fields().forEachRemaining(e -> {
            if (e.getValue().path("external").asBoolean(false) && !networks.containsKey(e.getKey())) {
                String dockerName = e.getValue().path("name").asText(e.getKey());
                Network n = client.inspectNetworkCmd().withNetworkId(dockerName).exec();
                NetworkSpec ns = new NetworkSpec(e.getKey(), n.getDriver(), Boolean.TRUE.equals(n.getInternal()), "", "", false, Map.of(), Map.of(),
                        new Origin("ComposeStack", spec.name(), "external network " + e.getKey()));
                networks.put(e.getKey(), new NetworkHandle(ns, n.getId(), n.getName(), NetworkHandle.subnetOf(n)));
            }
        });
        List<InspectVolumeResponse> vols = client.listVolumesCmd().withFilter("label", List.of(PROJECT_LABEL + "=" + project))
                .exec().getVolumes();
        for (InspectVolumeResponse v : vols == null ? List.<InspectVolumeResponse>of() : vols) {
            RunRecord.created("volume", v.getName()); // the engine gives no creation time for a volume: record it by name
            String key = v.getLabels() == null ? v.getName() : v.getLabels().getOrDefault("com.docker.compose.volume", v.getName());
            volumes.put(key, new VolumeHandle(new VolumeSpec(key, null, Map.of(),
                    new Origin("ComposeStack", spec.name(), "volume " + key)), v.getName(), config));
        }
        found.sort(Comparator.comparing((Container c) -> c.getLabels().getOrDefault("com.docker.compose.service", ""))
                .thenComparing(c -> Integer.parseInt(c.getLabels().getOrDefault("com.docker.compose.container-number", "0"))));
        for (Container c : found) {
            String service = c.getLabels().getOrDefault("com.docker.compose.service", c.getId());
            InspectContainerResponse inspected = client.inspectContainerCmd(c.getId()).exec();
            // compose's model keeps no order of a service's networks: sorted by key, so networks() is stable
            Map<String, NetworkHandle> joined = new TreeMap<>();
            inspected.getNetworkSettings().getNetworks().keySet().forEach(dockerName -> networks.values().stream()
                    .filter(n -> n.dockerName().equals(dockerName)).findFirst().ifPresent(n -> joined.put(n.name(), n)));
            List<WaitSpec> waits = inspected.getState().getHealth() != null
                    ? List.of(new WaitSpec(WaitKind.HEALTHY, 0, null, null, 0, List.of(), spec.waitTimeout())) : List.of();
            List<String> envList = inspected.getConfig().getEnv() == null ? List.of() : List.of(inspected.getConfig().getEnv());
            ContainerSpec cs = new ContainerSpec(service, String.valueOf(inspected.getConfig().getImage()), List.of(), List.of(),
                    envList, List.of(), List.copyOf(joined.keySet()), List.of(), List.of(), waits, List.of(), "", "", false, Map.of(),
                    "", new Origin("ComposeStack", spec.name(), "service " + service));
            String name = inspected.getName().startsWith("/") ? inspected.getName().substring(1) : inspected.getName();
            ContainerHandle h = new ContainerHandle(docker, cs, c.getId(), name, joined, config,
                    RunIdentity.current().labels("probe", service, scopeId));
            h.neighbours(this::neighbour);
            services.computeIfAbsent(service, k -> new ArrayList<>()).add(h);
        }
    }

    private Optional<ContainerHandle> neighbour(String nameOrAlias) {
        List<ContainerHandle> here = services.get(nameOrAlias);
        if (here != null && !here.isEmpty()) {
            return Optional.of(here.get(0));
        }
        return outerLookup.apply(nameOrAlias);
    }

    /** Sets how the stack's containers find containers declared outside the stack. */
    void outerLookup(Function<String, Optional<ContainerHandle>> lookup) {
        this.outerLookup = lookup;
    }

    /** The first container of a service, for lookups by service name from outside the stack. */
    Optional<ContainerHandle> serviceContainer(String service) {
        List<ContainerHandle> l = services.get(service);
        return l == null || l.isEmpty() ? Optional.empty() : Optional.of(l.get(0));
    }

    Map<String, NetworkHandle> networkHandles() {
        return networks;
    }

    Map<String, VolumeHandle> volumeHandles() {
        return volumes;
    }

    private String diagnostics() {
        StringBuilder out = new StringBuilder();
        ComposeCli.Result ps = cli.run(List.of("ps", "-a", "--format", "{{.Service}}\t{{.State}}\t{{.Status}}"), Duration.ofSeconds(30));
        out.append("\ndocker compose ps -a:\n").append(indent(ps.output().strip()));
        DockerClient client = docker.client();
        for (Container c : client.listContainersCmd().withShowAll(true).withLabelFilter(Map.of(PROJECT_LABEL, project)).exec()) {
            InspectContainerResponse i = client.inspectContainerCmd(c.getId()).exec();
            var state = i.getState();
            boolean unhealthy = state.getHealth() != null && !"healthy".equals(state.getHealth().getStatus());
            boolean stopped = !Boolean.TRUE.equals(state.getRunning());
            if (!unhealthy && !stopped) {
                continue;
            }
            String service = c.getLabels().getOrDefault("com.docker.compose.service", c.getId());
            out.append("\n-- service ").append(service).append(": ").append(state.getStatus())
                    .append(stopped ? ", exit code " + state.getExitCodeLong() : "");
            if (state.getHealth() != null) {
                out.append(", health ").append(state.getHealth().getStatus());
                var log = state.getHealth().getLog();
                if (log != null) {
                    for (var h : log.subList(Math.max(0, log.size() - 5), log.size())) {
                        out.append("\n   healthcheck exit ").append(h.getExitCodeLong()).append(": ")
                                .append(String.valueOf(h.getOutput()).strip());
                    }
                }
            }
            String tail = Exec.logs(client, c.getId(), config.logLines());
            out.append("\n   last ").append(config.logLines()).append(" log lines:\n").append(indent(mask(tail.strip())));
        }
        return mask(out.toString());
    }

    /** Takes the stack down: containers killed (zero stop timeout), networks, volumes and orphans removed. */
    void down() {
        // What `docker compose down -v --remove-orphans -t 0` does, through the engine API and in
        // parallel: kill and remove every container of the project (orphans included, found by the
        // project label), then its networks and volumes. It avoids compose's own sequential
        // teardown, which costs seconds; `compose down` remains the fallback when the API fails.
        DockerClient client = docker.client();
        try {
            for (ContainerHandle h : allContainers()) {
                h.dropProbe();
            }
            List<RuntimeException> errors = java.util.Collections.synchronizedList(new ArrayList<>());
            List<Container> containers = client.listContainersCmd().withShowAll(true)
                    .withLabelFilter(Map.of(PROJECT_LABEL, project)).exec();
            containers.parallelStream().forEach(c -> Teardown.guard(errors, () ->
                    client.removeContainerCmd(c.getId()).withForce(true).withRemoveVolumes(true).exec()));
            List<Network> nets = client.listNetworksCmd().withFilter("label", List.of(PROJECT_LABEL + "=" + project)).exec();
            List<InspectVolumeResponse> vols = client.listVolumesCmd().withFilter("label", List.of(PROJECT_LABEL + "=" + project))
                    .exec().getVolumes();
            List<Runnable> rest = new ArrayList<>();
            nets.forEach(n -> rest.add(() -> client.removeNetworkCmd(n.getId()).exec()));
            (vols == null ? List.<InspectVolumeResponse>of() : vols).forEach(v -> rest.add(() -> client.removeVolumeCmd(v.getName()).exec()));
            rest.parallelStream().forEach(r -> Teardown.guard(errors, r));
            if (!errors.isEmpty()) {
                ComposeCli.Result r = cli.run(List.of("down", "-v", "--remove-orphans", "-t", "0"), Duration.ofSeconds(120));
                if (r.exitCode() != 0) {
                    BerthException e = new BerthException(spec.origin() + ": taking the stack down failed: " + EngineMessage.of(errors.get(0))
                            + "; docker compose down (exit " + r.exitCode() + ") said: " + mask(r.output().strip())
                            + ". Remove the rest with: " + removalCommand(), errors.get(0));
                    errors.stream().skip(1).forEach(e::addSuppressed);
                    throw e;
                }
            }
        } finally {
            try {
                Files.deleteIfExists(override);
            } catch (IOException e) {
                LOG.warn("Could not delete {}: {}", override, e.toString());
            }
        }
    }

    String removalCommand() {
        return config.composeCommand() + " -p " + project + " down -v --remove-orphans -t 0";
    }

    List<ContainerHandle> allContainers() {
        return services.values().stream().flatMap(List::stream).collect(Collectors.toList());
    }

    // ---------------------------------------------------------------- BerthStack

    @Override
    public String name() {
        return spec.name();
    }

    @Override
    public String dockerName() {
        return project;
    }

    @Override
    public List<String> services() {
        return List.copyOf(services.keySet());
    }

    @Override
    public BerthContainer container(String service) {
        return containers(service).get(0);
    }

    @Override
    public List<BerthContainer> containers(String service) {
        List<ContainerHandle> l = services.get(service);
        if (l == null || l.isEmpty()) {
            throw new IllegalArgumentException("Stack " + spec.name() + " has no service \"" + service + "\" with containers; its services are "
                    + services.keySet());
        }
        return List.copyOf(l);
    }

    @Override
    public int hostPort(String service, int containerPort) {
        return container(service).hostPort(containerPort);
    }

    @Override
    public String logs(String service) {
        return containers(service).stream().map(BerthContainer::logs).collect(Collectors.joining());
    }

    @Override
    public ExecResult exec(String service, String... command) {
        return container(service).exec(command);
    }

    @Override
    public BerthNetwork network(String name) {
        NetworkHandle n = networks.get(name);
        if (n == null) {
            throw new IllegalArgumentException("Stack " + spec.name() + " has no network \"" + name + "\"; its networks are " + networks.keySet());
        }
        return n;
    }

    @Override
    public BerthVolume volume(String name) {
        VolumeHandle v = volumes.get(name);
        if (v == null) {
            throw new IllegalArgumentException("Stack " + spec.name() + " has no volume \"" + name + "\"; its volumes are " + volumes.keySet());
        }
        return v;
    }

    private static Iterable<JsonNode> iterable(JsonNode node) {
        Iterator<JsonNode> it = node.elements();
        return () -> it;
    }

    private static String indent(String text) {
        return text.lines().map(l -> "    " + l).collect(Collectors.joining("\n"));
    }

    @Override
    public String toString() {
        return "stack " + spec.name() + " (project " + project + ")";
    }
}
