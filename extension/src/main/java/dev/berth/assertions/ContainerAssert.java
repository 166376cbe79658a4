package dev.berth.assertions;

import com.github.dockerjava.api.command.InspectContainerResponse;
import dev.berth.BerthContainer;
import dev.berth.BerthException;
import dev.berth.internal.ContainerHandle;
import dev.berth.internal.Docker;
import dev.berth.internal.Exec;
import dev.berth.internal.FileFacts;
import dev.berth.internal.NetChecks;
import dev.berth.internal.NetChecks.Check;
import dev.berth.internal.NetChecks.Connect;
import dev.berth.internal.NetChecks.Resolve;
import dev.berth.internal.Secrets;
import dev.berth.internal.topology.CheckLog;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.assertj.core.api.AbstractAssert;

/**
 * Assertions on a container: what it can resolve and reach from its own network namespace, what
 * the host can reach of it, its HTTP answers, its files, and its state.
 *
 * <p>Checks from a container run inside it when its image has {@code sh}, {@code nslookup},
 * {@code nc} and {@code timeout}; otherwise in a small probe container that shares its network
 * namespace, so a {@code FROM scratch} image is checked the same way. A check that could not run
 * raises {@link BerthException}, never an {@link AssertionError}.
 */
public final class ContainerAssert extends AbstractAssert<ContainerAssert, BerthContainer> {

    private static final Duration CHECK_TIMEOUT = Duration.ofSeconds(2);

    private Duration within = Duration.ZERO;

    ContainerAssert(BerthContainer actual) {
        super(actual, ContainerAssert.class);
    }

    /**
     * Makes the following checks retry until they pass or the duration runs out (polling with
     * growing intervals, no busy loop): {@code assertThat(app).within(Duration.ofSeconds(30)).canReach(db, 5432)}.
     */
    public ContainerAssert within(Duration patience) {
        this.within = patience;
        return this;
    }

    private ContainerHandle handle() {
        isNotNull();
        if (actual instanceof ContainerHandle h) {
            return h;
        }
        throw new BerthException("BerthAssertions works on containers Berth started; " + actual.getClass().getName() + " is not one");
    }

    /**
     * Runs a wiring check (with the patience set by {@link #within}) and records its outcome in the
     * log of the environment the container belongs to, which the pictures draw as an edge; a check
     * that could not run (BerthException) records nothing.
     */
    private void checked(ContainerHandle a, String target, int port, CheckLog.Kind kind, Runnable check) {
        // membership and isolation are checked once, as before: they never waited for patience
        boolean once = kind == CheckLog.Kind.SHARES_NETWORK || kind == CheckLog.Kind.ISOLATED_FROM;
        try {
            Patience.check(once ? Duration.ZERO : within, check);
        } catch (AssertionError failed) {
            a.checkLog().record(a.name(), target, port, kind, false, failed.getMessage());
            throw failed;
        }
        a.checkLog().record(a.name(), target, port, kind, true, "");
    }

    private AssertionError failure(String message) {
        return Failures.described(descriptionText(), message);
    }

    // ---------------------------------------------------------------- DNS

    /** Verifies that the name resolves from inside this container. */
    public ContainerAssert canResolve(String name) {
        ContainerHandle a = handle();
        checked(a, name, 0, CheckLog.Kind.RESOLVES, () -> {
            NetChecks.Result r = single(a, new Resolve(name));
            if (!r.ok()) {
                throw failure(a.name() + " cannot resolve \"" + name + "\": " + whyNotResolved(a, name) + nslookupSays(r));
            }
        });
        return this;
    }

    /** Verifies that the name does not resolve from inside this container (isolation, wrong alias). */
    public ContainerAssert cannotResolve(String name) {
        ContainerHandle a = handle();
        checked(a, name, 0, CheckLog.Kind.DOES_NOT_RESOLVE, () -> {
            NetChecks.Result r = single(a, new Resolve(name));
            if (r.ok()) {
                throw failure("Expecting " + a.name() + " not to resolve \"" + name + "\" but it resolves to " + r.addresses()
                        + whoHas(a, name, r.addresses()));
            }
        });
        return this;
    }

