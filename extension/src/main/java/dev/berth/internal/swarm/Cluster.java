package dev.berth.internal.swarm;

import static org.apiguardian.api.API.Status.INTERNAL;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.SwarmNode;
import com.github.dockerjava.api.model.SwarmNodeState;
import com.github.dockerjava.api.model.SwarmSpec;
import dev.berth.BerthException;
import dev.berth.internal.Docker;
import dev.berth.internal.RunIdentity;
import dev.berth.internal.RunRecord;
import dev.berth.internal.Secrets;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apiguardian.api.API;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.dockerclient.DockerClientProviderStrategy;
import org.testcontainers.dockerclient.TransportConfig;

/**
 * A Docker Swarm of named engines for one test class ({@code @WithSwarm}): either a local cluster of
 * engines in labelled privileged {@code berth/dind} containers on the local engine, formed here and
 * removed on {@link #close()}, or real engines named in configuration
 * ({@code berth.engines.node-1.host=tcp://...}, over TLS with {@code tls-verify} and {@code cert-path}:
 * {@link EngineSettings}), swept of dead runs and given this JVM's run record at first contact, joined
 * into a swarm if they are not in one, and left as they were found (but for that record, which ends
 * with the JVM). Stored in the class's JUnit store, so the store's lifetime is its lifetime.
 */
@SuppressWarnings("deprecation") // CloseableResource: JUnit 5.10-5.12 close only those; 5.13+ close AutoCloseable
@API(status = INTERNAL, since = "0.9")
public final class Cluster implements AutoCloseable, ExtensionContext.Store.CloseableResource {

    private static final Logger LOG = LoggerFactory.getLogger(Cluster.class);

    /** Configuration key: the image of a local node (an engine listening on tcp 2375, run privileged). */
    public static final String NODE_IMAGE = dev.berth.internal.Config.SWARM_NODE_IMAGE;
    /** Configuration key: whether images missing on a node are copied in from the local engine (default true). */
    public static final String COPY_IMAGES = dev.berth.internal.Config.SWARM_COPY_IMAGES;
    /**
     * Configuration key prefix of a named engine: {@code berth.engines.NAME.host=tcp://HOST:PORT}, with
     * {@code berth.engines.NAME.tls-verify} and {@code berth.engines.NAME.cert-path} beside it ({@link EngineSettings}).
     */
    public static final String ENGINES = "berth.engines.";
    /** The value of {@link RunIdentity#KIND} on a local node's helper container. */
    public static final String NODE_KIND = "swarm-node";

    private static final int API_PORT = 2375;
    private static final java.util.concurrent.atomic.AtomicInteger SEQUENCE = new java.util.concurrent.atomic.AtomicInteger();

    /** Swarms of this JVM formed and not yet closed: the shutdown hook removes them after the environments. */
    private static final java.util.Set<Cluster> OPEN = java.util.Collections.synchronizedSet(new java.util.LinkedHashSet<>());

    private final String owner;
    private final List<Node> nodes;
    private final boolean copyImages;
    private final long formedMillis;
    private volatile boolean closed;

    private Cluster(String owner, List<Node> nodes, boolean copyImages, long formedMillis) {
        this.owner = owner;
        this.nodes = List.copyOf(nodes);
        this.copyImages = copyImages;
        this.formedMillis = formedMillis;
    }

