package dev.berth.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.ContainerNetwork;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.Ports;
import dev.berth.internal.Specs.MountKind;
import dev.berth.internal.topology.CheckLog;
import dev.berth.internal.topology.Topology;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import org.apiguardian.api.API;

/**
 * Builds the {@link Topology} of environments from what Berth created, as the engine reports it
 * now: each network, container and volume handle is inspected (driver, subnet, internal, state,
 * health, networks and aliases, published ports, mounts), and the checks recorded in each
 * environment's {@link CheckLog} become the edges.
 *
 * <p>A <em>stable</em> picture leaves out what changes from run to run (Docker names with run ids,
 * compose project names, subnets and host ports the engine chose, addresses in messages, the momentary
 * health status, shown as "healthcheck"), so that
 * the same declarations and checks give the same bytes: a page that shows a picture can be checked against a fresh run.
 */
@API(status = INTERNAL, since = "0.1")
public final class EnvironmentPicture {

    private static final Pattern IPV4 = Pattern.compile("\\b\\d{1,3}(?:\\.\\d{1,3}){3}(?:/\\d{1,2})?\\b");
    private static final Pattern SHORT_ID = Pattern.compile("[0-9a-f]{12}");

    private final boolean stable;
    private final Map<String, String> networkNamesById = new LinkedHashMap<>();
    private final Map<String, Topology.Network> networks = new LinkedHashMap<>();
    private final Map<String, String> volumeNames = new LinkedHashMap<>();
    private final List<Topology.Volume> volumes = new ArrayList<>();
    private final List<Topology.Stack> stacks = new ArrayList<>();
    private final List<Topology.Container> containers = new ArrayList<>();
    private final Map<String, String> containerByAddress = new LinkedHashMap<>();
    private final Map<String, String> containerByAlias = new LinkedHashMap<>();
    private final Map<String, String> realNames = new LinkedHashMap<>();

    private EnvironmentPicture(boolean stable) {
        this.stable = stable;
    }

    /**
     * The picture of the given environments (nearest first) with the checks recorded after
     * {@code since} ({@link CheckLog#mark()}; 0 for all). Texts are not masked yet: callers that
     * show it call {@link Topology#masked()}.
     */
    public static Topology of(String title, List<Environment> environments, long since, boolean stable) {
        EnvironmentPicture p = new EnvironmentPicture(stable);
        for (Environment env : environments) {
            p.collectResources(env);
        }
        for (Environment env : environments) {
            p.collectContainers(env);
        }
        List<Topology.Edge> edges = new ArrayList<>();
        for (Environment env : environments) {
            for (CheckLog.Check c : env.checks().since(since)) {
                edges.add(p.edge(c));
            }
        }
        UnaryOperator<String> text = p.stableText();
        List<Topology.Edge> shown = edges.stream().map(e -> new Topology.Edge(e.from(), e.to(), e.toContainer(), e.check(),
                e.outcome(), text.apply(e.message()))).toList();
        return new Topology(title, List.copyOf(p.networks.values()), p.containers, p.volumes, p.stacks, shown);
    }

    private void collectResources(Environment env) {
        for (NetworkHandle n : new ArrayList<>(env.networks().values())) {
            addNetwork(env.placement().networkEngine(n.name()), n, n.name(), "", !n.spec().subnet().isBlank());
        }
        for (VolumeHandle v : new ArrayList<>(env.volumes().values())) {
            addVolume(v.dockerName(), v.name(), "");
        }
        for (StackHandle st : new ArrayList<>(env.stacks().values())) {
            stacks.add(new Topology.Stack(st.name(), stable ? "" : st.dockerName()));
            st.networkHandles().forEach((key, n) -> addNetwork(Docker.get(), n, st.name() + "/" + key, st.name(), false));
            st.volumeHandles().forEach((key, v) -> addVolume(v.dockerName(), st.name() + "/" + key, st.name()));
        }
    }