    /**
     * Verifies that the name resolves, from inside this container, to the target's address on a
     * network they share.
     */
    public ContainerAssert resolvesTo(String name, BerthContainer target) {
        ContainerHandle a = handle();
        ContainerHandle b = asHandle(target);
        checked(a, name, 0, CheckLog.Kind.RESOLVES, () -> {
            NetChecks.Result r = single(a, new Resolve(name));
            if (!r.ok()) {
                throw failure(a.name() + " cannot resolve \"" + name + "\": " + whyNotResolved(a, name) + nslookupSays(r));
            }
            List<String> shared = sharedNetworks(a, b);
            List<String> expected = new ArrayList<>();
            Map<String, String> addresses = b.addresses();
            for (String net : shared) {
                expected.add(addresses.get(net));
            }
            if (expected.stream().noneMatch(r.addresses()::contains)) {
                throw failure("Expecting \"" + name + "\" to resolve from " + a.name() + " to the address of " + b.name()
                        + " on a shared network " + (shared.isEmpty() ? "(they share none: " + membership(a, b) + ")" : expected)
                        + " but it resolves to " + r.addresses() + whoHas(a, name, r.addresses()));
            }
        });
        return this;
    }

    // ---------------------------------------------------------------- ports

    /** Verifies that a TCP connection from this container to the target (by its logical name) on the port succeeds. */
    public ContainerAssert canReach(BerthContainer target, int port) {
        return canReach(target.name(), port);
    }

    /** Verifies that a TCP connection from this container to host:port (a name or an IP) succeeds. */
    public ContainerAssert canReach(String host, int port) {
        ContainerHandle a = handle();
        checked(a, host, port, CheckLog.Kind.REACHES, () -> {
            NetChecks.Result r = single(a, new Connect(host, port));
            if (!r.ok()) {
                throw failure(a.name() + " cannot reach " + host + ":" + port + ": " + whyNotReached(a, host, port, r));
            }
        });
        return this;
    }

    /** Verifies that a TCP connection from this container to the target (by its logical name) on the port fails. */
    public ContainerAssert cannotReach(BerthContainer target, int port) {
        return cannotReach(target.name(), port);
    }

    /** Verifies that a TCP connection from this container to host:port fails within a short timeout (2 s). */
    public ContainerAssert cannotReach(String host, int port) {
        ContainerHandle a = handle();
        checked(a, host, port, CheckLog.Kind.DOES_NOT_REACH, () -> {
            NetChecks.Result r = single(a, new Connect(host, port));
            if (r.ok()) {
                Optional<ContainerHandle> b = a.neighbour(host);
                throw failure("Expecting " + a.name() + " not to reach " + host + ":" + port + " but the connection succeeded"
                        + b.map(t -> sharedNetworks(a, t).isEmpty() ? "" : " (they share " + logicalShared(a, t) + ")").orElse(""));
            }
        });
        return this;
    }

