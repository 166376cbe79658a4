package dev.berth.internal.swarm;

import static org.apiguardian.api.API.Status.INTERNAL;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import dev.berth.BerthException;
import dev.berth.internal.Config;
import dev.berth.internal.Docker;
import dev.berth.internal.Secrets;
import dev.berth.internal.Specs.ContainerSpec;
import dev.berth.internal.Specs.EnvironmentSpec;
import dev.berth.internal.Specs.MountKind;
import dev.berth.internal.Specs.MountSpec;
import dev.berth.internal.Specs.NetworkSpec;
import dev.berth.internal.Specs.VolumeSpec;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.apiguardian.api.API;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

/**
 * Which engine each object of one environment lives on: the default engine, or a node of the
 * class's {@link Cluster}. Decided and checked from the declarations before anything is created
 * (an unknown node, an overlay network without a swarm, a bridge network or a volume used on two
 * nodes are configuration errors); {@link #preflight} then checks that the nodes answer and have
 * the images (copying missing ones in from the local engine when allowed).
 */
@API(status = INTERNAL, since = "0.9")
public final class Placement {

    private static final String OVERLAY = "overlay";
    /** The value of {@link dev.berth.internal.RunIdentity#KIND} on a holder of an overlay network. */
    public static final String HOLDER = "network-holder";

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Placement.class);

    private final Cluster cluster;
    private final Map<String, String> containerNode;
    private final Map<String, String> networkNode = new LinkedHashMap<>();
    private final Map<String, String> volumeNode = new LinkedHashMap<>();
    private final Map<String, Map<String, String>> options = new LinkedHashMap<>();
    private final Map<String, Docker> byId = new ConcurrentHashMap<>();
    /** The holders of this environment's overlay networks ({@link #hold}), by network ID and node name. */
    private final Map<String, Map<String, java.util.concurrent.CompletableFuture<Holder>>> holders = new ConcurrentHashMap<>();

    private record Holder(Node node, String id, String dockerName) {
    }
    /** Volumes created on swarm nodes in this JVM, by Docker name: volume assertions read them there. */
    private static final Map<String, Docker> NODE_VOLUMES = new ConcurrentHashMap<>();

    private Placement(Cluster cluster, Map<String, String> containerNode) {
        this.cluster = cluster;
        this.containerNode = containerNode;
    }

    /** Everything on the default engine: no swarm, no placement. */
    public static Placement none() {
        return new Placement(null, Map.of());
    }

    /**
     * The placement of {@code spec} (its containers' nodes, its networks' options, read from the
     * specs) with the nearest enclosing swarm ({@code cluster}, null when none is declared).
     */
    public static Placement of(EnvironmentSpec spec, Cluster cluster) {
        Map<String, String> nodes = new LinkedHashMap<>();
        for (ContainerSpec c : spec.containers()) {
            String node = c.node();
            if (node.isEmpty()) {
                continue;
            }
            String origin = c.origin().toString();
            if (cluster == null) {
                throw fail(origin, "it runs on node \"" + node + "\", but no swarm is declared", c.origin().programmatic()
                        ? "add swarm(N) to the builder, or leave node out to run it on the default engine"
                        : "declare @WithSwarm(nodes = N) on the test class, or leave node out to run it on the default engine");
            }
            if (cluster.node(node).isEmpty()) {
                throw fail(origin, "it runs on node \"" + node + "\", which the swarm does not have (its nodes: "
                        + cluster.names() + ")", "use one of those names, or declare more nodes with "
                        + (c.origin().programmatic() ? "swarm(N)" : "@WithSwarm(nodes = N)"));
            }
            nodes.put(c.name(), node);
        }
        Map<String, Map<String, String>> options = new LinkedHashMap<>();
        for (NetworkSpec n : spec.networks()) {
            Map<String, String> o = new LinkedHashMap<>(n.options());
            if (n.encrypted()) {
                o.put("encrypted", "");
            }
            if (!o.isEmpty()) {
                options.put(n.name(), o);
            }
        }
        Placement p = new Placement(cluster, nodes);
        p.options.putAll(options);
        p.placeNetworks(spec);
        p.placeVolumes(spec);
        return p;
    }

    private void placeNetworks(EnvironmentSpec spec) {
        for (NetworkSpec n : spec.networks()) {
            boolean overlay = OVERLAY.equals(n.driver());
            Set<String> users = new LinkedHashSet<>();
            spec.containers().stream().filter(c -> c.networks().contains(n.name())).forEach(c -> users.add(nodeOf(c.name())));
            if (overlay) {
                if (cluster == null) {
                    throw fail(n.origin().toString(), "an overlay network spans the nodes of a swarm, and no swarm is declared"
                            + " (the engine refuses it outside swarm mode)", n.origin().programmatic()
                            ? "add swarm(N) to the builder, or use driver(\"bridge\") for containers on one engine"
                            : "declare @WithSwarm(nodes = N) on the test class, or use driver = \"bridge\" for containers on one engine");
                }
                if (users.contains("")) {
                    String who = spec.containers().stream().filter(c -> c.networks().contains(n.name()) && nodeOf(c.name()).isEmpty())
                            .map(ContainerSpec::name).findFirst().orElse("?");
                    throw fail(n.origin().toString(), "container \"" + who + "\" joins it but runs on the default engine, which is not"
                            + " a node of the swarm", "give \"" + who + "\" a node, e.g. node = \"" + cluster.manager().name() + "\"");
                }
                networkNode.put(n.name(), cluster.manager().name());
            } else if (users.size() > 1) {
                throw fail(n.origin().toString(), "a " + n.driver() + " network exists on one engine, but containers on "
                        + describe(users) + " join it", "use driver = \"overlay\" to span nodes, or put its containers on one node");
            } else {
                networkNode.put(n.name(), users.isEmpty() ? "" : users.iterator().next());
            }
        }
    }

    private void placeVolumes(EnvironmentSpec spec) {
        for (VolumeSpec v : spec.volumes()) {
            Set<String> users = new LinkedHashSet<>();
            for (ContainerSpec c : spec.containers()) {
                for (MountSpec m : c.mounts()) {
                    if (m.kind() == MountKind.VOLUME && m.source().equals(v.name())) {
                        users.add(nodeOf(c.name()));
                    }
                }
            }
            if (users.size() > 1) {
                throw fail(v.origin().toString(), "a volume exists on one engine, but containers on " + describe(users) + " mount it",
                        "put the containers that share it on one node, or give each node its own volume");
            }
            volumeNode.put(v.name(), users.isEmpty() ? "" : users.iterator().next());
        }
    }

    private static String describe(Set<String> nodes) {
        return String.join(" and ", nodes.stream().map(n -> n.isEmpty() ? "the default engine" : n).toList());
    }

    private static ExtensionConfigurationException fail(String origin, String what, String fix) {
        return new ExtensionConfigurationException(Secrets.mask(origin + ": " + what + ". Fix: " + fix + "."));
    }

    /** Whether anything of this environment runs on a swarm node. */
    public boolean onSwarm() {
        return cluster != null && (!containerNode.isEmpty() || networkNode.values().stream().anyMatch(n -> !n.isEmpty())
                || volumeNode.values().stream().anyMatch(n -> !n.isEmpty()));
    }

    /** The node a declared container runs on; empty for the default engine. */
    public String nodeOf(String container) {
        return containerNode.getOrDefault(container, "");
    }

    private Docker engine(String node) {
        if (node == null || node.isEmpty() || cluster == null) {
            return Docker.get();
        }
        return cluster.node(node).orElseThrow().docker();
    }

    /** The engine a declared container runs on. */
    public Docker containerEngine(String container) {
        return engine(nodeOf(container));
    }

    /** The engine a declared network is created on (an overlay network: the swarm's manager). */
    public Docker networkEngine(String network) {
        return engine(networkNode.get(network));
    }

    /** The engine a declared volume is created on: the node of the containers that mount it. */
    public Docker volumeEngine(String volume) {
        return engine(volumeNode.get(volume));
    }

    /** The driver options of a declared network ({@code encrypted} included); empty when none. */
    public Map<String, String> options(String network) {
        return options.getOrDefault(network, Map.of());
    }

    /** Records where a declared volume was created under {@code dockerName}, for assertions on its files. */
    public void volumeCreated(String volume, String dockerName) {
        Docker engine = volumeEngine(volume);
        if (!engine.nodeName().isEmpty()) {
            NODE_VOLUMES.put(dockerName, engine);
        }
    }

    /** The engine a volume (by Docker name) was created on: a swarm node's, else the default engine. */
    public static Docker engineOfVolume(String dockerName) {
        return NODE_VOLUMES.getOrDefault(dockerName, Docker.get());
    }

    /** Records the engine of a created container, for its removal. */
    public void created(String containerId, Docker engine) {
        byId.put(containerId, engine);
    }

    /** The engine a created container is on. */
    public Docker engineOf(String containerId) {
        return byId.getOrDefault(containerId, Docker.get());
    }

    /**
     * Checks, before anything is created, that every node this environment uses answers and holds the
     * images of its containers and the probe image; copies missing images in from the local engine
     * when the swarm allows it ({@link Cluster#COPY_IMAGES}), otherwise reports them all at once.
     */
    public void preflight(EnvironmentSpec spec, Config config) {
        if (!onSwarm()) {
            return;
        }
        Map<String, Set<String>> needed = new LinkedHashMap<>();
        containerNode.forEach((name, node) -> {
            ContainerSpec c = spec.containers().stream().filter(x -> x.name().equals(name)).findFirst().orElseThrow();
            Set<String> images = needed.computeIfAbsent(node, k -> new LinkedHashSet<>());
            images.add(c.image());
            images.add(config.probeImage());
        });
        networkNode.values().stream().filter(n -> !n.isEmpty()).forEach(n -> needed.computeIfAbsent(n, k -> new LinkedHashSet<>()));
        volumeNode.values().stream().filter(n -> !n.isEmpty()).forEach(n -> needed.computeIfAbsent(n, k -> new LinkedHashSet<>()));
        List<String> problems = new ArrayList<>();
        Map<Node, List<String>> toCopy = new LinkedHashMap<>();
        DockerClient local = Docker.get().client();
        for (Map.Entry<String, Set<String>> e : needed.entrySet()) {
            Node node = cluster.node(e.getKey()).orElseThrow();
            if (!node.answers()) {
                problems.add("node " + node.describe() + " does not answer: " + (cluster.local()
                        ? "its engine's container stopped or was removed" : "is its engine running and reachable?"));
                continue;
            }
            for (String image : e.getValue()) {
                if (present(node.docker().client(), image)) {
                    continue;
                }
                if (!cluster.copyImages()) {
                    problems.add("image " + image + " is missing on node " + node.name() + " (" + Cluster.COPY_IMAGES
                            + " = false: load or pull it there)");
                } else if (!present(local, image)) {
                    problems.add("image " + image + " is missing on node " + node.name() + " and on the local engine, so it"
                            + " cannot be copied there (build or pull it locally)");
                } else {
                    toCopy.computeIfAbsent(node, k -> new ArrayList<>()).add(image);
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new BerthException(Secrets.mask("The environment of " + spec.scopeName() + " cannot start on the swarm of "
                    + cluster.owner() + ", nothing was created:\n  - " + String.join("\n  - ", problems)));
        }
        Cluster.Parallel.all(toCopy.entrySet().stream().<Supplier<Object>>map(e -> () -> {
            copy(local, e.getKey(), e.getValue());
            return e.getKey();
        }).toList());
    }

    /** Whether the engine of {@code client} has {@code image}. */
    static boolean present(DockerClient client, String image) {
        try {
            client.inspectImageCmd(image).exec();
            return true;
        } catch (NotFoundException e) {
            return false;
        }
    }

    /** {@code docker save IMAGES | docker load} from the local engine into a node, through the API. */
    static void copy(DockerClient local, Node node, List<String> images) {
        try (InputStream saved = local.saveImageCmd(images.get(0)).exec()) {
            node.docker().client().loadImageCmd(saved).exec();
        } catch (java.io.IOException | RuntimeException e) {
            throw new BerthException("Copying image " + images.get(0) + " from the local engine to node " + node.describe()
                    + " failed: " + e.getMessage(), e);
        }
        if (images.size() > 1) {
            copy(local, node, images.subList(1, images.size()));
        }
    }

    /**
     * The engine, for a removal: a node that does not answer is a {@link BerthException} that says so
     * (its objects go when the node goes), not a connection error.
     */
    public static Docker answering(Docker engine, String what) {
        if (engine.nodeName().isEmpty()) {
            return engine;
        }
        java.net.URI a = engine.address();
        try (java.net.Socket s = new java.net.Socket()) {
            s.connect(new java.net.InetSocketAddress(a.getHost(), a.getPort()), 2000);
            return engine;
        } catch (java.io.IOException e) {
            throw new BerthException("node " + engine.nodeName() + " (" + a + ") does not answer (" + e.getMessage() + "), so "
                    + what + " on it could not be removed: it goes when the node is removed");
        }
    }

    /**
     * Removes a network; on a swarm node, once more while the manager still counts the attachment
     * of a container that just left it on another node ("in use by task": released asynchronously).
     */
    public void removeNetwork(Docker engine, String id) {
        List<RuntimeException> failures = new ArrayList<>();
        Map<String, java.util.concurrent.CompletableFuture<Holder>> held = holders.remove(id);
        if (held != null) {
            for (Holder h : held.values().stream().filter(f -> f.isDone() && !f.isCompletedExceptionally())
                    .map(java.util.concurrent.CompletableFuture::join).toList()) {
                try {
                    answering(h.node().docker(), "network holder " + h.dockerName()).client()
                            .removeContainerCmd(h.id()).withForce(true).exec();
                } catch (NotFoundException gone) {
                    // removed already
                } catch (RuntimeException e) {
                    failures.add(e);
                }
            }
        }
        try {
            removeNetworkAgain(engine, id);
        } catch (RuntimeException e) {
            failures.add(0, e);
        }
        if (!failures.isEmpty()) {
            RuntimeException first = failures.get(0);
            failures.stream().skip(1).forEach(first::addSuppressed);
            throw first;
        }
    }

    private void removeNetworkAgain(Docker engine, String id) {
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(20).toNanos();
        boolean forgot = false;
        while (true) {
            try {
                engine.client().removeNetworkCmd(id).exec();
                return;
            } catch (com.github.dockerjava.api.exception.BadRequestException
                     | com.github.dockerjava.api.exception.ConflictException e) {
                if (engine.nodeName().isEmpty() || !String.valueOf(e.getMessage()).contains("in use by task")
                        || System.nanoTime() > deadline) {
                    throw e;
                }
                if (!forgot && cluster != null) { // a lost node's attachments stay until it leaves the swarm
                    forgot = true;
                    cluster.forgetLostNodes();
                }
                Cluster.sleep(200);
            }
        }
    }

    /**
     * Puts a holder of this environment's overlay network on a node, once: a container of the probe
     * image that only keeps the node on the network until the network goes ({@link #removeNetwork}).
     * For a node whose containers belong to a narrower scope than the network (each test's containers
     * on the class's network): without a holder, the node leaves the network with its last container,
     * and when its next container joins, the other nodes can miss that (the engines' gossip) and refuse
     * its name records until their next full exchange, up to ~30 s. Holding a node's place costs one
     * small container per node and network, made by the first test that needs it.
     *
     * @param node the node's name
     * @param dockerName the holder's Docker name
     * @param labels the holder's labels (this environment's scope)
     */
    public void hold(String node, String networkId, String image, String dockerName, Map<String, String> labels) {
        if (cluster == null) {
            return;
        }
        java.util.concurrent.CompletableFuture<Holder> mine = new java.util.concurrent.CompletableFuture<>();
        java.util.concurrent.CompletableFuture<Holder> held = holders.computeIfAbsent(networkId, k -> new ConcurrentHashMap<>())
                .putIfAbsent(node, mine);
        if (held != null) {
            try {
                held.join(); // made, or being made, by another test: its failure is that test's, and this one's
            } catch (java.util.concurrent.CompletionException e) {
                throw e.getCause() instanceof RuntimeException r ? r : e;
            }
            return;
        }
        Node n = cluster.node(node).orElseThrow();
        DockerClient client = n.docker().client();
        try {
            dev.berth.internal.RunRecord.naming("container", dockerName);
            String id = client.createContainerCmd(image).withName(dockerName).withLabels(labels)
                    .withEntrypoint(dev.berth.internal.Exec.IDLE)
                    .withHostConfig(com.github.dockerjava.api.model.HostConfig.newHostConfig().withNetworkMode(networkId))
                    .exec().getId();
            dev.berth.internal.RunRecord.created("container", id);
            mine.complete(new Holder(n, id, dockerName)); // from here on removed with the network, started or not
            start(n.docker(), () -> client.startContainerCmd(id).exec());
        } catch (RuntimeException e) {
            if (!mine.isDone()) {
                holders.get(networkId).remove(node, mine);
                mine.completeExceptionally(e);
            }
            throw new BerthException("Berth could not start the holder of an overlay network on node " + n.describe() + ": "
                    + dev.berth.internal.EngineMessage.of(e), e);
        }
    }

    /**
     * Waits until every node with a container on these overlay networks (engine ID to logical name)
     * knows every container endpoint on them, so that names resolve across nodes from the first check.
     * Usually one look; when the engines' gossip lost a record, until their periodic full exchange
     * brings it (logged; measured here 27-58 s later). A {@link BerthException} after {@code patience}
     * ({@link Config#SWARM_NAMES_TIMEOUT}), or when a node does not answer, names what is missing where.
     */
    public void awaitNamesSpread(Map<String, String> overlayNetworks, java.time.Duration patience, String owner) {
        if (cluster == null || overlayNetworks.isEmpty()) {
            return;
        }
        long start = System.nanoTime();
        long deadline = start + patience.toNanos();
        for (Map.Entry<String, String> network : overlayNetworks.entrySet()) {
            while (true) {
                List<OverlayNames.Unknown> unknown = OverlayNames.unknown(views(network.getKey(), network.getValue(), owner));
                if (unknown.isEmpty()) {
                    break;
                }
                if (System.nanoTime() > deadline) {
                    throw new BerthException(owner + ": the names on overlay network \"" + network.getValue() + "\" did not spread"
                            + " to every node within " + patience.toMillis() + " ms (" + Config.SWARM_NAMES_TIMEOUT + "): " + unknown
                            + ". The engines exchange"
                            + " name records by gossip; a node that does not get them resolves none of those names. Check that the"
                            + " nodes reach each other on TCP and UDP port 7946 (the swarm's gossip).");
                }
                Cluster.sleep(100);
            }
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        LOG.debug("{}: names on overlay networks {} spread to every node after {} ms", owner, overlayNetworks.values(), millis);
        if (millis > 2000) {
            LOG.info("{}: the names on overlay networks {} took {} ms to spread to every node (the engines' gossip had lost a"
                    + " record; it came with their periodic full exchange)", owner, overlayNetworks.values(), millis);
        }
    }

    /** Each node's view of the network, by node name; nodes without the network are left out. */
    private Map<String, com.fasterxml.jackson.databind.JsonNode> views(String networkId, String network, String owner) {
        Map<String, com.fasterxml.jackson.databind.JsonNode> views = new ConcurrentHashMap<>();
        Cluster.Parallel.all(cluster.nodes().stream().<Supplier<Object>>map(n -> () -> {
            try {
                n.networkView(networkId).ifPresent(v -> views.put(n.name(), v));
            } catch (java.io.IOException | RuntimeException e) {
                throw new BerthException(owner + ": Berth could not read node " + n.describe() + "'s view of overlay network \""
                        + network + "\" while waiting for its names to spread: " + e.getMessage()
                        + (n.answers() ? "" : " (the node does not answer)"), e);
            }
            return null;
        }).toList());
        return views;
    }

    /**
     * Starts a container; on a swarm node, once more (for up to 20 s) while its engine does not yet
     * know an overlay network the manager just created ("could not find a network matching network mode").
     */
    public static void start(Docker engine, Runnable start) {
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(20).toNanos();
        while (true) {
            try {
                start.run();
                return;
            } catch (NotFoundException e) {
                if (engine.nodeName().isEmpty() || !String.valueOf(e.getMessage()).contains("could not find a network matching")
                        || System.nanoTime() > deadline) {
                    throw e;
                }
                Cluster.sleep(250);
            }
        }
    }
}