    private void addNetwork(Docker engine, NetworkHandle n, String name, String stack, boolean subnetDeclared) {
        if (networkNamesById.containsKey(n.id())) {
            return; // a stack's external network that is a declared one: drawn once, under its declared name
        }
        networkNamesById.put(n.id(), name);
        realNames.put(n.dockerName(), name);
        var inspected = engine.client().inspectNetworkCmd().withNetworkId(n.id()).exec();
        String subnet = NetworkHandle.subnetOf(inspected);
        networks.put(name, new Topology.Network(name, stable ? "" : n.dockerName(), String.valueOf(inspected.getDriver()),
                stable && !subnetDeclared ? "" : subnet, Boolean.TRUE.equals(inspected.getInternal()), stack));
    }

    private void addVolume(String dockerName, String name, String stack) {
        if (volumeNames.containsKey(dockerName)) {
            return;
        }
        volumeNames.put(dockerName, name);
        realNames.put(dockerName, name);
        volumes.add(new Topology.Volume(name, stable ? "" : dockerName, stack));
    }

    private void collectContainers(Environment env) {
        for (ContainerHandle h : new ArrayList<>(env.containers().values())) {
            addContainer(h, "");
        }
        for (StackHandle st : new ArrayList<>(env.stacks().values())) {
            for (ContainerHandle h : st.allContainers()) {
                addContainer(h, st.name());
            }
        }
    }

    private void addContainer(ContainerHandle h, String stack) {
        if (containers.stream().anyMatch(c -> c.name().equals(h.name()) && c.stack().equals(stack))) {
            return; // a scaled service's second replica, or a name seen in a nearer scope
        }
        realNames.put(h.dockerName(), h.name());
        InspectContainerResponse inspected;
        try {
            inspected = h.inspect();
        } catch (dev.berth.BerthException removed) { // removed by the test itself: drawn as such, on the networks it had
            containers.add(new Topology.Container(h.name(), stable ? "" : h.dockerName(), h.image(), "removed", "", stack,
                    h.networks().stream().map(n -> new Topology.Attachment(stack.isEmpty() || n.contains("/") ? n : stack + "/" + n,
                            List.of())).toList(), List.of(), List.of(), h.node()));
            return;
        }
        var state = inspected.getState();
        String status = String.valueOf(state.getStatus());
        if (!Boolean.TRUE.equals(state.getRunning()) && state.getExitCodeLong() != null) {
            status += " (exit " + state.getExitCodeLong() + ")";
        }
        String health = state.getHealth() == null || state.getHealth().getStatus() == null ? "" : state.getHealth().getStatus();
        if (stable && !health.isEmpty()) {
            health = "healthcheck"; // "starting" or "healthy" depends on when the picture is taken, not on the declaration
        }
        List<Topology.Attachment> attachments = new ArrayList<>();
        Map<String, ContainerNetwork> joined = inspected.getNetworkSettings() == null ? null : inspected.getNetworkSettings().getNetworks();
        for (Map.Entry<String, ContainerNetwork> e : joined == null ? List.<Map.Entry<String, ContainerNetwork>>of() : joined.entrySet()) {
            ContainerNetwork cn = e.getValue();
            String name = cn.getNetworkID() != null && networkNamesById.containsKey(cn.getNetworkID())
                    ? networkNamesById.get(cn.getNetworkID()) : e.getKey();
            if (!networks.containsKey(name)) {
                String driver = switch (name) {
                    case "bridge" -> "Docker's default bridge: no DNS for names";
                    case "host" -> "the host's network stack";
                    case "none" -> "no network";
                    default -> "not created by Berth";
                };
                networks.put(name, new Topology.Network(name, "", driver, "", false, ""));
            }
            Set<String> aliases = new LinkedHashSet<>();
            if (cn.getAliases() != null) {
                for (String a : cn.getAliases()) {
                    if (!a.equals(h.name()) && !a.equals(h.dockerName()) && !h.id().startsWith(a) && !SHORT_ID.matcher(a).matches()) {
                        aliases.add(a);
                    }
                }
            }
            aliases.forEach(a -> containerByAlias.putIfAbsent(a, h.name()));
            if (cn.getIpAddress() != null && !cn.getIpAddress().isEmpty()) {
                containerByAddress.putIfAbsent(cn.getIpAddress(), h.name());
            }
            attachments.add(new Topology.Attachment(name, aliases.stream().sorted().toList()));
        }
        attachments.sort(Comparator.comparing(Topology.Attachment::network));
        List<Topology.Port> ports = new ArrayList<>();
        Ports published = inspected.getNetworkSettings() == null ? null : inspected.getNetworkSettings().getPorts();
        if (published != null && published.getBindings() != null) {
            for (Map.Entry<ExposedPort, Ports.Binding[]> e : published.getBindings().entrySet()) {
                if (e.getValue() == null) {
                    continue;
                }
                for (Ports.Binding b : e.getValue()) {
                    int containerPort = e.getKey().getPort();
                    boolean declaredHostPort = h.spec().ports().stream().anyMatch(p -> p.containerPort() == containerPort && p.hostPort() != null);
                    Topology.Port port = new Topology.Port(String.valueOf(b.getHostIp()), stable && !declaredHostPort ? "" : String.valueOf(b.getHostPortSpec()),
                            containerPort, e.getKey().getProtocol().toString());
                    if (!ports.contains(port)) {
                        ports.add(port);
                    }
                }
            }
        }
        ports.sort(Comparator.comparingInt(Topology.Port::containerPort).thenComparing(Topology.Port::protocol).thenComparing(Topology.Port::hostIp));
        List<Topology.Mount> mounts = new ArrayList<>();
        if (inspected.getMounts() != null) {
            for (InspectContainerResponse.Mount m : inspected.getMounts()) {
                String target = m.getDestination() == null ? "" : m.getDestination().getPath();
                boolean readOnly = !Boolean.TRUE.equals(m.getRW());
                if (m.getName() != null && !m.getName().isEmpty()) {
                    String source = volumeNames.getOrDefault(m.getName(), stable || m.getName().length() < 13 ? "anonymous" : m.getName().substring(0, 12));
                    mounts.add(new Topology.Mount(true, source, target, readOnly));
                } else {
                    mounts.add(new Topology.Mount(false, bindSource(h, String.valueOf(m.getSource()), target), target, readOnly));
                }
            }
        }
        mounts.sort(Comparator.comparing(Topology.Mount::target));
        containers.add(new Topology.Container(h.name(), stable ? "" : h.dockerName(), h.image(), status, health, stack,
                attachments, ports, mounts, h.node()));
    }

