package dev.berth.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.exception.NotModifiedException;
import com.github.dockerjava.api.model.ContainerNetwork;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Ports;
import dev.berth.BerthContainer;
import dev.berth.BerthException;
import dev.berth.ExecResult;
import dev.berth.internal.Specs.ContainerSpec;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apiguardian.api.API;

/**
 * The started container behind a {@link BerthContainer}.
 *
 * <p>Long because it implements the whole handle (addresses, ports, exec, files in and out, logs,
 * stop, start, restart) plus the probe container that shares its network namespace; each method
 * is one Docker call and its error message.
 */
@API(status = INTERNAL, since = "0.1")
public final class ContainerHandle implements BerthContainer {

    private final Docker docker;
    private final ContainerSpec spec;
    private final String id;
    private final String dockerName;
    private final Map<String, NetworkHandle> networks;
    private final Config config;
    private final Map<String, String> probeLabels;
    private volatile String probeId;
    private volatile java.util.function.Function<String, Optional<ContainerHandle>> neighbours = name -> Optional.empty();
    private volatile Boolean hasNetworkTools;
    private volatile dev.berth.internal.topology.CheckLog checks = new dev.berth.internal.topology.CheckLog();

    ContainerHandle(Docker docker, ContainerSpec spec, String id, String dockerName, Map<String, NetworkHandle> networks,
                    Config config, Map<String, String> probeLabels) {
        this.docker = docker;
        this.spec = spec;
        this.id = id;
        this.dockerName = dockerName;
        this.networks = new LinkedHashMap<>(networks);
        this.config = config;
        this.probeLabels = probeLabels;
        LIVE.put(id, new java.lang.ref.WeakReference<>(this));
    }

    /** Handles by container ID, so a {@link BerthContainer} that wraps one is still found by its {@code id()}. */
    private static final Map<String, java.lang.ref.WeakReference<ContainerHandle>> LIVE = new java.util.concurrent.ConcurrentHashMap<>();

    /** The handle Berth made for a container ID, while it is reachable. */
    static Optional<ContainerHandle> byId(String id) {
        LIVE.values().removeIf(r -> r.get() == null);
        return Optional.ofNullable(LIVE.get(id)).map(java.lang.ref.WeakReference::get);
    }

    /** Sets how this container finds the other containers of its environment by logical name or alias. */
    void neighbours(java.util.function.Function<String, Optional<ContainerHandle>> lookup) {
        this.neighbours = lookup;
    }

    /** The scope whose {@link PhaseTrace} records this container's commands and checks (null: none). */
    private volatile String traceScope;

    void traceScope(String scope) {
        this.traceScope = scope;
    }

    /** The start-up settle running in the background ({@link Waits#awaitReadyDeferringSettle}); done when there is none. */
    private volatile java.util.concurrent.CompletableFuture<Void> settle = java.util.concurrent.CompletableFuture.completedFuture(null);

    /** Whether a test boundary has already reported this container's failed settle. */
    private volatile boolean settleReported;

    boolean settleReported() {
        return settleReported;
    }

    void markSettleReported() {
        settleReported = true;
    }

    /** Counted down when Berth needs the background settle's verdict: the settle looks once more and ends. */
    private volatile java.util.concurrent.CountDownLatch settleCut = new java.util.concurrent.CountDownLatch(1);

    /** Runs the start-up settle on a worker thread; {@link #awaitSettled()} joins it. */
    void settleInBackground(Runnable check) {
        settleCut = new java.util.concurrent.CountDownLatch(1);
        settle = java.util.concurrent.CompletableFuture.runAsync(check, Workers.POOL);
    }