    /**
     * Verifies many DNS and port expectations in one exec, reporting every one that failed.
     *
     * @param checks adds the expectations to a {@link NetworkChecks} batch
     */
    public ContainerAssert passesNetworkChecks(Consumer<NetworkChecks> checks) {
        ContainerHandle a = handle();
        NetworkChecks batch = new NetworkChecks();
        checks.accept(batch);
        List<NetworkChecks.Expectation> exp = batch.expectations();
        if (exp.isEmpty()) {
            throw new IllegalArgumentException("passesNetworkChecks was given no checks");
        }
        Patience.check(within, () -> {
            List<Check> toRun = new ArrayList<>();
            for (NetworkChecks.Expectation e : exp) {
                toRun.add(switch (e.kind()) {
                    case RESOLVES, DOES_NOT_RESOLVE -> new Resolve(e.host());
                    case REACHES, DOES_NOT_REACH -> new Connect(e.host(), e.port());
                });
            }
            List<NetChecks.Result> results = NetChecks.run(a, toRun, CHECK_TIMEOUT);
            List<String> failures = new ArrayList<>();
            for (int i = 0; i < exp.size(); i++) {
                NetworkChecks.Expectation e = exp.get(i);
                NetChecks.Result r = results.get(i);
                switch (e.kind()) {
                    case RESOLVES -> {
                        if (!r.ok()) {
                            failures.add("cannot resolve \"" + e.host() + "\": " + whyNotResolved(a, e.host()));
                        }
                    }
                    case DOES_NOT_RESOLVE -> {
                        if (r.ok()) {
                            failures.add("resolves \"" + e.host() + "\" to " + r.addresses() + " but should not"
                                    + whoHas(a, e.host(), r.addresses()));
                        }
                    }
                    case REACHES -> {
                        if (!r.ok()) {
                            failures.add("cannot reach " + e.host() + ":" + e.port() + ": " + whyNotReached(a, e.host(), e.port(), r));
                        }
                    }
                    case DOES_NOT_REACH -> {
                        if (r.ok()) {
                            failures.add("reaches " + e.host() + ":" + e.port() + " but should not");
                        }
                    }
                }
            }
            if (!failures.isEmpty()) {
                throw failure(failures.size() + " of " + exp.size() + " network checks from " + a.name() + " failed:\n  - "
                        + String.join("\n  - ", failures));
            }
        });
        return this;
    }

    // ---------------------------------------------------------------- networks

    /** Verifies that this container and the other are attached to at least one common network. */
    public ContainerAssert sharesNetworkWith(BerthContainer other) {
        ContainerHandle a = handle();
        ContainerHandle b = asHandle(other);
        checked(a, b.name(), 0, CheckLog.Kind.SHARES_NETWORK, () -> {
            if (sharedNetworks(a, b).isEmpty()) {
                throw failure("Expecting " + a.name() + " and " + b.name() + " to share a network but they share none ("
                        + membership(a, b) + ")");
            }
        });
        return this;
    }

    /**
     * Verifies that this container and the other are isolated: they share no network, and a TCP
     * connection from this one to each of the other's addresses on the port fails.
     */
    public ContainerAssert isIsolatedFrom(BerthContainer other, int port) {
        ContainerHandle a = handle();
        ContainerHandle b = asHandle(other);
        checked(a, b.name(), port, CheckLog.Kind.ISOLATED_FROM, () -> {
            List<String> shared = sharedNetworks(a, b);
            if (!shared.isEmpty()) {
                throw failure("Expecting " + a.name() + " to be isolated from " + b.name() + " but they share " + logicalShared(a, b));
            }
            List<Check> connects = new ArrayList<>();
            b.addresses().values().forEach(ip -> connects.add(new Connect(ip, port)));
            List<NetChecks.Result> results = NetChecks.run(a, connects, CHECK_TIMEOUT);
            for (NetChecks.Result r : results) {
                if (r.ok()) {
                    Connect c = (Connect) r.check();
                    throw failure("Expecting " + a.name() + " to be isolated from " + b.name() + " but it connected to "
                            + c.host() + ":" + port + " although they share no network (" + membership(a, b) + ")");
                }
            }
        });
        return this;
    }

    // ---------------------------------------------------------------- from the host