    /** A bind mount's host path; in a stable picture relative to the working directory, as declared. */
    private String bindSource(ContainerHandle h, String source, String target) {
        if (!stable) {
            return source;
        }
        for (Specs.MountSpec m : h.spec().mounts()) {
            if (m.kind() == MountKind.BIND && m.target().equals(target)) {
                source = m.source();
            }
        }
        Path cwd = Path.of("").toAbsolutePath();
        Path p = Path.of(source);
        return p.isAbsolute() && p.startsWith(cwd) ? "./" + cwd.relativize(p) : source;
    }

    private Topology.Edge edge(CheckLog.Check c) {
        String target = c.target();
        String container = null;
        String how = "";
        if (containers.stream().anyMatch(x -> x.name().equals(target))) {
            container = target;
        } else if (containerByAlias.containsKey(target)) {
            container = containerByAlias.get(target);
            how = " (as " + target + ")";
        } else if (containerByAddress.containsKey(target)) {
            container = containerByAddress.get(target);
            how = " (by address)";
        }
        String shownTarget = container != null ? container : stable && IPV4.matcher(target).matches() ? "an address" : target;
        return new Topology.Edge(c.from(), shownTarget, container != null, c.describe() + how, c.outcome(), c.message());
    }

    /** In a stable picture: Docker names back to logical names, run ids and addresses out of messages. */
    private UnaryOperator<String> stableText() {
        if (!stable) {
            return s -> s;
        }
        Map<String, String> names = new LinkedHashMap<>();
        realNames.entrySet().stream().sorted(Comparator.comparingInt((Map.Entry<String, String> e) -> e.getKey().length()).reversed())
                .forEach(e -> names.put(e.getKey(), e.getValue()));
        String runId = RunIdentity.current().runId();
        return s -> {
            String out = s;
            for (Map.Entry<String, String> e : names.entrySet()) {
                out = out.replace(e.getKey(), e.getValue());
            }
            out = out.replace(runId, "RUN");
            return IPV4.matcher(out).replaceAll("ADDRESS");
        };
    }
}
