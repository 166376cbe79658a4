package dev.berth.assertions;

import static org.apiguardian.api.API.Status.STABLE;

import dev.berth.BerthContainer;
import dev.berth.internal.ContainerProbe;
import dev.berth.internal.NetChecks;
import dev.berth.internal.NetChecks.Check;
import dev.berth.internal.NetChecks.Connect;
import dev.berth.internal.NetChecks.Resolve;
import dev.berth.internal.Probes;
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
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.apiguardian.api.API;
import org.assertj.core.api.AbstractAssert;
import org.assertj.core.api.AbstractSoftAssertions;

/**
 * Assertions on a container: what it can resolve and reach from its own network namespace, what
 * the host can reach of it, its HTTP answers, its files, and its state.
 *
 * <p>Checks from a container run inside it when its image has {@code sh}, {@code nslookup},
 * {@code nc} and {@code timeout}; otherwise in a small probe container that shares its network
 * namespace, so a {@code FROM scratch} image is checked the same way. A check that could not run
 * raises {@link dev.berth.BerthException}, never an {@link AssertionError}.
 *
 * <p>One class for one subject, as AssertJ does: long because the subject has many checks; each
 * method states its expectation and message, and the Docker probing and failure explanations are
 * in {@code dev.berth.internal.ContainerProbe}.
 */
@API(status = STABLE, since = "0.1")
public class ContainerAssert extends AbstractAssert<ContainerAssert, BerthContainer> {

    // Extending AssertJ's self-typed AbstractAssert is AssertJ's own pattern (and what makes as(...),
    // withFailMessage(...) and soft assertions work); Berth's own API declares no self-typed generics.
    // Not final, with a protected constructor: AssertJ's soft-assertion proxies are subclasses made at
    // run time.

    private static final Duration CHECK_TIMEOUT = Duration.ofSeconds(2);

    private Duration within = Duration.ZERO;
    /** The soft assertions this assert belongs to (they collect its failures), or null. */
    AbstractSoftAssertions soft;

