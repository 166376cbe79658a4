package dev.berth.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.ContainerNetwork;
import com.github.dockerjava.api.model.HealthCheck;
import dev.berth.BerthException;
import dev.berth.ExecResult;
import dev.berth.internal.Specs.WaitSpec;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import org.apiguardian.api.API;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.awaitility.pollinterval.IterativePollInterval;

/** Readiness conditions of {@code @WaitFor}, polled with Awaitility until they hold. */
@API(status = INTERNAL, since = "0.1")
public final class Waits {


    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Waits.class);

    private Waits() {
    }

    /**
     * Waits for every condition of the container's spec, failing fast when it exits; a container
     * without conditions must stay up for the start-up settle, waited for here.
     */
    public static void awaitReady(ContainerHandle c) {
        awaitConditions(c);
        if (c.spec().waits().isEmpty()) {
            settle(c, false);
        }
    }

    /**
     * Waits for every condition of the container's spec like {@link #awaitReady}; a container without
     * conditions is not waited for: its start-up settle runs in the background from now on, and its
     * outcome is joined by {@link ContainerHandle#awaitSettled()} (the extension does at the first test
     * boundary, a failed check on the container does too).
     */
    public static void awaitReadyDeferringSettle(ContainerHandle c) {
        awaitConditions(c);
        if (c.spec().waits().isEmpty()) {
            c.settleInBackground(() -> settle(c, true));
        }
    }

    private static void awaitConditions(ContainerHandle c) {
        for (WaitSpec w : c.spec().waits()) {
            await(c, w);
        }
    }

    /**
     * The start-up settle: a wrong command exits a few ms after start, and right after start the
     * container still reads "running", so look for a short while instead of once. In the background,
     * the window ends early when Berth needs the verdict (a test boundary, a stop, a failed check): one
     * more look, then the verdict is the state at that moment.
     */
    static void settle(ContainerHandle c, boolean inBackground) {
        long settleUntil = System.nanoTime() + STARTUP_SETTLE.toNanos();
        boolean cut = false;
        while (true) {
            InspectContainerResponse.ContainerState state;
            try {
                state = c.inspect().getState();
            } catch (BerthException e) {
                if (c.removedOrBeingRemoved()) {
                    return; // removed while the settle ran (in the background: by the test): its later uses say so
                }
                throw e;
            } catch (RuntimeException engineError) {
                if (!inBackground) {
                    throw engineError;
                }
                // In the background the test already runs and may stop the engine itself (a swarm node it takes
                // down). An engine that stops answering says nothing about how the container started, so it is not
                // reported as an exit at start; the container's next use, or the teardown, names the engine. The
                // outcome is then the same whether the test outran the window or not.
                LOG.debug("Start-up check of container {} ended early: its engine did not answer ({})", c.name(),
                        EngineMessage.of(engineError));
                return;
            }
            if (!Boolean.TRUE.equals(state.getRunning())) {
                if ("exited".equals(state.getStatus()) && Long.valueOf(0).equals(state.getExitCodeLong())) {
                    return; // a one-shot job (exit 0) is allowed; tests assert on its exit code and output
                }
                if (c.removedOrBeingRemoved()) {
                    return; // a forced removal kills it first (exit 137): not an exit of its own
                }
                ensureRunning(c, "starting");
            }
            if (cut) {
                return; // the last look, taken when Berth needed the verdict
            }
            long left = settleUntil - System.nanoTime();
            if (left <= 0) {
                return;
            }
            Duration pause = Duration.ofNanos(Math.min(SETTLE_POLL.toNanos(), left));
            if (inBackground) {
                cut = pauseUnlessCut(c, pause);
            } else {
                sleep(pause);
            }
        }
    }

    /** The background settle's pause: true when Berth needs the verdict before it ends. */
    private static boolean pauseUnlessCut(ContainerHandle c, Duration pause) {
        try {
            return c.settleCutWithin(pause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BerthException("Interrupted while checking that a container stays up after start", e);
        }
    }

    /** How long a container without readiness conditions must stay up after start to count as started. */
    private static final Duration STARTUP_SETTLE = Duration.ofMillis(150);
    private static final Duration SETTLE_POLL = Duration.ofMillis(50);

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BerthException("Interrupted while checking that a container stays up after start", e);
        }
    }

    /**
     * Pauses between readiness polls: 10, 20, 40, 80, 160 ms, then every 250 ms (polls at 0, 10, 30,
     * 70, 150, 310, 560 ms...). Before, 50 ms doubling to 400 ms polled at 0, 50, 150, 350, 750 ms: a
     * service ready after 360 ms was seen at 750 ms.
     */
    private static final Duration FIRST_POLL = Duration.ofMillis(10);
    private static final Duration MAX_POLL = Duration.ofMillis(250);

    private static Duration nextPoll(Duration previous) {
        Duration doubled = previous.multipliedBy(2);
        return doubled.compareTo(MAX_POLL) > 0 ? MAX_POLL : doubled;
    }

    private static void await(ContainerHandle c, WaitSpec w) {
        AtomicReference<String> lastObservation = new AtomicReference<>("nothing observed yet");
        try {
            Awaitility.await("container " + c.name() + ": " + w.describe())
                    .atMost(w.timeout())
                    .pollDelay(Duration.ZERO)
                    // Awaitility applies the function to the start value for the first pause too
                    .pollInterval(IterativePollInterval.iterative(Waits::nextPoll, FIRST_POLL.dividedBy(2)))
                    .until(() -> {
                        // one inspect per poll: it tells both whether the container still runs and its address
                        InspectContainerResponse inspected = c.inspect();
                        ensureRunning(c, inspected, "waiting for " + w.describe());
                        return holds(c, w, inspected, lastObservation);
                    });
        } catch (ConditionTimeoutException e) {
            throw new BerthException("Container " + c.name() + " (" + c.image() + ") was not ready after "
                    + w.timeout().toMillis() + " ms: waited for " + w.describe() + "; last observed: " + lastObservation.get()
                    + ". Fix the container, or raise the timeout (" + (c.spec().origin().programmatic() ? "waitFor(w -> w.timeout(...))" : "@WaitFor(timeout = ...)")
                    + " or " + Config.WAIT_TIMEOUT + ")."
                    + lastLogs(c));
        }
    }

    static void ensureRunning(ContainerHandle c, String phase) {
        ensureRunning(c, c.inspect(), phase);
    }

    private static void ensureRunning(ContainerHandle c, InspectContainerResponse inspected, String phase) {
        InspectContainerResponse.ContainerState state = inspected.getState();
        if (!Boolean.TRUE.equals(state.getRunning())) {
            throw new BerthException("Container " + c.name() + " (" + c.image() + ") exited with code "
                    + state.getExitCodeLong() + " while " + phase
                    + (state.getError() == null || state.getError().isEmpty() ? "" : " (" + state.getError() + ")")
                    + ". Check its command and environment." + lastLogs(c));
        }
    }

    static String lastLogs(ContainerHandle c) {
        try {
            String tail = Exec.logs(c.docker().client(), c.id(), c.config().logLines());
            String masked = Secrets.mask(tail);
            return masked.isBlank() ? " It wrote no output." : "\nLast " + c.config().logLines() + " log lines of " + c.name() + ":\n" + masked.stripTrailing();
        } catch (RuntimeException e) {
            return " (its logs could not be read: " + EngineMessage.of(e) + ")";
        }
    }

    private static boolean holds(ContainerHandle c, WaitSpec w, InspectContainerResponse inspected, AtomicReference<String> seen) {
        switch (w.kind()) {
            case PORT:
                return portOpen(c, inspected, w.port(), seen);
            case HTTP:
                return httpStatus(c, inspected, w.port(), w.path(), seen).map(s -> s == w.status()).orElse(false);
            case LOG: {
                Pattern p = Pattern.compile(w.logPattern());
                for (String line : c.logs().split("\n")) {
                    if (p.matcher(line).find()) {
                        return true;
                    }
                }
                seen.set("no matching line yet");
                return false;
            }
            case HEALTHY: {
                var health = inspected.getState().getHealth();
                if (health == null) {
                    throw new BerthException("Container " + c.name() + ": @WaitFor(healthy = true) but image " + c.image()
                            + " defines no HEALTHCHECK. Add one to the image, or wait for a port, log line or command instead.");
                }
                if ("healthy".equals(health.getStatus())) {
                    return true;
                }
                // Docker runs the test only every start interval (or interval): run the same test now, as Docker
                // would, and count its first success like Docker does. One run at a time: this poll waits for it.
                Optional<String> notYet = runHealthTest(c, inspected);
                if (Thread.currentThread().isInterrupted()) {
                    return false; // the wait timed out during this run: keep the last run's outcome as what was observed
                }
                notYet.ifPresent(seen::set);
                return notYet.isEmpty();
            }
            case COMMAND: {
                ExecResult r = Exec.run(c.docker().client(), c.id(), "container " + c.name(), w.timeout(), w.command());
                seen.set("exit code " + r.exitCode() + (r.stderr().isBlank() ? "" : ", stderr: " + r.stderr().strip()));
                return r.exitCode() == 0;
            }
            default:
                throw new IllegalStateException(w.kind().toString());
        }
    }

    /**
     * Runs the container's configured health test once, as Docker runs it, and returns nothing when it
     * passed (exit 0), else what was observed: Docker marks a container healthy on the first success
     * too, so a pass here means what Docker's next probe will say. Used by the healthy wait and by
     * {@code isHealthy()} while Docker still says "starting".
     */
    public static Optional<String> runHealthTest(ContainerHandle c, InspectContainerResponse inspected) {
        var health = inspected.getState().getHealth();
        String status = "health status " + (health == null ? "none" : health.getStatus());
        HealthCheck check = inspected.getConfig() == null ? null : inspected.getConfig().getHealthcheck();
        Optional<List<String>> command = healthTestCommand(check == null ? null : check.getTest());
        if (command.isEmpty()) {
            return Optional.of(status);
        }
        Duration timeout = healthTestTimeout(check.getTimeout());
        try {
            ExecResult r = Exec.run(c.docker().client(), c.id(), "container " + c.name(), timeout, command.get());
            if (r.exitCode() == 0) {
                return Optional.empty();
            }
            String output = (r.stdout() + r.stderr()).strip();
            return Optional.of(status + "; the image's health test run by Berth exited with code " + r.exitCode()
                    + (output.isEmpty() ? "" : ", output: " + Secrets.mask(output)));
        } catch (BerthException e) {
            // a run that did not finish within the healthcheck's timeout is "not yet", as it is for Docker
            return Optional.of(status + "; the image's health test run by Berth: " + Secrets.mask(e.getMessage()));
        }
    }

    /** Docker's default healthcheck timeout, used when the image sets none. */
    private static final Duration DEFAULT_HEALTH_TIMEOUT = Duration.ofSeconds(30);

    /**
     * The command that runs a container's configured health test as an exec, as Docker runs it:
     * {@code ["CMD", args...]} runs the arguments (no shell needed), {@code ["CMD-SHELL", cmd]} runs
     * {@code /bin/sh -c cmd} (Docker's default shell; the image's {@code SHELL} is not in the inspected config); {@code ["NONE"]}, an empty or absent test gives nothing to run.
     */
    static Optional<List<String>> healthTestCommand(List<String> test) {
        if (test == null || test.isEmpty()) {
            return Optional.empty();
        }
        switch (test.get(0)) {
            case "CMD":
                return test.size() > 1 ? Optional.of(List.copyOf(test.subList(1, test.size()))) : Optional.empty();
            case "CMD-SHELL":
                if (test.size() < 2) {
                    return Optional.empty();
                }
                List<String> shell = new ArrayList<>(List.of("/bin/sh", "-c")); // Docker's default shell on Linux
                shell.addAll(test.subList(1, test.size()));
                return Optional.of(List.copyOf(shell));
            default:
                return Optional.empty(); // "NONE", or a form Docker itself does not run
        }
    }

    /** The healthcheck's timeout (nanoseconds in the inspected config; 0 or absent: Docker's default of 30 s). */
    static Duration healthTestTimeout(Long nanos) {
        return nanos == null || nanos <= 0 ? DEFAULT_HEALTH_TIMEOUT : Duration.ofNanos(nanos);
    }

    /** A direct address from this JVM to the container, when the engine is local and the network routable. */
    static Optional<String> directAddress(ContainerHandle c, InspectContainerResponse inspected) {
        if (!c.docker().profile().containerIpsRoutable(c.config().containerIps())) {
            return Optional.empty();
        }
        Map<String, ContainerNetwork> nets = inspected.getNetworkSettings().getNetworks();
        if (nets == null) {
            return Optional.empty();
        }
        for (Map.Entry<String, ContainerNetwork> e : nets.entrySet()) {
            boolean internal = c.networkHandles().values().stream()
                    .anyMatch(n -> n.dockerName().equals(e.getKey()) && n.isInternal());
            String ip = e.getValue().getIpAddress();
            if (!internal && ip != null && !ip.isEmpty()) {
                return Optional.of(ip);
            }
        }
        return Optional.empty();
    }

    /** {@code inspected}: a fresh inspect of {@code c}, the one the poll checked it runs with. */
    static boolean portOpen(ContainerHandle c, InspectContainerResponse inspected, int port, AtomicReference<String> seen) {
        Optional<String> ip = directAddress(c, inspected);
        if (ip.isPresent()) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(ip.get(), port), 500);
                return true;
            } catch (IOException e) {
                seen.set(ip.get() + ":" + port + " refused (" + EngineMessage.of(e) + ")");
                return false;
            }
        }
        ExecResult r = c.probe("nc -w 1 127.0.0.1 " + port + " </dev/null", Duration.ofSeconds(10));
        seen.set("probe: nc 127.0.0.1:" + port + " exit " + r.exitCode());
        return r.exitCode() == 0;
    }

    static Optional<Integer> httpStatus(ContainerHandle c, InspectContainerResponse inspected, int port, String path,
                                        AtomicReference<String> seen) {
        Optional<String> ip = directAddress(c, inspected);
        if (ip.isPresent()) {
            try {
                HttpURLConnection http = (HttpURLConnection) URI.create("http://" + ip.get() + ":" + port + path).toURL().openConnection();
                http.setConnectTimeout(1000);
                http.setReadTimeout(5000);
                http.setInstanceFollowRedirects(false);
                int status = http.getResponseCode();
                http.disconnect();
                seen.set("HTTP " + status);
                return Optional.of(status);
            } catch (IOException e) {
                seen.set("GET http://" + ip.get() + ":" + port + path + " failed: " + e);
                return Optional.empty();
            }
        }
        // no shell: the declared path is one argument of wget, whatever characters it holds
        ExecResult r = c.probeExec(Duration.ofSeconds(10),
                java.util.List.of("timeout", "5", "wget", "-S", "-O", "/dev/null", "http://127.0.0.1:" + port + path));
        Integer status = NetChecks.lastHttpStatus(r.stdout() + r.stderr());
        seen.set(status == null ? "probe wget: " + (r.stdout() + r.stderr()).strip() : "HTTP " + status);
        return Optional.ofNullable(status);
    }
}