    /**
     * Verifies that the host reaches the container port through its published port: the
     * connection is accepted and not closed at once by Docker's proxy for lack of a listener.
     */
    public ContainerAssert isReachableFromHost(int containerPort) {
        ContainerHandle a = handle();
        Patience.check(within, () -> {
            var state = a.inspect().getState();
            if (!Boolean.TRUE.equals(state.getRunning())) {
                throw failure("Expecting port " + containerPort + " of " + a.name() + " to be reachable from the host but "
                        + a.name() + " is not running (" + a.stateDescription() + "): a stopped container publishes no port."
                        + " Start it first (start()), or check it with isRunning().");
            }
            int hostPort;
            try {
                hostPort = a.hostPort(containerPort);
            } catch (IllegalArgumentException e) {
                throw failure("Expecting port " + containerPort + " of " + a.name() + " to be reachable from the host but "
                        + (e.getMessage().contains(" only as ") ? "it is not published as TCP: " + e.getMessage()
                        : "it is not published (EXPOSE alone does not publish a port). Add \"" + containerPort
                                + "\" to ports of its @WithContainer."));
            }
            String problem = hostConnect(a.host(), hostPort);
            if (problem != null) {
                throw failure("Expecting port " + containerPort + " of " + a.name() + " to be reachable from the host at "
                        + a.host() + ":" + hostPort + " but " + problem + listening(a, containerPort));
            }
        });
        return this;
    }

