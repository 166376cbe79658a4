package dev.berth.internal.topology;

import static org.apiguardian.api.API.Status.INTERNAL;

import dev.berth.internal.Secrets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.apiguardian.api.API;

/**
 * What one picture of an environment shows, independent of Docker: networks, containers (with
 * their attachments, published ports and mounts), named volumes, compose stacks and the checked
 * edges between containers. Immutable; the lists are kept in one canonical order, so the same
 * environment gives the same model and the writers give the same bytes.
 *
 * @param title     a heading for the picture (a test class), may be empty
 * @param networks  the networks, the default bridge and host included when a container is on them
 * @param containers the containers
 * @param volumes   the named volumes
 * @param stacks    the compose stacks (groups)
 * @param edges     the checks asserted between containers
 */
@API(status = INTERNAL, since = "0.1")
public record Topology(String title, List<Network> networks, List<Container> containers, List<Volume> volumes,
                       List<Stack> stacks, List<Edge> edges) {

    /** A network region. {@code stack} is the logical name of the compose stack it belongs to, or empty. */
    public record Network(String name, String realName, String driver, String subnet, boolean internal, String stack) {
    }

    /** A container on one network, with the extra DNS aliases it has there (its logical name is always one). */
    public record Attachment(String network, List<String> aliases) {
        public Attachment {
            aliases = List.copyOf(aliases);
        }
    }

    /** A published port: host address:port to container port/protocol; hostPort empty when not shown. */
    public record Port(String hostIp, String hostPort, int containerPort, String protocol) {
        String describe() {
            String host = hostIp.contains(":") ? "[" + hostIp + "]" : hostIp;
            return host + ":" + (hostPort.isEmpty() ? "*" : hostPort) + " → " + containerPort + "/" + protocol;
        }
    }

    /** A named volume (source = its logical name) or a bind mount (source = the host path) at a mount point. */
    public record Mount(boolean volume, String source, String target, boolean readOnly) {
        String describe() {
            return (volume ? "vol " : "bind ") + source + " → " + target + (readOnly ? " :ro" : "");
        }
    }

    /** A container box. {@code stack} is the compose stack it is a service of, or empty. */
    public record Container(String name, String realName, String image, String state, String health, String stack,
                            List<Attachment> attachments, List<Port> ports, List<Mount> mounts, String node) {
        public Container {
            attachments = List.copyOf(attachments);
            ports = List.copyOf(ports);
            mounts = List.copyOf(mounts);
        }

        /** A container on the default engine (no swarm node). */
        public Container(String name, String realName, String image, String state, String health, String stack,
                         List<Attachment> attachments, List<Port> ports, List<Mount> mounts) {
            this(name, realName, image, state, health, stack, attachments, ports, mounts, "");
        }

        /** The line that says where it runs: {@code runs on node-2} on a swarm node, empty on the default engine. */
        String placement() {
            return node.isEmpty() ? "" : "runs on " + node;
        }

        List<String> networkNames() {
            return attachments.stream().map(Attachment::network).toList();
        }
    }

    /** A named volume and the containers that mount it. */
    public record Volume(String name, String realName, String stack) {
    }

    /** A compose stack: its logical name and its project name. */
    public record Stack(String name, String project) {
    }

    /** How a check between two containers came out. */
    public enum Outcome { RESOLVED, REACHED, ISOLATED, FAILED }

    /**
     * A checked edge from one container to another (or to an address, {@code to} then holds it and
     * {@code toContainer} is false).
     */
    public record Edge(String from, String to, boolean toContainer, String check, Outcome outcome, String message) {
    }

    public Topology {
        networks = sorted(networks, Comparator.comparing(Network::stack).thenComparing(Network::name));
        containers = sorted(containers, Comparator.comparing(Container::stack).thenComparing(Container::name));
        volumes = sorted(volumes, Comparator.comparing(Volume::stack).thenComparing(Volume::name));
        stacks = sorted(stacks, Comparator.comparing(Stack::name));
        // one edge per (from, to, check, outcome): a check repeated by several tests is drawn once
        Map<List<Object>, Edge> unique = new LinkedHashMap<>();
        for (Edge e : edges) {
            // the same check seen from a scope that knows its target as a container wins over one that does not
            unique.merge(List.of(e.from(), e.to(), e.check(), e.outcome()), e, (old, now) -> old.toContainer() && !now.toContainer() ? old : now);
        }
        edges = sorted(unique.values(), Comparator.comparing(Edge::from).thenComparing(Edge::to).thenComparing(Edge::check)
                .thenComparing(Edge::outcome));
    }

    private static <T> List<T> sorted(java.util.Collection<T> items, Comparator<T> order) {
        List<T> copy = new ArrayList<>(items);
        copy.sort(order);
        return List.copyOf(copy);
    }

    /** The same picture with every text passed through Berth's one secret masker. */
    public Topology masked() {
        return map(Secrets::mask);
    }

    /** The same picture with every text mapped (the masker, or a test's own function). */
    Topology map(UnaryOperator<String> f) {
        return new Topology(f.apply(title),
                networks.stream().map(n -> new Network(f.apply(n.name()), f.apply(n.realName()), f.apply(n.driver()),
                        f.apply(n.subnet()), n.internal(), f.apply(n.stack()))).toList(),
                containers.stream().map(c -> new Container(f.apply(c.name()), f.apply(c.realName()), f.apply(c.image()),
                        f.apply(c.state()), f.apply(c.health()), f.apply(c.stack()),
                        c.attachments().stream().map(a -> new Attachment(f.apply(a.network()),
                                a.aliases().stream().map(f).toList())).toList(),
                        c.ports().stream().map(p -> new Port(f.apply(p.hostIp()), f.apply(p.hostPort()), p.containerPort(),
                                f.apply(p.protocol()))).toList(),
                        c.mounts().stream().map(m -> new Mount(m.volume(), f.apply(m.source()), f.apply(m.target()),
                                m.readOnly())).toList(), f.apply(c.node()))).toList(),
                volumes.stream().map(v -> new Volume(f.apply(v.name()), f.apply(v.realName()), f.apply(v.stack()))).toList(),
                stacks.stream().map(s -> new Stack(f.apply(s.name()), f.apply(s.project()))).toList(),
                edges.stream().map(e -> new Edge(f.apply(e.from()), f.apply(e.to()), e.toContainer(), f.apply(e.check()),
                        e.outcome(), f.apply(e.message()))).toList());
    }

    /** Pictures of several scopes as one (nearest first): a name already present is not added again. */
    public static Topology merge(String title, List<Topology> parts) {
        Map<String, Network> nets = new LinkedHashMap<>();
        Map<String, Container> boxes = new LinkedHashMap<>();
        Map<String, Volume> vols = new LinkedHashMap<>();
        Map<String, Stack> stacks = new LinkedHashMap<>();
        List<Edge> edges = new ArrayList<>();
        for (Topology t : parts) {
            t.networks().forEach(n -> nets.putIfAbsent(n.stack() + "/" + n.name(), n));
            t.containers().forEach(c -> boxes.putIfAbsent(c.stack() + "/" + c.name(), c));
            t.volumes().forEach(v -> vols.putIfAbsent(v.stack() + "/" + v.name(), v));
            t.stacks().forEach(s -> stacks.putIfAbsent(s.name(), s));
            edges.addAll(t.edges());
        }
        // a check recorded in one scope whose target is a container of another scope
        edges.replaceAll(e -> !e.toContainer() && boxes.values().stream().anyMatch(c -> c.name().equals(e.to()))
                ? new Edge(e.from(), e.to(), true, e.check(), e.outcome(), e.message()) : e);
        return new Topology(title, List.copyOf(nets.values()), List.copyOf(boxes.values()), List.copyOf(vols.values()),
                List.copyOf(stacks.values()), edges);
    }
}