    /**
     * The swarm of {@code nodes} nodes named node-1 (the manager) to node-N: the engines configured as
     * {@code berth.engines.node-K.host} when all N are, else a local cluster formed now.
     *
     * @param owner what asked for it, for messages: {@code @WithSwarm on class FooTest}
     * @param parameters the configuration parameters
     */
    public static Cluster form(String owner, int nodes, Function<String, Optional<String>> parameters) {
        if (nodes < 1 || nodes > 9) {
            throw new ExtensionConfigurationException(owner + ": nodes = " + nodes + " is out of range. Fix: ask for 1 to 9 nodes"
                    + " (each local node is an engine in a privileged container).");
        }
        boolean copy = parameters.apply(COPY_IMAGES).map(v -> parseBoolean(v, COPY_IMAGES)).orElse(true);
        List<String> names = new ArrayList<>();
        Map<String, String> hosts = new LinkedHashMap<>();
        for (int i = 1; i <= nodes; i++) {
            String name = "node-" + i;
            names.add(name);
            parameters.apply(ENGINES + name + ".host").map(String::trim).filter(h -> !h.isEmpty()).ifPresent(h -> hosts.put(name, h));
        }
        long start = System.nanoTime();
        if (!hosts.isEmpty()) {
            if (hosts.size() != nodes) {
                List<String> missing = names.stream().filter(n -> !hosts.containsKey(n)).toList();
                throw new ExtensionConfigurationException(owner + ": engines are configured for " + hosts.keySet() + " but not for "
                        + missing + ". Fix: set " + ENGINES + missing.get(0) + ".host=tcp://HOST:2375 for each of them,"
                        + " or remove the " + ENGINES + "* settings to run a local cluster.");
            }
            return new Cluster(owner, RealEngines.connect(owner, hosts, parameters, copy), copy, (System.nanoTime() - start) / 1_000_000);
        }
        String image = parameters.apply(NODE_IMAGE).map(String::trim).filter(s -> !s.isEmpty()).orElse("berth/dind:latest");
        List<Node> formed = formLocal(owner, names, image);
        long millis = (System.nanoTime() - start) / 1_000_000;
        LOG.info("Berth formed a local swarm of {} nodes for {} in {} ms", nodes, owner, millis);
        Cluster cluster = new Cluster(owner, formed, copy, millis);
        OPEN.add(cluster);
        return cluster;
    }

    private static boolean parseBoolean(String value, String key) {
        if (value.trim().equalsIgnoreCase("true") || value.trim().equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(value.trim());
        }
        throw new ExtensionConfigurationException("Configuration parameter " + key + " = \"" + value + "\" is not a boolean."
                + " Fix: set it to true or false.");
    }

    // ------------------------------------------------------------------------------------ local cluster

    private static List<Node> formLocal(String owner, List<String> names, String image) {
        DockerClient local = Docker.get().client();
        try {
            local.inspectImageCmd(image).exec();
        } catch (NotFoundException e) {
            throw new BerthException(owner + ": the image of a local swarm node, " + image + ", is not present on the local engine."
                    + " Build an image that runs dockerd listening on tcp://0.0.0.0:" + API_PORT + " under that name (the swarm page of"
                    + " Berth's documentation shows one made from Debian's docker.io package), or set " + NODE_IMAGE + " to one.", e);
        }
        List<String> helpers = new java.util.concurrent.CopyOnWriteArrayList<>();
        try {
            List<Node> nodes = Parallel.all(names.stream().<Supplier<Node>>map(name -> () -> {
                String helper = startHelper(local, owner, name, image);
                helpers.add(helper);
                return awaitEngine(local, name, helper, name.equals(names.get(0)));
            }).toList());
            joinSwarm(owner, nodes);
            return nodes;
        } catch (RuntimeException e) {
            for (String id : helpers) {
                try {
                    local.removeContainerCmd(id).withForce(true).withRemoveVolumes(true).exec();
                } catch (RuntimeException cleanup) {
                    e.addSuppressed(cleanup);
                }
            }
            throw e;
        }
    }

    private static String startHelper(DockerClient local, String owner, String name, String image) {
        String dockerName = "berth-" + name + "-" + RunIdentity.current().runId() + "-" + SEQUENCE.incrementAndGet();
        Map<String, String> labels = RunIdentity.current().labels(NODE_KIND, name, owner);
        RunRecord.naming("container", dockerName);
        String id = local.createContainerCmd(image).withName(dockerName).withHostName(name).withLabels(labels)
                .withHostConfig(HostConfig.newHostConfig().withPrivileged(true)).exec().getId();
        RunRecord.created("container", id);
        local.startContainerCmd(id).exec();
        return id;
    }