    private static String hostConnect(String host, int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), (int) CHECK_TIMEOUT.toMillis());
            s.setSoTimeout(300);
            try {
                int b = s.getInputStream().read();
                return b < 0 ? "the connection was closed at once (Docker's proxy accepted it, the container did not)" : null;
            } catch (SocketTimeoutException silentServer) {
                return null; // connected and the server waits for the client: reachable
            }
        } catch (IOException e) {
            return "the connection failed: " + e.getMessage();
        }
    }

    /** An HTTP GET from the host to the container port, through its published port. */
    public HttpAssert servesHttp(int containerPort, String path) {
        ContainerHandle a = handle();
        var state = a.inspect().getState();
        if (!Boolean.TRUE.equals(state.getRunning())) {
            throw failure("Expecting " + a.name() + " to serve HTTP on port " + containerPort + " to the host but " + a.name()
                    + " is not running (" + a.stateDescription() + "): a stopped container publishes no port."
                    + " Start it first (start()), or check it with isRunning().");
        }
        int hostPort;
        try {
            hostPort = a.hostPort(containerPort);
        } catch (IllegalArgumentException e) {
            throw failure("Expecting " + a.name() + " to serve HTTP on port " + containerPort + " to the host but "
                    + (e.getMessage().contains(" only as ") ? "it is not published as TCP: " + e.getMessage()
                    : "that port is not published (EXPOSE alone does not publish). Add \"" + containerPort
                            + "\" to ports of its @WithContainer."));
        }
        String url = "http://" + a.host() + ":" + hostPort + (path.startsWith("/") ? path : "/" + path);
        return new HttpAssert(url, () -> hostGet(url), within);
    }

    private static HttpAssert.Answer hostGet(String url) {
        try {
            HttpURLConnection http = (HttpURLConnection) URI.create(url).toURL().openConnection();
            http.setConnectTimeout(2000);
            http.setReadTimeout(5000);
            http.setInstanceFollowRedirects(false);
            int status = http.getResponseCode();
            InputStream in = status >= 400 ? http.getErrorStream() : http.getInputStream();
            String body = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
            http.disconnect();
            return new HttpAssert.Answer(status, body, null);
        } catch (IOException e) {
            return new HttpAssert.Answer(null, "", e.toString());
        }
    }

    /** An HTTP GET of the URL made from inside this container's network namespace (through its probe). */
    public HttpAssert fetches(String url) {
        ContainerHandle a = handle();
        return new HttpAssert(url + " from " + a.name(), () -> {
            NetChecks.Result r = NetChecks.run(a, List.of(new NetChecks.Http(url)), Duration.ofSeconds(5)).get(0);
            return new HttpAssert.Answer(r.httpStatus(), r.body(), r.httpStatus() == null ? r.output() : null);
        }, within);
    }

    // ---------------------------------------------------------------- files

    /** Assertions on a path inside this container (read through the archive API; no tool needed inside). */
    public FileAssert file(String path) {
        ContainerHandle a = handle();
        return new FileAssert(path, "container " + a.name(), () -> FileFacts.read(Docker.get().client(), a.id(), path), within);
    }

    // ---------------------------------------------------------------- state

    /** Verifies that the container is running. */
    public ContainerAssert isRunning() {
        ContainerHandle a = handle();
        Patience.check(within, () -> {
            InspectContainerResponse.ContainerState s = a.inspect().getState();
            if (!Boolean.TRUE.equals(s.getRunning())) {
                throw failure("Expecting " + a.name() + " to be running but it is " + s.getStatus() + " (exit code "
                        + s.getExitCodeLong() + ")" + tail(a));
            }
        });
        return this;
    }

    /** Verifies that the container's Docker healthcheck reports healthy. */
    public ContainerAssert isHealthy() {
        ContainerHandle a = handle();
        Patience.check(within, () -> {
            var health = a.inspect().getState().getHealth();
            if (health == null) {
                throw failure("Expecting " + a.name() + " to be healthy but its image " + a.image() + " defines no HEALTHCHECK");
            }
            if (!"healthy".equals(health.getStatus())) {
                String last = health.getLog() == null || health.getLog().isEmpty() ? "no probe has run yet"
                        : "last probe: exit " + health.getLog().get(health.getLog().size() - 1).getExitCodeLong() + ", output \""
                        + String.valueOf(health.getLog().get(health.getLog().size() - 1).getOutput()).strip() + "\"";
                throw failure("Expecting " + a.name() + " to be healthy but it is " + health.getStatus() + " (" + last + ")");
            }
        });
        return this;
    }

    /** Verifies that the container has exited with the given code. */
    public ContainerAssert hasExitedWithCode(int code) {
        ContainerHandle a = handle();
        Patience.check(within, () -> {
            InspectContainerResponse.ContainerState s = a.inspect().getState();
            if (Boolean.TRUE.equals(s.getRunning())) {
                throw failure("Expecting " + a.name() + " to have exited with code " + code + " but it is still running");
            }
            if (s.getExitCodeLong() == null || s.getExitCodeLong() != code) {
                throw failure("Expecting " + a.name() + " to have exited with code " + code + " but it exited with "
                        + s.getExitCodeLong() + tail(a));
            }
        });
        return this;
    }

    /** Verifies that the container's output (stdout and stderr) contains the text. */
    public ContainerAssert logContains(String text) {
        ContainerHandle a = handle();
        Patience.check(within, () -> {
            String logs = a.logs();
            if (!logs.contains(text)) {
                throw failure("Expecting the log of " + a.name() + " to contain \"" + text + "\" but it does not" + tail(a));
            }
        });
        return this;
    }

    /** Verifies that some line of the container's output matches the regular expression. */
    public ContainerAssert logMatches(String regex) {
        ContainerHandle a = handle();
        Pattern p = Pattern.compile(regex, Pattern.MULTILINE);
        Patience.check(within, () -> {
            if (!p.matcher(a.logs()).find()) {
                throw failure("Expecting the log of " + a.name() + " to match /" + regex + "/ but it does not" + tail(a));
            }
        });
        return this;
    }

    // ---------------------------------------------------------------- explanations

    private static NetChecks.Result single(ContainerHandle a, Check check) {
        return NetChecks.run(a, List.of(check), CHECK_TIMEOUT).get(0);
    }

    private static ContainerHandle asHandle(BerthContainer c) {
        if (c instanceof ContainerHandle h) {
            return h;
        }
        throw new BerthException("BerthAssertions works on containers Berth started; " + c + " is not one");
    }

    /** Docker names of the networks both containers are attached to. */
    private static List<String> sharedNetworks(ContainerHandle a, ContainerHandle b) {
        List<String> shared = new ArrayList<>(a.addresses().keySet());
        shared.retainAll(b.addresses().keySet());
        return shared;
    }

    private static String logicalShared(ContainerHandle a, ContainerHandle b) {
        List<String> names = new ArrayList<>();
        for (String dockerName : sharedNetworks(a, b)) {
            names.add(logicalName(a, dockerName));
        }
        return "network" + (names.size() > 1 ? "s " : " ") + String.join(", ", names);
    }

    private static String logicalName(ContainerHandle c, String dockerNetwork) {
        return c.logicalNetworkName(dockerNetwork);
    }

    private static String membership(ContainerHandle a, ContainerHandle b) {
        return a.name() + ": " + names(a) + ", " + b.name() + ": " + names(b);
    }

    private static String names(ContainerHandle c) {
        List<String> n = new ArrayList<>();
        for (String dockerName : c.addresses().keySet()) {
            n.add(logicalName(c, dockerName));
        }
        return n.toString();
    }

    private static String whyNotResolved(ContainerHandle a, String name) {
        Optional<ContainerHandle> b = a.neighbour(name);
        if (b.isEmpty()) {
            return "no container of this environment is named or aliased \"" + name + "\"";
        }
        ContainerHandle t = b.get();
        List<String> shared = sharedNetworks(a, t);
        if (shared.isEmpty()) {
            return "they share no network (" + membership(a, t) + ")";
        }
        if (shared.equals(List.of("bridge"))) {
            return "both are only on Docker's default bridge, which has no DNS for container names;"
                    + " put them on a user-defined network (@WithNetwork) to resolve by name";
        }
        if (!t.isRunning()) {
            return t.name() + " is not running";
        }
        return "they share " + logicalShared(a, t) + ", yet the name did not resolve";
    }

    private static String nslookupSays(NetChecks.Result r) {
        String out = r.output().lines().filter(l -> l.startsWith("**") || l.contains("can't") || l.contains("timed out"))
                .findFirst().orElse("");
        return out.isEmpty() ? "" : " (nslookup: " + out.strip() + ")";
    }

    private static String whoHas(ContainerHandle a, String name, List<String> addresses) {
        Optional<ContainerHandle> b = a.neighbour(name);
        return b.map(t -> " (" + t.name() + " is on " + logicalShared(a, t) + " with " + a.name() + ")").orElse("");
    }

    private static String whyNotReached(ContainerHandle a, String host, int port, NetChecks.Result r) {
        String nc = r.output().isBlank() ? "" : " (nc: " + r.output().lines().findFirst().orElse("").strip() + ")";
        Optional<ContainerHandle> b = a.neighbour(host);
        if (b.isEmpty()) {
            return (r.output().contains("bad address") ? "the name does not resolve" : "the connection failed") + nc;
        }
        ContainerHandle t = b.get();
        if (sharedNetworks(a, t).isEmpty()) {
            return "they share no network (" + membership(a, t) + ")" + nc;
        }
        return "they share " + logicalShared(a, t) + ", but the connection failed" + nc + listening(t, port);
    }

    private static String listening(ContainerHandle t, int port) {
        try {
            List<Integer> ports = NetChecks.listeningPorts(t);
            if (!ports.contains(port)) {
                return "; nothing listens on port " + port + " in " + t.name() + " (it listens on " + ports + ")";
            }
            return "; " + t.name() + " does listen on " + port;
        } catch (RuntimeException e) {
            return " (its listening ports could not be read: " + e.getMessage() + ")";
        }
    }

    private static String tail(ContainerHandle a) {
        try {
            String t = Exec.logs(Docker.get().client(), a.id(), 20);
            return t.isBlank() ? "" : "\nLast log lines of " + a.name() + ":\n" + Secrets.mask(t).stripTrailing();
        } catch (RuntimeException e) {
            return " (its logs could not be read: " + e.getMessage() + ")";
        }
    }
}