    /**
     * Creates the assertions on a container; use {@code BerthAssertions.assertThat(container)} or
     * {@code BerthSoftAssertions}.
     */
    protected ContainerAssert(BerthContainer actual) {
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

    private ContainerProbe probe() {
        isNotNull();
        return Probes.container(actual);
    }

    /**
     * Runs a wiring check (with the patience set by {@link #within}) and records its outcome in the
     * log of the environment the container belongs to, which the pictures draw as an edge; a check
     * that could not run (BerthException) records nothing.
     */
    private void checked(ContainerProbe a, String target, int port, CheckLog.Kind kind, Runnable check) {
        // membership and isolation are checked once: they never waited for patience
        boolean once = kind == CheckLog.Kind.SHARES_NETWORK || kind == CheckLog.Kind.ISOLATED_FROM;
        try {
            Patience.check(once ? Duration.ZERO : within, check);
        } catch (Unmet failed) {
            a.checkLog().record(a.name(), target, port, kind, false, Secrets.mask(failed.getMessage()));
            throw reported(failed);
        }
        a.checkLog().record(a.name(), target, port, kind, true, "");
    }

    private static Unmet unmet(String message) {
        return new Unmet(message);
    }

    /**
     * Reports what did not hold through AbstractAssert's own failure methods, so that
     * {@code as(...)}, {@code withFailMessage(...)} and soft assertions work as with any AssertJ assert.
     */
    private AssertionError reported(Unmet unmet) {
        // the container may have exited while the test ran its first checks: say so (the settle is joined here)
        return assertionError(new BerthFailure(unmet.getMessage() + Probes.container(actual).exitedAtStart()));
    }

    /** Runs a check (again and again, with the patience set by {@code within}) and reports it the AssertJ way. */
    private void verify(Duration patience, Runnable check) {
        try {
            Patience.check(patience, check);
        } catch (Unmet unmet) {
            throw reported(unmet);
        }
    }

    // ---------------------------------------------------------------- DNS

    /** Verifies that the name resolves from inside this container. */
    public ContainerAssert canResolve(String name) {
        ContainerProbe a = probe();
        checked(a, name, 0, CheckLog.Kind.RESOLVES, () -> {
            NetChecks.Result r = a.resolve(name);
            if (!r.ok()) {
                throw unmet(a.name() + " cannot resolve \"" + name + "\": " + a.whyNotResolved(name) + ContainerProbe.nslookupSays(r));
            }
        });
        return this;
    }

    /** Verifies that the name does not resolve from inside this container (isolation, wrong alias). */
    public ContainerAssert cannotResolve(String name) {
        ContainerProbe a = probe();
        checked(a, name, 0, CheckLog.Kind.DOES_NOT_RESOLVE, () -> {
            NetChecks.Result r = a.resolve(name);
            if (r.ok()) {
                throw unmet("Expecting " + a.name() + " not to resolve \"" + name + "\" but it resolves to " + r.addresses()
                        + a.whoHas(name));
            }
        });
        return this;
    }

    /**
     * Verifies that the name resolves, from inside this container, to the target's address on a
     * network they share.
     */
    public ContainerAssert resolvesTo(String name, BerthContainer target) {
        ContainerProbe a = probe();
        ContainerProbe b = Probes.container(target);
        checked(a, name, 0, CheckLog.Kind.RESOLVES, () -> {
            NetChecks.Result r = a.resolve(name);
            if (!r.ok()) {
                throw unmet(a.name() + " cannot resolve \"" + name + "\": " + a.whyNotResolved(name) + ContainerProbe.nslookupSays(r));
            }
            List<String> shared = a.sharedNetworks(b);
            List<String> expected = new ArrayList<>();
            Map<String, String> addresses = b.addresses();
            for (String net : shared) {
                expected.add(addresses.get(net));
            }
            if (expected.stream().noneMatch(r.addresses()::contains)) {
                throw unmet("Expecting \"" + name + "\" to resolve from " + a.name() + " to the address of " + b.name()
                        + " on a shared network " + (shared.isEmpty() ? "(they share none: " + a.membership(b) + ")" : expected)
                        + " but it resolves to " + r.addresses() + a.whoHas(name));
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
        ContainerProbe a = probe();
        checked(a, host, port, CheckLog.Kind.REACHES, () -> {
            NetChecks.Result r = a.connect(host, port);
            if (!r.ok()) {
                throw unmet(a.name() + " cannot reach " + host + ":" + port + ": " + a.whyNotReached(host, port, r));
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
        ContainerProbe a = probe();
        checked(a, host, port, CheckLog.Kind.DOES_NOT_REACH, () -> {
            NetChecks.Result r = a.connect(host, port);
            if (r.ok()) {
                throw unmet("Expecting " + a.name() + " not to reach " + host + ":" + port + " but the connection succeeded"
                        + a.sharedWith(host));
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
        ContainerProbe a = probe();
        NetworkChecks batch = new NetworkChecks();
        checks.accept(batch);
        List<NetworkChecks.Expectation> exp = batch.expectations();
        if (exp.isEmpty()) {
            throw new IllegalArgumentException("passesNetworkChecks was given no checks");
        }
        verify(within, () -> {
            List<Check> toRun = new ArrayList<>();
            for (NetworkChecks.Expectation e : exp) {
                toRun.add(switch (e.kind()) {
                    case RESOLVES, DOES_NOT_RESOLVE -> new Resolve(e.host());
                    case REACHES, DOES_NOT_REACH -> new Connect(e.host(), e.port());
                });
            }
            List<NetChecks.Result> results = a.run(toRun);
            List<String> failures = new ArrayList<>();
            for (int i = 0; i < exp.size(); i++) {
                NetworkChecks.Expectation e = exp.get(i);
                NetChecks.Result r = results.get(i);
                switch (e.kind()) {
                    case RESOLVES -> {
                        if (!r.ok()) {
                            failures.add("cannot resolve \"" + e.host() + "\": " + a.whyNotResolved(e.host()));
                        }
                    }
                    case DOES_NOT_RESOLVE -> {
                        if (r.ok()) {
                            failures.add("resolves \"" + e.host() + "\" to " + r.addresses() + " but should not"
                                    + a.whoHas(e.host()));
                        }
                    }
                    case REACHES -> {
                        if (!r.ok()) {
                            failures.add("cannot reach " + e.host() + ":" + e.port() + ": " + a.whyNotReached(e.host(), e.port(), r));
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
                throw unmet(failures.size() + " of " + exp.size() + " network checks from " + a.name() + " failed:\n  - "
                        + String.join("\n  - ", failures));
            }
        });
        return this;
    }

    // ---------------------------------------------------------------- networks

    /** Verifies that this container and the other are attached to at least one common network. */
    public ContainerAssert sharesNetworkWith(BerthContainer other) {
        ContainerProbe a = probe();
        ContainerProbe b = Probes.container(other);
        checked(a, b.name(), 0, CheckLog.Kind.SHARES_NETWORK, () -> {
            if (a.sharedNetworks(b).isEmpty()) {
                throw unmet("Expecting " + a.name() + " and " + b.name() + " to share a network but they share none ("
                        + a.membership(b) + ")");
            }
        });
        return this;
    }

    /**
     * Verifies that this container and the other are isolated: they share no network, and a TCP
     * connection from this one to each of the other's addresses on the port fails.
     */
    public ContainerAssert isIsolatedFrom(BerthContainer other, int port) {
        ContainerProbe a = probe();
        ContainerProbe b = Probes.container(other);
        checked(a, b.name(), port, CheckLog.Kind.ISOLATED_FROM, () -> {
            List<String> shared = a.sharedNetworks(b);
            if (!shared.isEmpty()) {
                throw unmet("Expecting " + a.name() + " to be isolated from " + b.name() + " but they share " + a.logicalShared(b));
            }
            List<Check> connects = new ArrayList<>();
            b.addresses().values().forEach(ip -> connects.add(new Connect(ip, port)));
            List<NetChecks.Result> results = a.run(connects);
            for (NetChecks.Result r : results) {
                if (r.ok()) {
                    Connect c = (Connect) r.check();
                    throw unmet("Expecting " + a.name() + " to be isolated from " + b.name() + " but it connected to "
                            + c.host() + ":" + port + " although they share no network (" + a.membership(b) + ")");
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
        ContainerProbe a = probe();
        verify(within, () -> {
            if (!a.state().running()) {
                throw unmet("Expecting port " + containerPort + " of " + a.name() + " to be reachable from the host but "
                        + a.name() + " is not running (" + a.stateDescription() + "): a stopped container publishes no port."
                        + " Start it first (start()), or check it with isRunning().");
            }
            int hostPort;
            try {
                hostPort = a.hostPort(containerPort);
            } catch (IllegalArgumentException e) {
                throw unmet("Expecting port " + containerPort + " of " + a.name() + " to be reachable from the host but "
                        + (e.getMessage().contains(" only as ") ? "it is not published as TCP: " + e.getMessage()
                        : "it is not published (EXPOSE alone does not publish a port). Add \"" + containerPort
                                + "\" to ports of its @WithContainer."));
            }
            String problem = hostConnect(a.host(), hostPort);
            if (problem != null) {
                throw unmet("Expecting port " + containerPort + " of " + a.name() + " to be reachable from the host at "
                        + a.host() + ":" + hostPort + " but " + problem + a.listening(containerPort));
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
        ContainerProbe a = probe();
        if (!a.state().running()) {
            throw reported(unmet("Expecting " + a.name() + " to serve HTTP on port " + containerPort + " to the host but " + a.name()
                    + " is not running (" + a.stateDescription() + "): a stopped container publishes no port."
                    + " Start it first (start()), or check it with isRunning()."));
        }
        int hostPort;
        try {
            hostPort = a.hostPort(containerPort);
        } catch (IllegalArgumentException e) {
            throw reported(unmet("Expecting " + a.name() + " to serve HTTP on port " + containerPort + " to the host but "
                    + (e.getMessage().contains(" only as ") ? "it is not published as TCP: " + e.getMessage()
                    : "that port is not published (EXPOSE alone does not publish). Add \"" + containerPort
                            + "\" to ports of its @WithContainer.")));
        }
        String url = "http://" + a.host() + ":" + hostPort + (path.startsWith("/") ? path : "/" + path);
        return HttpAssert.of(soft, url, () -> hostGet(url), within);
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
        ContainerProbe a = probe();
        return HttpAssert.of(soft, url + " from " + a.name(), () -> {
            NetChecks.Result r = a.http(url);
            return new HttpAssert.Answer(r.httpStatus(), r.body(), r.httpStatus() == null ? r.output() : null);
        }, within);
    }

    // ---------------------------------------------------------------- files

    /** Assertions on a path inside this container (read through the archive API; no tool needed inside). */
    public FileAssert file(String path) {
        ContainerProbe a = probe();
        return FileAssert.of(soft, path, "container " + a.name(), () -> a.file(path), within);
    }

    // ---------------------------------------------------------------- state

    /** Verifies that the container is running. */
    public ContainerAssert isRunning() {
        ContainerProbe a = probe();
        verify(within, () -> {
            ContainerProbe.State s = a.state();
            if (!s.running()) {
                throw unmet("Expecting " + a.name() + " to be running but it is " + s.status() + " (exit code "
                        + s.exitCode() + ")" + a.tail());
            }
        });
        return this;
    }

    /**
     * Verifies that the container is healthy: Docker's healthcheck reports healthy, or the image's health
     * test passes when Berth runs it now (Docker marks healthy on that success at its next probe, whatever
     * came before, and that probe may be an interval away; a healthy wait counts it the same way).
     */
    public ContainerAssert isHealthy() {
        ContainerProbe a = probe();
        verify(within, () -> {
            ContainerProbe.Health health = a.health().orElseThrow(() -> unmet("Expecting " + a.name()
                    + " to be healthy but its image " + a.image() + " defines no HEALTHCHECK"));
            // not healthy yet while the image's own test already passes: Docker says healthy at its next probe (one
            // success is enough, whatever came before), which may be an interval away; a healthy wait counts the same
            // pass, so this assertion right after it holds too
            if (!"healthy".equals(health.status()) && !a.healthTestPassesNow()) {
                throw unmet("Expecting " + a.name() + " to be healthy but it is " + health.status() + " (" + health.lastProbe() + ")");
            }
        });
        return this;
    }

    /** Verifies that the container has exited with the given code. */
    public ContainerAssert hasExitedWithCode(int code) {
        ContainerProbe a = probe();
        verify(within, () -> {
            ContainerProbe.State s = a.state();
            if (s.running()) {
                throw unmet("Expecting " + a.name() + " to have exited with code " + code + " but it is still running");
            }
            if (s.exitCode() == null || s.exitCode() != code) {
                throw unmet("Expecting " + a.name() + " to have exited with code " + code + " but it exited with "
                        + s.exitCode() + a.tail());
            }
        });
        return this;
    }

    /** Verifies that the container's output (stdout and stderr) contains the text. */
    public ContainerAssert logContains(String text) {
        ContainerProbe a = probe();
        verify(within, () -> {
            String logs = a.logs();
            if (!logs.contains(text)) {
                throw unmet("Expecting the log of " + a.name() + " to contain \"" + text + "\" but it does not" + a.tail());
            }
        });
        return this;
    }

    /** Verifies that some line of the container's output matches the regular expression. */
    public ContainerAssert logMatches(String regex) {
        ContainerProbe a = probe();
        Pattern p = Pattern.compile(regex, Pattern.MULTILINE);
        verify(within, () -> {
            if (!p.matcher(a.logs()).find()) {
                throw unmet("Expecting the log of " + a.name() + " to match /" + regex + "/ but it does not" + a.tail());
            }
        });
        return this;
    }
}