    /**
     * The background settle's pause between two looks: at most {@code pause}, less when Berth needs
     * the verdict first. True when it does: the settle then looks once more and ends, instead of
     * running out its window.
     */
    boolean settleCutWithin(java.time.Duration pause) throws InterruptedException {
        return settleCut.await(Math.max(0, pause.toNanos()), java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    /**
     * Waits for the start-up settle of this container (at most its window, from the container's start)
     * and throws its failure, "exited with code N while starting ...", as a new BerthException with the
     * same message each time it is asked (the first is its cause); returns at once when there is none.
     */
    public void awaitSettled() {
        settleFailure(true).ifPresent(f -> {
            throw new BerthException(f.getMessage(), f);
        });
    }

    /**
     * The failure of this container's start-up settle; {@code wait}: end a settle still running
     * (it looks once more at the container, then ends without running out its window) and wait for
     * it, else a running one counts as no failure (yet).
     */
    public Optional<RuntimeException> settleFailure(boolean wait) {
        java.util.concurrent.CompletableFuture<Void> s = settle;
        if (!wait && !s.isDone()) {
            return Optional.empty();
        }
        if (!s.isDone()) {
            settleCut.countDown(); // the verdict is needed now: the state at this moment decides
        }
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    s.get();
                    return Optional.empty();
                } catch (InterruptedException e) {
                    interrupted = true; // the settle ends within its window: finish waiting, keep the interrupt
                } catch (java.util.concurrent.ExecutionException e) {
                    return Optional.of(e.getCause() instanceof RuntimeException r ? r
                            : new BerthException("The start-up check of container " + spec.name() + " failed: " + e.getCause(), e.getCause()));
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Sets where the wiring checks asserted on this container are recorded: its environment's log. */
    void checkLog(dev.berth.internal.topology.CheckLog log) {
        this.checks = log;
    }

    /** The log of the environment this container belongs to, where its wiring checks are recorded. */
    public dev.berth.internal.topology.CheckLog checkLog() {
        return checks;
    }

    /** Another container visible from this one's environment, by logical name or alias. */
    public Optional<ContainerHandle> neighbour(String nameOrAlias) {
        return neighbours.apply(nameOrAlias);
    }

    /**
     * Runs a check script in this container's network namespace by the fastest correct route:
     * inside the container itself when its image has sh, nslookup, nc and timeout (decided once,
     * with one exec), otherwise in the probe container that shares its network namespace.
     */
    public ExecResult runInNetworkNamespace(String script, Duration timeout) {
        long start = PhaseTrace.begin();
        try {
            return runInNetworkNamespaceUntraced(script, timeout);
        } finally {
            PhaseTrace.end(PhaseTrace.Phase.CHECKS, traceScope, start);
        }
    }

    private ExecResult runInNetworkNamespaceUntraced(String script, Duration timeout) {
        InspectContainerResponse.ContainerState state = inspect().getState();
        if (!Boolean.TRUE.equals(state.getRunning())) {
            throw notRunning(state, "nothing can be checked from inside it", null);
        }
        if (hasNetworkTools == null) {
            boolean tools;
            try {
                ExecResult r = exec("sh", "-c", "command -v nslookup && command -v nc && command -v timeout && echo berth-tools-ok");
                tools = r.exitCode() == 0 && r.stdout().contains("berth-tools-ok");
            } catch (BerthException noShell) {
                tools = false; // no sh in the image (FROM scratch, distroless): the probe route is the answer
            }
            hasNetworkTools = tools;
        }
        if (hasNetworkTools) {
            return Exec.run(client(), id, "container " + spec.name(), timeout, List.of("sh", "-c", script));
        }
        return probe(script, timeout);
    }

    /** Whether checks from this container run inside it (true) or in its probe (false); null before the first check. */
    public Boolean checksRunInside() {
        return hasNetworkTools;
    }

    public ContainerSpec spec() {
        return spec;
    }

    /** The logical name of a Docker network this container is on ("the default bridge" for bridge). */
    public String logicalNetworkName(String dockerNetwork) {
        for (Map.Entry<String, NetworkHandle> e : networks.entrySet()) {
            if (e.getValue().dockerName().equals(dockerNetwork)) {
                return e.getKey();
            }
        }
        return "bridge".equals(dockerNetwork) ? "the default bridge" : dockerNetwork;
    }

    Map<String, NetworkHandle> networkHandles() {
        return networks;
    }

    @Override
    public String name() {
        return spec.name();
    }

    @Override
    public String dockerName() {
        return dockerName;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String image() {
        return spec.image();
    }

    @Override
    public List<String> networks() {
        return List.copyOf(networks.keySet());
    }

    /** Whether this container was put on the network with this engine id. */
    boolean joined(String networkId) {
        return networks.values().stream().anyMatch(n -> n.id().equals(networkId));
    }

    public InspectContainerResponse inspect() {
        try {
            return client().inspectContainerCmd(id).exec();
        } catch (NotFoundException e) {
            throw gone(e);
        }
    }

    /** The failure of any use of a container that was removed (by the test, or outside it). */
    private BerthException gone(Throwable cause) {
        return new BerthException("Container " + spec.name() + " (" + dockerName + ") no longer exists: was it removed outside the"
                + " test? A removed container cannot be used again; declare it in a scope that lasts as long as the test needs it.", cause);
    }

    /** Whether the container still exists in the engine. */
    private boolean exists() {
        try {
            client().inspectContainerCmd(id).exec();
            return true;
        } catch (NotFoundException e) {
            return false;
        }
    }

    /** Whether the container is gone or being removed (by the test, or outside it): not a failure of its start. */
    boolean removedOrBeingRemoved() {
        try {
            String status = client().inspectContainerCmd(id).exec().getState().getStatus();
            return "removing".equals(status) || "dead".equals(status);
        } catch (NotFoundException e) {
            return true;
        }
    }

    /** Its state in words, e.g. "exited, exit code 137". */
    public String stateDescription() {
        return stateDescription(inspect().getState());
    }

    private static String stateDescription(InspectContainerResponse.ContainerState state) {
        return state.getStatus() + (Boolean.TRUE.equals(state.getRunning()) ? "" : ", exit code " + state.getExitCodeLong());
    }

    /** A state failure: the container exists but is not running, which {@code what} needs. */
    private BerthException notRunning(InspectContainerResponse.ContainerState state, String what, Throwable cause) {
        Optional<RuntimeException> exitedAtStart = settleFailure(true);
        if (exitedAtStart.isPresent()) { // why it is not running: it exited while starting, with its last log lines
            BerthException e = new BerthException(exitedAtStart.get().getMessage(), exitedAtStart.get());
            if (cause != null) {
                e.addSuppressed(cause);
            }
            return e;
        }
        return new BerthException("Container " + spec.name() + " is not running (" + stateDescription(state) + "): " + what
                + ". Start it first (start()), or check it with assertThat(container).isRunning().", cause);
    }

    @Override
    public String ipAddress(String network) {
        String dockerNetwork = "bridge".equals(network) && !networks.containsKey("bridge")
                ? "bridge" : Optional.ofNullable(networks.get(network)).map(NetworkHandle::dockerName).orElse(null);
        if (dockerNetwork == null) {
            throw new IllegalArgumentException("Container " + spec.name() + " is not on network \"" + network
                    + "\"; it is on " + (networks.isEmpty() ? "[bridge] (the default bridge)" : networks.keySet().toString()));
        }
        InspectContainerResponse inspected = inspect();
        if (!Boolean.TRUE.equals(inspected.getState().getRunning())) {
            throw notRunning(inspected.getState(), "it has an address on network \"" + network + "\" only while it runs", null);
        }
        ContainerNetwork n = inspected.getNetworkSettings().getNetworks().get(dockerNetwork);
        if (n == null || n.getIpAddress() == null || n.getIpAddress().isEmpty()) {
            throw new IllegalArgumentException("Container " + spec.name() + " has no address on network \"" + network
                    + "\" (is it running?)");
        }
        return n.getIpAddress();
    }

    /** Every IPv4 address by Docker network name (default bridge included). */
    public Map<String, String> addresses() {
        Map<String, String> out = new LinkedHashMap<>();
        Map<String, ContainerNetwork> all = inspect().getNetworkSettings().getNetworks();
        if (all != null) {
            all.forEach((k, v) -> {
                if (v.getIpAddress() != null && !v.getIpAddress().isEmpty()) {
                    out.put(k, v.getIpAddress());
                }
            });
        }
        return out;
    }

    @Override
    public String host() {
        return docker.publishedPortHost();
    }

    @Override
    public int hostPort(int containerPort) {
        return hostPort(containerPort, "tcp");
    }

    @Override
    public int hostPort(int containerPort, String protocol) {
        String proto = protocol == null ? "" : protocol.trim().toLowerCase(java.util.Locale.ROOT);
        if (!proto.equals("tcp") && !proto.equals("udp")) {
            throw new IllegalArgumentException("hostPort: protocol \"" + protocol + "\" is neither \"tcp\" nor \"udp\"");
        }
        InspectContainerResponse inspected = inspect();
        if (!Boolean.TRUE.equals(inspected.getState().getRunning())) {
            throw notRunning(inspected.getState(), "its ports are published only while it runs", null);
        }
        Ports ports = inspected.getNetworkSettings().getPorts();
        Map<ExposedPort, Ports.Binding[]> bindings = ports == null ? Map.of() : ports.getBindings();
        ExposedPort wanted = proto.equals("udp") ? ExposedPort.udp(containerPort) : ExposedPort.tcp(containerPort);
        Ports.Binding[] b = bindings.get(wanted);
        if (b == null || b.length == 0) {
            List<String> published = new ArrayList<>();
            bindings.forEach((k, v) -> {
                if (v != null && v.length > 0) {
                    published.add(k.toString());
                }
            });
            String other = proto.equals("udp") ? "tcp" : "udp";
            if (published.contains(containerPort + "/" + other)) {
                throw new IllegalArgumentException("Container " + spec.name() + " publishes port " + containerPort + " only as "
                        + other.toUpperCase(java.util.Locale.ROOT) + " (published: " + published + "); ask for it with hostPort("
                        + containerPort + ", \"" + other + "\")");
            }
            throw new IllegalArgumentException("Container " + spec.name() + " does not publish port " + containerPort
                    + (proto.equals("udp") ? "/udp" : "") + "; published: " + published + ". Add \"" + containerPort
                    + (proto.equals("udp") ? "/udp" : "") + "\" to ports of its @WithContainer.");
        }
        return Integer.parseInt(b[0].getHostPortSpec());
    }

    @Override
    public ExecResult exec(String... command) {
        long start = PhaseTrace.begin();
        try {
            return Exec.run(client(), id, "container " + spec.name(), Duration.ofMinutes(5), Arrays.asList(command));
        } catch (BerthException e) {
            throw explained(e, "cannot run " + Arrays.asList(command) + " in it");
        } finally {
            PhaseTrace.end(PhaseTrace.Phase.CHECKS, traceScope, start);
        }
    }

    /** A failure told by the container's state when that explains it (removed, not running), else as it was. */
    private BerthException explained(BerthException e, String what) {
        InspectContainerResponse inspected;
        try {
            inspected = client().inspectContainerCmd(id).exec();
        } catch (NotFoundException notFound) {
            throw gone(e);
        } catch (RuntimeException inspectFailed) {
            e.addSuppressed(inspectFailed);
            return e;
        }
        if (!Boolean.TRUE.equals(inspected.getState().getRunning())) {
            return notRunning(inspected.getState(), what, e);
        }
        return e;
    }

    @Override
    public void copyIn(Path hostPath, String containerPath) {
        if (!Files.exists(hostPath)) {
            throw new IllegalArgumentException("copyIn: " + hostPath + " does not exist on the host");
        }
        String target = trimSlash(containerPath);
        int slash = target.lastIndexOf('/');
        String parent = slash <= 0 ? "/" : target.substring(0, slash);
        String leaf = target.substring(slash + 1);
        try {
            client().copyArchiveToContainerCmd(id).withRemotePath(parent)
                    .withTarInputStream(Tar.stream(Tar.of(hostPath, leaf))).exec();
        } catch (NotFoundException e) {
            if (!exists()) {
                throw gone(e);
            }
            throw new BerthException("copyIn: directory " + parent + " does not exist in container " + spec.name()
                    + "; create it first (exec(\"mkdir\", \"-p\", \"" + parent + "\")) or copy to an existing directory", e);
        }
    }

    @Override
    public void writeFile(String containerPath, String content) {
        String target = trimSlash(containerPath);
        List<String> segments = List.of(target.substring(1).split("/"));
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        // find the deepest existing parent, then create the missing directories in the same archive
        for (int existing = segments.size() - 1; existing >= 0; existing--) {
            String base = "/" + String.join("/", segments.subList(0, existing));
            List<String> missing = new ArrayList<>();
            for (int i = existing + 1; i < segments.size(); i++) {
                missing.add(String.join("/", segments.subList(existing, i)));
            }
            String name = String.join("/", segments.subList(existing, segments.size()));
            try {
                client().copyArchiveToContainerCmd(id).withRemotePath(base)
                        .withTarInputStream(Tar.stream(Tar.ofText(missing, name, bytes))).exec();
                return;
            } catch (NotFoundException parentMissing) {
                if (existing == segments.size() - 1 && !exists()) {
                    throw gone(parentMissing);
                }
                // try one level up
            }
        }
        throw new BerthException("writeFile: could not write " + containerPath + " in container " + spec.name());
    }

    @Override
    public void copyOut(String containerPath, Path hostDirectory) {
        try (InputStream in = client().copyArchiveFromContainerCmd(id, containerPath).exec()) {
            Tar.extract(in, hostDirectory);
        } catch (NotFoundException e) {
            if (!exists()) {
                throw gone(e);
            }
            throw new IllegalArgumentException("copyOut: " + containerPath + " does not exist in container " + spec.name(), e);
        } catch (java.io.IOException e) {
            throw new BerthException("copyOut: reading " + containerPath + " from " + spec.name() + " failed: " + e, e);
        }
    }

    @Override
    public Optional<String> readFile(String containerPath) {
        try (InputStream in = client().copyArchiveFromContainerCmd(id, containerPath).exec()) {
            byte[] bytes = Tar.firstFile(in);
            return Optional.ofNullable(bytes).map(b -> new String(b, StandardCharsets.UTF_8));
        } catch (NotFoundException e) {
            if (!exists()) {
                throw gone(e);
            }
            return Optional.empty();
        } catch (java.io.IOException e) {
            throw new BerthException("readFile: reading " + containerPath + " from " + spec.name() + " failed: " + e, e);
        }
    }

    @Override
    public String logs() {
        try {
            return Exec.logs(client(), id, null);
        } catch (NotFoundException e) {
            throw gone(e);
        }
    }

    @Override
    public boolean isRunning() {
        return Boolean.TRUE.equals(inspect().getState().getRunning());
    }

    @Override
    public void stop(int timeoutSeconds) {
        awaitSettled(); // the settle judges the container as it started, before anyone stops or restarts it
        dropProbe();
        try {
            client().stopContainerCmd(id).withTimeout(timeoutSeconds).exec();
        } catch (NotModifiedException alreadyStopped) {
            // stopped already: the goal is reached
        } catch (NotFoundException e) {
            throw gone(e);
        } catch (DockerException e) {
            throw new BerthException("Container " + spec.name() + " could not be stopped: " + EngineMessage.of(e), e);
        }
    }

    @Override
    public void start() {
        awaitSettled(); // the settle judges the container as it started, before anyone stops or restarts it
        dropProbe();
        try {
            client().startContainerCmd(id).exec();
        } catch (NotModifiedException alreadyRunning) {
            // running already: still wait for its readiness conditions below
        } catch (NotFoundException e) {
            throw gone(e);
        } catch (DockerException e) {
            throw new BerthException("Container " + spec.name() + " could not be started: " + EngineMessage.of(e), e);
        }
        Waits.awaitReady(this);
    }

    @Override
    public void restart() {
        awaitSettled(); // the settle judges the container as it started, before anyone stops or restarts it
        dropProbe();
        try {
            // a short grace period: a PID 1 that ignores SIGTERM (a shell, busybox httpd) would otherwise cost 10 s
            client().restartContainerCmd(id).withTimeout(2).exec();
        } catch (NotFoundException e) {
            throw gone(e);
        } catch (DockerException e) {
            throw new BerthException("Container " + spec.name() + " could not be restarted: " + EngineMessage.of(e), e);
        }
        Waits.awaitReady(this);
    }

    /**
     * Runs a shell script in a probe container that shares this container's network namespace
     * ({@code --network container:ID}): it sees exactly what this container sees, whatever
     * tools this container's image has (none, for a {@code FROM scratch} image).
     */
    public ExecResult probe(String script, Duration timeout) {
        return probeExec(timeout, List.of("sh", "-c", script));
    }

    /** Runs a command (no shell) in the probe container that shares this container's network namespace. */
    public ExecResult probeExec(Duration timeout, List<String> command) {
        return Exec.run(client(), probeContainer(), "the probe of " + spec.name(), timeout, command);
    }

    private String probeContainer() {
        String current = probeId;
        if (current != null) {
            return current;
        }
        synchronized (this) {
            if (probeId != null) {
                return probeId;
            }
            String image = config.probeImage();
            try {
                client().inspectImageCmd(image).exec();
            } catch (NotFoundException e) {
                throw new BerthException("The probe image " + image + " is not present. Build or pull it,"
                        + " or set " + Config.PROBE_IMAGE + " to an image with sh, nc, nslookup and wget.", e);
            }
            RunRecord.naming("container", dockerName + "-probe");
            String created = client().createContainerCmd(image)
                    .withName(dockerName + "-probe")
                    .withLabels(probeLabels)
                    .withEntrypoint(Exec.IDLE)
                    .withHostConfig(HostConfig.newHostConfig().withNetworkMode("container:" + id))
                    .exec().getId();
            RunRecord.created("container", created);
            client().startContainerCmd(created).exec();
            probeId = created;
            return created;
        }
    }

    /** Uses a running probe that a kept environment kept for this container (it shares its current network namespace). */
    void adoptProbe(String id) {
        probeId = id;
        // a probe is kept when a check of the previous run found no network tools in this container (the same image:
        // the declaration's hash has its ID), and its route is right in any case: no need to look for them again
        if (hasNetworkTools == null) {
            hasNetworkTools = false;
        }
    }

    /** Removes the probe (it is bound to the network namespace of the current incarnation). */
    void dropProbe() {
        String current = probeId;
        probeId = null;
        if (current != null) {
            try {
                client().removeContainerCmd(current).withForce(true).exec();
            } catch (NotFoundException gone) {
                // already removed together with its target
            }
        }
    }

    Docker docker() {
        return docker;
    }

    @Override
    public String node() {
        return docker.nodeName();
    }

    Config config() {
        return config;
    }

    private DockerClient client() {
        return docker.client();
    }

    private static String trimSlash(String path) {
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("container paths are absolute: \"" + path + "\" should start with /");
        }
        String p = path;
        while (p.length() > 1 && p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return p;
    }

    @Override
    public String toString() {
        return "container " + spec.name() + " (" + dockerName + ", " + spec.image() + ")";
    }
}