    private static Node awaitEngine(DockerClient local, String name, String helperId, boolean manager) {
        var inspected = local.inspectContainerCmd(helperId).exec();
        String ip = inspected.getNetworkSettings().getNetworks().values().iterator().next().getIpAddress();
        URI address = URI.create("tcp://" + ip + ":" + API_PORT);
        DockerClient client = DockerClientProviderStrategy.getClientForConfig(TransportConfig.builder().dockerHost(address).build());
        Node node = new Node(name, Docker.node(name, client, address, ip), ip, API_PORT, manager, helperId, Node.api(address, null));
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        RuntimeException last = null;
        while (System.nanoTime() < deadline) {
            if (!Boolean.TRUE.equals(local.inspectContainerCmd(helperId).exec().getState().getRunning())) {
                throw new BerthException("The engine of swarm node " + name + " stopped while starting; its log:\n"
                        + tail(local, helperId));
            }
            if (node.answers()) {
                try {
                    client.pingCmd().exec();
                    return node;
                } catch (RuntimeException e) {
                    last = e;
                }
            }
            sleep(150);
        }
        throw new BerthException("The engine of swarm node " + name + " did not answer on " + address + " within 90 s"
                + (last == null ? "" : " (" + last.getMessage() + ")") + "; its log:\n" + tail(local, helperId), last);
    }

    private static String tail(DockerClient local, String id) {
        try {
            return dev.berth.internal.Exec.logs(local, id, 20);
        } catch (RuntimeException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** Makes node-1 the manager of a new swarm (unless it is in one) and joins every other node to it as a worker. */
    static void joinSwarm(String owner, List<Node> nodes) {
        Node manager = nodes.get(0);
        DockerClient m = manager.docker().client();
        if (!inSwarm(m)) {
            // a heartbeat of 1 s (default 5 s): the manager notices a lost node, and releases the overlay
            // attachments of its containers, within seconds, so an environment on the surviving nodes is removed soon
            SwarmSpec spec = new SwarmSpec().withDispatcher(new com.github.dockerjava.api.model.SwarmDispatcherConfig()
                    .withHeartbeatPeriod(1_000_000_000L));
            m.initializeSwarmCmd(spec).withAdvertiseAddr(manager.ip()).withListenAddr("0.0.0.0:2377").exec();
        }
        String token = m.inspectSwarmCmd().exec().getJoinTokens().getWorker();
        Parallel.all(nodes.stream().skip(1).<Supplier<Object>>map(n -> () -> {
            if (!inSwarm(n.docker().client())) {
                n.docker().client().joinSwarmCmd().withRemoteAddrs(List.of(manager.ip() + ":2377")).withJoinToken(token)
                        .withAdvertiseAddr(n.ip()).withListenAddr("0.0.0.0:2377").exec();
            }
            return n;
        }).toList());
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            List<SwarmNode> listed = m.listSwarmNodesCmd().exec();
            long ready = listed.stream().filter(n -> n.getStatus() != null && n.getStatus().getState() == SwarmNodeState.READY).count();
            if (ready >= nodes.size()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new BerthException(owner + ": the swarm did not become ready within 60 s: " + ready + " of " + nodes.size()
                        + " nodes are ready on the manager " + manager.describe() + ".");
            }
            sleep(100);
        }
    }

    private static boolean inSwarm(DockerClient client) {
        var swarm = client.infoCmd().exec().getSwarm();
        return swarm != null && swarm.getLocalNodeState() != null && "active".equals(swarm.getLocalNodeState().getValue());
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BerthException("interrupted while waiting for the swarm", e);
        }
    }

    // ------------------------------------------------------------------------------------ queries

    public List<Node> nodes() {
        return nodes;
    }

    /** A node by name. */
    public Optional<Node> node(String name) {
        return nodes.stream().filter(n -> n.name().equals(name)).findFirst();
    }

    /** The node that creates swarm-scoped objects (overlay networks). */
    public Node manager() {
        return nodes.get(0);
    }

    public List<String> names() {
        return nodes.stream().map(Node::name).toList();
    }

    /**
     * Removes the nodes of a local cluster that no longer answer from the swarm ({@code docker node rm
     * --force}): the manager then drops their containers' overlay attachments, so an overlay network the
     * surviving nodes used can be removed. Real engines' swarms are left as they are. Returns the names removed.
     */
    public List<String> forgetLostNodes() {
        List<String> lost = nodes.stream().filter(n -> !n.manager() && !n.answers()).map(Node::name).toList();
        if (lost.isEmpty() || !local() || !manager().answers()) {
            return List.of();
        }
        DockerClient m = manager().docker().client();
        for (SwarmNode n : m.listSwarmNodesCmd().exec()) {
            String host = n.getDescription() == null ? null : n.getDescription().getHostname();
            if (lost.contains(host)) {
                m.removeSwarmNodeCmd(n.getId()).withForce(true).exec();
                LOG.warn("Berth removed lost node {} from the swarm of {}", host, owner);
            }
        }
        return lost;
    }

