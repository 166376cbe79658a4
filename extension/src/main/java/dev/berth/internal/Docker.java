package dev.berth.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import com.github.dockerjava.api.DockerClient;
import dev.berth.BerthException;
import java.net.URI;
import java.util.Optional;
import org.apiguardian.api.API;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.dockerclient.DockerClientProviderStrategy;
import org.testcontainers.dockerclient.TransportConfig;
import org.testcontainers.utility.TestcontainersConfiguration;

/**
 * The single Docker client of this JVM: found the way Testcontainers finds an engine
 * (DOCKER_HOST, Docker Desktop sockets, ~/.testcontainers.properties), but without starting
 * Ryuk or helper containers, which Berth does not need: it labels and sweeps its own objects.
 */
@API(status = INTERNAL, since = "0.1")
public final class Docker {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Docker.class);

    private static volatile Docker instance;

    private final DockerClient client;
    private final URI dockerHost;
    /** The profile of a node's engine; null for the default engine, whose profile is {@link EngineProfile#current()}. */
    private final EngineProfile nodeProfile;
    /** The node's name in its swarm; empty for the default engine. */
    private final String nodeName;

    private Docker(DockerClient client, URI dockerHost) {
        this(client, dockerHost, null, "");
    }

    private Docker(DockerClient client, URI dockerHost, EngineProfile nodeProfile, String nodeName) {
        this.client = client;
        this.dockerHost = dockerHost;
        this.nodeProfile = nodeProfile;
        this.nodeName = nodeName;
    }

    /**
     * The engine of one node of a swarm, at {@code address} (its API) with published ports at
     * {@code portHost}: a remote engine for this JVM (its files and container IPs are not this JVM's).
     */
    public static Docker node(String name, DockerClient client, URI address, String portHost) {
        return new Docker(client, address, EngineProfile.remote(address, portHost), name);
    }

    /** The name of the swarm node this engine is, or empty for the default engine. */
    public String nodeName() {
        return nodeName;
    }

    /** The profile of this engine: a node's own, else the default engine's. */
    public EngineProfile profile() {
        return nodeProfile != null ? nodeProfile : EngineProfile.current();
    }

    /** The address of this engine's API. */
    public URI address() {
        return dockerHost;

    }

    /** The shared client, connected on first use; a missing engine is a {@link BerthException}. */
    public static Docker get() {
        Docker local = instance;
        if (local == null) {
            synchronized (Docker.class) {
                local = instance;
                if (local == null) {
                    long t0 = System.nanoTime();
                    local = connect();
                    long t1 = System.nanoTime();
                    // the run record starts in the background: nothing waits for it but what writes to it (a line
                    // naming an object waits until the record is up, so nothing is created before the record can name
                    // it) and what creates without a line (it waits explicitly, RunRecord.awaitStarted); the reuse lock
                    // needs neither, its liveness is its run's record's or, while none exists yet, its age (Reuse)
                    long[] recordDone = new long[1];
                    long[] published = new long[1];
                    java.util.concurrent.atomic.AtomicInteger toGo = new java.util.concurrent.atomic.AtomicInteger(2);
                    Runnable trace = () -> {
                        if (toGo.decrementAndGet() == 0) { // the record is up and the engine handed out, in either order
                            PhaseTrace.firstContact((t1 - t0) / 1e6, (recordDone[0] - t1) / 1e6, (published[0] - t1) / 1e6);
                        }
                    };
                    RunRecord.startInBackground(local.client, Config.fromSystemProperties(), () -> {
                        recordDone[0] = System.nanoTime();
                        trace.run();
                    });
                    ShutdownCleanup.install();
                    try {
                        // the sweep skips this run (by its run id, with or without its record) and removes only what a
                        // dead run's record lists, so nothing of this run
                        Sweeper.sweepDeadRunsOnce(local);
                    } finally {
                        // published only now: another thread (a parallel class, the early contact) that asks meanwhile
                        // waits here, so nothing is adopted while a sweep may still be removing the dead run's leftovers
                        instance = local;
                        published[0] = System.nanoTime();
                        trace.run();
                    }
                }
            }
        }
        return local;
    }

    public DockerClient client() {
        return client;
    }

    /** The host name tests use to reach published ports. */
    public String publishedPortHost() {
        return profile().publishedPortHost();
    }

    /** How to get an engine, for every message that says there is none. */
    static final String HOW_TO_GET_ONE = "Start Docker (Docker Desktop, or 'systemctl start docker' / 'sudo dockerd' on Linux),"
            + " or point DOCKER_HOST (or docker.host in ~/.testcontainers.properties) at a running engine";

    /**
     * Why no engine answers, or empty when one does: connects on first call (as {@link #get()}
     * does) and remembers the answer for this JVM, for conditions that skip tests without an engine.
     */
    public static Optional<String> unavailableReason() {
        String known = unavailable;
        if (known != null) {
            return known.isEmpty() ? Optional.empty() : Optional.of(known);
        }
        synchronized (Docker.class) {
            if (unavailable == null) {
                try {
                    get();
                    unavailable = "";
                } catch (BerthException e) {
                    unavailable = e.getMessage();
                }
            }
            return unavailable.isEmpty() ? Optional.empty() : Optional.of(unavailable);
        }
    }

    private static volatile String unavailable;

    private static Docker connect() {
        TransportConfig transport;
        try {
            transport = DockerClientFactory.instance().getTransportConfig();
        } catch (RuntimeException e) {
            throw new BerthException("Berth found no Docker engine (" + e.getMessage() + "). " + HOW_TO_GET_ONE + ".", e);
        }
        // Testcontainers falls back on the local socket when the engine that DOCKER_HOST (or docker.host)
        // names does not answer; Berth never runs on an engine the user did not choose
        String chosen = TestcontainersConfiguration.getInstance().getEnvVarOrUserProperty("docker.host", null);
        if (chosen != null && !chosen.isBlank() && !sameAddress(chosen.trim(), transport.getDockerHost())) {
            throw new BerthException("Berth found no Docker engine at " + chosen.trim()
                    + " (DOCKER_HOST or docker.host in ~/.testcontainers.properties): nothing answers there."
                    + " Berth does not fall back on another engine (" + transport.getDockerHost() + " answers) so that tests"
                    + " never run on an engine you did not choose. Start the engine at " + chosen.trim()
                    + ", or unset DOCKER_HOST to use the local one.");
        }
        // Testcontainers' own client factory for that transport (API 1.44, zerodep HTTP client)
        DockerClient client = DockerClientProviderStrategy.getClientForConfig(transport);
        try {
            client.infoCmd().exec(); // answers, and speaks an API this client understands
        } catch (RuntimeException e) {
            throw new BerthException("The Docker engine at " + transport.getDockerHost()
                    + " does not answer (" + e.getMessage() + "). Is dockerd running, with API >= 1.44?", e);
        }
        return new Docker(client, transport.getDockerHost());
    }

    private static boolean sameAddress(String chosen, URI used) {
        try {
            URI wanted = URI.create(chosen);
            return wanted.normalize().equals(used.normalize())
                    || (String.valueOf(wanted.getScheme()).equals(used.getScheme()) && wanted.getPort() == used.getPort()
                    && String.valueOf(wanted.getHost()).equalsIgnoreCase(String.valueOf(used.getHost()))
                    && String.valueOf(wanted.getPath()).equals(String.valueOf(used.getPath())));
        } catch (IllegalArgumentException notAUri) {
            return chosen.equals(used.toString());
        }
    }
}
