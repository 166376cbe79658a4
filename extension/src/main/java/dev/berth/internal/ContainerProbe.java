package dev.berth.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import com.github.dockerjava.api.command.InspectContainerResponse;
import dev.berth.BerthContainer;
import dev.berth.BerthException;
import dev.berth.internal.NetChecks.Check;
import dev.berth.internal.NetChecks.Connect;
import dev.berth.internal.NetChecks.Resolve;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apiguardian.api.API;

/**
 * What the container assertions ask Docker, and how a failed check is explained from Docker's
 * facts (which networks two containers share, who owns a name, what listens on a port, the last
 * log lines). The assertions see only this class, never the handle behind it.
 */
@API(status = INTERNAL, since = "0.1")
public final class ContainerProbe {

    /** How long one DNS or TCP check from inside a container may take. */
    public static final Duration CHECK_TIMEOUT = Duration.ofSeconds(2);

    private final ContainerHandle handle;

    private ContainerProbe(ContainerHandle handle) {
        this.handle = handle;
    }

    /** The probe of a container Berth started, found by its ID when {@code container} wraps Berth's handle. */
    static ContainerProbe of(BerthContainer container) {
        if (container instanceof ContainerHandle h) {
            return new ContainerProbe(h);
        }
        return ContainerHandle.byId(container.id()).map(ContainerProbe::new).orElseThrow(() -> new BerthException(
                "BerthAssertions works on containers Berth started; " + container + " (id " + container.id() + ") is not one"));
    }

    /**
     * Why the container may have failed the check: its start-up settle's failure ("exited with code N
     * while starting ...", with its last log lines) on a new line, after ending a settle still
     * running (one more look at the container); empty when it started fine.
     */
    public String exitedAtStart() {
        return handle.settleFailure(true).map(f -> "\n" + f.getMessage()).orElse("");
    }

    /** The state Docker reports: running or not, its status word and exit code. */
    public record State(boolean running, String status, Long exitCode) {
    }

    /** The healthcheck Docker reports: its status and the last probe's outcome in words. */
    public record Health(String status, String lastProbe) {
    }

    public String name() {
        return handle.name();
    }

    /** The log of the environment this container belongs to, where its wiring checks are recorded. */
    public dev.berth.internal.topology.CheckLog checkLog() {
        return handle.checkLog();
    }

    public String image() {
        return handle.image();
    }

    public String host() {
        return handle.host();
    }

    /** The host port a container port is published on; {@link IllegalArgumentException} when it is not. */
    public int hostPort(int containerPort) {
        return handle.hostPort(containerPort);
    }

    public String logs() {
        return handle.logs();
    }

    /** Its state in words, e.g. "exited, exit code 137". */
    public String stateDescription() {
        return handle.stateDescription();
    }

    public State state() {
        InspectContainerResponse.ContainerState s = handle.inspect().getState();
        return new State(Boolean.TRUE.equals(s.getRunning()), s.getStatus(), s.getExitCodeLong());
    }

    /** The healthcheck, or empty when the image defines none. */
    public Optional<Health> health() {
        var health = handle.inspect().getState().getHealth();
        if (health == null) {
            return Optional.empty();
        }
        var log = health.getLog();
        String last = log == null || log.isEmpty() ? "no probe has run yet"
                : "last probe: exit " + log.get(log.size() - 1).getExitCodeLong() + ", output \""
                + String.valueOf(log.get(log.size() - 1).getOutput()).strip() + "\"";
        return Optional.of(new Health(health.getStatus(), last));
    }

    /**
     * Whether the image's health test passes when run now, as Docker runs it (what Docker's next
     * probe will report: it marks healthy on the first success); false when the image has none.
     */
    public boolean healthTestPassesNow() {
        return Waits.runHealthTest(handle, handle.inspect()).isEmpty();
    }

    /** Every IPv4 address by Docker network name. */
    public Map<String, String> addresses() {
        return handle.addresses();
    }

    // ---------------------------------------------------------------- checks from inside

    public NetChecks.Result resolve(String name) {
        return single(new Resolve(name));
    }

    public NetChecks.Result connect(String host, int port) {
        return single(new Connect(host, port));
    }

    /** Runs the checks in one exec, in order. */
    public List<NetChecks.Result> run(List<Check> checks) {
        return NetChecks.run(handle, checks, CHECK_TIMEOUT);
    }

    /** An HTTP GET from inside the container's network namespace. */
    public NetChecks.Result http(String url) {
        return NetChecks.run(handle, List.of(new NetChecks.Http(url)), Duration.ofSeconds(5)).get(0);
    }

    /** A path inside the container, read through the archive API. */
    public FileFacts file(String path) {
        return FileFacts.read(handle.docker().client(), handle.id(), path);
    }

    private NetChecks.Result single(Check check) {
        return NetChecks.run(handle, List.of(check), CHECK_TIMEOUT).get(0);
    }