    /** Whether images missing on a node may be copied in from the local engine ({@link #COPY_IMAGES}). */
    public boolean copyImages() {
        return copyImages;
    }

    /** Whether the nodes are engines in containers on the local engine (formed and removed here). */
    public boolean local() {
        return nodes.stream().allMatch(n -> n.helperId() != null);
    }

    /** How long forming (or connecting) took, in milliseconds. */
    public long formedMillis() {
        return formedMillis;
    }

    public String owner() {
        return owner;
    }

    /**
     * Objects labelled {@code dev.berth.managed=true} on each node that answers, as "node: kind name"
     * lines; nodes that do not answer are listed as such.
     */
    public List<String> leftovers() {
        List<String> found = new ArrayList<>();
        for (Node n : nodes) {
            if (!n.answers()) {
                found.add(n.name() + ": does not answer");
                continue;
            }
            found.addAll(Leftovers.on(n));
        }
        return found;
    }

    /**
     * Checks that nothing labelled is left on the nodes that answer, then removes a local cluster's
     * helper containers with their volumes. Leftovers are reported as a {@link BerthException} after the removal.
     */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        OPEN.remove(this);
        List<String> left = new ArrayList<>();
        for (Node n : nodes) {
            if (n.answers()) {
                left.addAll(Leftovers.awaitNone(n, Duration.ofSeconds(10)));
            }
        }
        List<RuntimeException> errors = new ArrayList<>();
        if (local()) {
            DockerClient localClient = Docker.get().client();
            Parallel.all(nodes.stream().<Supplier<Object>>map(n -> () -> {
                for (java.io.Closeable client : List.<java.io.Closeable>of(n.docker().client(), n.api())) {
                    try {
                        client.close();
                    } catch (java.io.IOException | RuntimeException e) {
                        LOG.debug("closing a client of {}: {}", n.name(), e.toString());
                    }
                }
                try {
                    localClient.removeContainerCmd(n.helperId()).withForce(true).withRemoveVolumes(true).exec();
                } catch (NotFoundException gone) {
                    // removed already (a test removed the node)
                } catch (RuntimeException e) {
                    synchronized (errors) {
                        errors.add(e);
                    }
                }
                return n;
            }).toList());
        }
        if (!left.isEmpty() || !errors.isEmpty()) {
            BerthException e = new BerthException(Secrets.mask(owner + ": " + (left.isEmpty() ? ""
                    : "objects labelled " + RunIdentity.MANAGED + "=true were left on the swarm's nodes: " + left + ". ")
                    + (errors.isEmpty() ? "" : "a node could not be removed: " + errors.get(0).getMessage())));
            errors.forEach(e::addSuppressed);
            throw e;
        }
    }

    /** Closes every swarm of this JVM still open, newest first (the JVM is ending); failures are logged. */
    public static void closeOpen() {
        List<Cluster> open;
        synchronized (OPEN) {
            open = new ArrayList<>(OPEN);
        }
        java.util.Collections.reverse(open);
        for (Cluster c : open) {
            try {
                c.close();
            } catch (RuntimeException e) {
                LOG.warn("Berth could not remove the swarm of {} at JVM exit: {}", c.owner, e.getMessage());
            }
        }
    }

    /** Runs tasks at once and waits for all; the first failure is thrown with the others suppressed. */
    static final class Parallel {
        private static final java.util.concurrent.ExecutorService POOL = java.util.concurrent.Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "berth-swarm");
            t.setDaemon(true);
            return t;
        });

        private Parallel() {
        }

        static <T> List<T> all(List<Supplier<T>> tasks) {
            List<CompletableFuture<T>> futures = tasks.stream().map(t -> CompletableFuture.supplyAsync(t, POOL)).toList();
            List<T> out = new ArrayList<>();
            RuntimeException first = null;
            for (CompletableFuture<T> f : futures) {
                try {
                    out.add(f.join());
                } catch (CompletionException e) {
                    RuntimeException cause = e.getCause() instanceof RuntimeException r ? r
                            : new BerthException(String.valueOf(e.getCause()), e.getCause());
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
            return out;
        }
    }
}
