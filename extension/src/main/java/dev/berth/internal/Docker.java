package dev.berth.internal;

import com.github.dockerjava.api.DockerClient;
import dev.berth.BerthException;
import java.net.URI;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.dockerclient.DockerClientProviderStrategy;
import org.testcontainers.dockerclient.TransportConfig;

/**
 * The single Docker client of this JVM: found the way Testcontainers finds an engine
 * (DOCKER_HOST, Docker Desktop sockets, ~/.testcontainers.properties), but without starting
 * Ryuk or helper containers, which Berth does not need: it labels and sweeps its own objects.
 */
public final class Docker {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Docker.class);

    private static volatile Docker instance;

    private final DockerClient client;
    private final URI dockerHost;
    private final boolean containerIpsReachable;

    private Docker(DockerClient client, URI dockerHost, boolean containerIpsReachable) {
        this.client = client;
        this.dockerHost = dockerHost;
        this.containerIpsReachable = containerIpsReachable;
    }

    /** The shared client, connected on first use; a missing engine is a {@link BerthException}. */
    public static Docker get() {
        Docker local = instance;
        if (local == null) {
            synchronized (Docker.class) {
                local = instance;
                if (local == null) {
                    local = connect();
                    instance = local;
                    try {
                        RunRecord.start(local.client, Config.fromSystemProperties());
                    } catch (BerthException e) {
                        LOG.warn("{} Objects of this run cannot be swept should it die; they will be reported instead.",
                                e.getMessage());
                    }
                    ShutdownCleanup.install();
                    Sweeper.sweepDeadRunsOnce(local);
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
        String scheme = dockerHost.getScheme();
        if ("tcp".equals(scheme) || "http".equals(scheme) || "https".equals(scheme)) {
            return dockerHost.getHost();
        }
        return "127.0.0.1";
    }

    /**
     * True when this JVM can open connections to container IPs directly (a Linux engine on this
     * host); false for Docker Desktop and remote engines, where a probe container is used.
     */
    public boolean containerIpsReachable() {
        return containerIpsReachable;
    }

    private static Docker connect() {
        TransportConfig transport;
        try {
            transport = DockerClientFactory.instance().getTransportConfig();
        } catch (RuntimeException e) {
            throw new BerthException(
                    "Berth found no Docker engine: " + e.getMessage()
                            + ". Start Docker (Docker Desktop, or 'sudo dockerd'/'systemctl start docker'),"
                            + " or set DOCKER_HOST; on Debian, scripts/ensure-docker.sh installs and starts one.",
                    e);
        }
        // Testcontainers' own client factory for that transport (API 1.44, zerodep HTTP client)
        DockerClient client = DockerClientProviderStrategy.getClientForConfig(transport);
        String os;
        try {
            os = String.valueOf(client.infoCmd().exec().getOperatingSystem());
        } catch (RuntimeException e) {
            throw new BerthException("The Docker engine at " + transport.getDockerHost()
                    + " does not answer (" + e.getMessage() + "). Is dockerd running, with API >= 1.44?", e);
        }
        String scheme = transport.getDockerHost().getScheme();
        boolean local = "unix".equals(scheme)
                && System.getProperty("os.name", "").toLowerCase().contains("linux")
                && !os.contains("Docker Desktop");
        return new Docker(client, transport.getDockerHost(), local);
    }
}