    // ---------------------------------------------------------------- explanations

    /** Docker names of the networks both containers are attached to. */
    public List<String> sharedNetworks(ContainerProbe other) {
        return shared(handle, other.handle);
    }

    /** "network x" or "networks x, y": the logical names of the networks both share. */
    public String logicalShared(ContainerProbe other) {
        return logicalShared(handle, other.handle);
    }

    /** Which networks each is on, by logical name. */
    public String membership(ContainerProbe other) {
        return membership(handle, other.handle);
    }

    /** Why a name did not resolve from this container. */
    public String whyNotResolved(String name) {
        Optional<ContainerHandle> b = handle.neighbour(name);
        if (b.isEmpty()) {
            return "no container of this environment is named or aliased \"" + name + "\"";
        }
        ContainerHandle t = b.get();
        List<String> shared = shared(handle, t);
        if (shared.isEmpty()) {
            return "they share no network (" + membership(handle, t) + ")";
        }
        if (shared.equals(List.of("bridge"))) {
            return "both are only on Docker's default bridge, which has no DNS for container names;"
                    + " put them on a user-defined network (@WithNetwork) to resolve by name";
        }
        if (!t.isRunning()) {
            return t.name() + " is not running";
        }
        return "they share " + logicalShared(handle, t) + ", yet the name did not resolve";
    }

    /** What nslookup said about a failed lookup, or nothing. */
    public static String nslookupSays(NetChecks.Result r) {
        String out = r.output().lines().filter(l -> l.startsWith("**") || l.contains("can't") || l.contains("timed out"))
                .findFirst().orElse("");
        return out.isEmpty() ? "" : " (nslookup: " + out.strip() + ")";
    }

    /** Which container of the environment a name belongs to, and which network it shares with this one. */
    public String whoHas(String name) {
        return handle.neighbour(name).map(t -> " (" + t.name() + " is on " + logicalShared(handle, t) + " with " + handle.name() + ")")
                .orElse("");
    }

    /** The networks this container shares with the container a host name belongs to, or nothing. */
    public String sharedWith(String host) {
        return handle.neighbour(host).map(t -> shared(handle, t).isEmpty() ? "" : " (they share " + logicalShared(handle, t) + ")")
                .orElse("");
    }

    /** Why a TCP connection from this container failed. */
    public String whyNotReached(String host, int port, NetChecks.Result r) {
        String nc = r.output().isBlank() ? "" : " (nc: " + r.output().lines().findFirst().orElse("").strip() + ")";
        Optional<ContainerHandle> b = handle.neighbour(host);
        if (b.isEmpty()) {
            return (r.output().contains("bad address") ? "the name does not resolve" : "the connection failed") + nc;
        }
        ContainerHandle t = b.get();
        if (shared(handle, t).isEmpty()) {
            return "they share no network (" + membership(handle, t) + ")" + nc;
        }
        return "they share " + logicalShared(handle, t) + ", but the connection failed" + nc + listening(t, port);
    }

    /** Whether something listens on the port in this container, in words. */
    public String listening(int port) {
        return listening(handle, port);
    }

    /** The last log lines, masked, or nothing. */
    public String tail() {
        try {
            String t = Exec.logs(handle.docker().client(), handle.id(), 20);
            return t.isBlank() ? "" : "\nLast log lines of " + handle.name() + ":\n" + Secrets.mask(t).stripTrailing();
        } catch (RuntimeException e) {
            return " (its logs could not be read: " + EngineMessage.of(e) + ")";
        }
    }

    private static List<String> shared(ContainerHandle a, ContainerHandle b) {
        List<String> shared = new ArrayList<>(a.addresses().keySet());
        shared.retainAll(b.addresses().keySet());
        return shared;
    }

    private static String logicalShared(ContainerHandle a, ContainerHandle b) {
        List<String> names = new ArrayList<>();
        for (String dockerName : shared(a, b)) {
            names.add(a.logicalNetworkName(dockerName));
        }
        return "network" + (names.size() > 1 ? "s " : " ") + String.join(", ", names);
    }

    private static String membership(ContainerHandle a, ContainerHandle b) {
        return a.name() + ": " + names(a) + ", " + b.name() + ": " + names(b);
    }

    private static String names(ContainerHandle c) {
        List<String> n = new ArrayList<>();
        for (String dockerName : c.addresses().keySet()) {
            n.add(c.logicalNetworkName(dockerName));
        }
        return n.toString();
    }

    private static String listening(ContainerHandle t, int port) {
        try {
            List<Integer> ports = NetChecks.listeningPorts(t);
            if (!ports.contains(port)) {
                return "; nothing listens on port " + port + " in " + t.name() + " (it listens on " + ports + ")";
            }
            return "; " + t.name() + " does listen on " + port;
        } catch (RuntimeException e) {
            return " (its listening ports could not be read: " + EngineMessage.of(e) + ")";
        }
    }
}
