package dev.berth.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Info;
import com.github.dockerjava.api.model.Network;
import dev.berth.BerthException;
import org.apiguardian.api.API;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.dockerclient.TransportConfig;
import org.testcontainers.utility.TestcontainersConfiguration;

/**
 * What Berth may assume about the engine its Java client talks to, decided once per engine
 * (see docs/engines.md):
 * <ul>
 *   <li>the environment every {@code docker} process Berth starts gets, so that {@code docker compose}
 *       and {@code docker build} talk to the same engine as the Java client;</li>
 *   <li>the host where published ports are reached (Testcontainers' resolution, which honours
 *       {@code TESTCONTAINERS_HOST_OVERRIDE} and the in-container gateway);</li>
 *   <li>whether published ports bind to 127.0.0.1 (only when the engine's host network is this JVM's);</li>
 *   <li>whether container IPs are routable from the JVM, and whether the engine sees the JVM's files.</li>
 * </ul>
 */
@API(status = INTERNAL, since = "0.1")
public final class EngineProfile {

    /** Values of {@link Config#CONTAINER_IPS}. */
    public enum ContainerIps { AUTO, DIRECT, PROBE }

    private static volatile EngineProfile current;

    private final URI dockerHost;
    private final String kind;
    private final boolean jvmOnEngineHost;
    private final boolean desktop;
    private final boolean rootless;
    private final boolean podman;
    private final String publishedPortHost;
    private final Map<String, String> cliEnvironment;

    EngineProfile(URI dockerHost, boolean jvmOnEngineHost, boolean desktop, boolean rootless, boolean podman,
                  String publishedPortHost, Map<String, String> cliEnvironment) {
        this.dockerHost = dockerHost;
        this.jvmOnEngineHost = jvmOnEngineHost;
        this.desktop = desktop;
        this.rootless = rootless;
        this.podman = podman;
        this.publishedPortHost = publishedPortHost;
        this.cliEnvironment = Collections.unmodifiableMap(cliEnvironment);
        this.kind = !jvmOnEngineHost ? "remote" : podman ? "podman" : rootless ? "rootless" : desktop ? "desktop" : "local";
    }

    /** The profile of the engine {@link Docker#get()} talks to, decided on first use. */
    public static EngineProfile current() {
        EngineProfile p = current;
        if (p == null) {
            synchronized (EngineProfile.class) {
                p = current;
                if (p == null) {
                    p = of(Docker.get().client(), DockerClientFactory.instance().getTransportConfig());
                    current = p;
                }
            }
        }
        return p;
    }

    /** A remote engine at {@code host} (a swarm node), with its published ports at {@code portHost}. */
    static EngineProfile remote(URI host, String portHost) {
        return new EngineProfile(host, false, false, false, false, portHost, cliEnvironment(host));
    }

    static EngineProfile of(DockerClient client, TransportConfig transport) {
        URI host = transport.getDockerHost();
        Info info;
        try {
            info = client.infoCmd().exec();
        } catch (RuntimeException e) {
            throw new BerthException("The Docker engine at " + host + " does not answer (" + e.getMessage() + ")", e);
        }
        String os = String.valueOf(info.getOperatingSystem());
        boolean desktop = os.contains("Docker Desktop");
        boolean rootless = info.getSecurityOptions() != null
                && info.getSecurityOptions().stream().anyMatch(o -> o.contains("rootless"));
        boolean podman = os.toLowerCase(Locale.ROOT).contains("podman") || isPodman(client);
        boolean onHost = jvmOnEngineHost(client, host);
        String override = System.getenv("TESTCONTAINERS_HOST_OVERRIDE");
        String portHost;
        if (override != null && !override.isBlank() && !(onHost && isLoopback(override.trim()))) {
            portHost = override.trim();
        } else if (onHost && !desktop) {
            // the engine's host network is this JVM's: ports bound to 127.0.0.1 are reached there
            // (also when TESTCONTAINERS_HOST_OVERRIDE names this machine's loopback: "localhost" may resolve to ::1 first)
            portHost = "127.0.0.1";
        } else {
            // Testcontainers' own resolution: the tcp host, the in-container gateway, or localhost
            portHost = DockerClientFactory.instance().dockerHostIpAddress();
        }
        return new EngineProfile(host, onHost, desktop, rootless, podman, portHost, cliEnvironment(host));
    }

    private static boolean isPodman(DockerClient client) {
        try {
            var components = client.versionCmd().exec().getComponents();
            return components != null && components.stream().anyMatch(c -> String.valueOf(c.getName()).contains("Podman"));
        } catch (RuntimeException e) {
            throw new BerthException("The Docker engine does not answer its version (" + e.getMessage() + ")", e);
        }
    }

    /**
     * True when the engine runs on this JVM's machine and network namespace: a local socket (or a
     * loopback TCP address), and either no container around this JVM ({@code /.dockerenv}) or the
     * engine's bridge gateway is one of this machine's own addresses (the JVM shares the engine's host
     * network). False for remote engines and for a JVM in a container that only has the host's socket.
     */
    static boolean jvmOnEngineHost(DockerClient client, URI host) {
        String scheme = String.valueOf(host.getScheme());
        boolean localSocket = scheme.equals("unix") || scheme.equals("npipe");
        if (!localSocket) {
            return isLoopback(host.getHost());
        }
        if (!Files.exists(Path.of("/.dockerenv"))) {
            return true;
        }
        Network bridge;
        try {
            bridge = client.inspectNetworkCmd().withNetworkId("bridge").exec();
        } catch (RuntimeException noBridge) {
            return false; // Podman and some engines have no "bridge" network: nothing shows a shared network
        }
        List<String> gateways = bridge.getIpam() == null || bridge.getIpam().getConfig() == null ? List.of()
                : bridge.getIpam().getConfig().stream().map(Network.Ipam.Config::getGateway).filter(Objects::nonNull).toList();
        return gateways.stream().anyMatch(EngineProfile::isOwnAddress);
    }

    private static boolean isLoopback(String host) {
        if (host == null) {
            return false;
        }
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }

    private static boolean isOwnAddress(String ip) {
        try {
            return NetworkInterface.getByInetAddress(InetAddress.getByName(ip)) != null;
        } catch (SocketException | java.net.UnknownHostException e) {
            return false;
        }
    }

    /**
     * DOCKER_HOST of the engine the Java client uses, with its TLS settings, for every {@code docker} CLI
     * process: Testcontainers may have found it in {@code ~/.testcontainers.properties}, which the CLI does
     * not read. DOCKER_CONTEXT is dropped: DOCKER_HOST names the engine explicitly.
     */
    static Map<String, String> cliEnvironment(URI host) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("DOCKER_HOST", host.toString());
        TestcontainersConfiguration tc = TestcontainersConfiguration.getInstance();
        String verify = tc.getEnvVarOrUserProperty("docker.tls.verify", null);
        String certs = tc.getEnvVarOrUserProperty("docker.cert.path", null);
        if (verify != null && !verify.isBlank() && !verify.trim().equals("0") && !verify.trim().equalsIgnoreCase("false")) {
            env.put("DOCKER_TLS_VERIFY", "1");
        }
        if (certs != null && !certs.isBlank()) {
            env.put("DOCKER_CERT_PATH", certs.trim());
        }
        return env;
    }

    /** Puts this engine's address into the environment of a {@code docker} process about to start. */
    public void applyTo(Map<String, String> processEnvironment) {
        processEnvironment.remove("DOCKER_CONTEXT");
        processEnvironment.remove("DOCKER_TLS_VERIFY");
        processEnvironment.remove("DOCKER_CERT_PATH");
        processEnvironment.putAll(cliEnvironment);
    }

    public URI dockerHost() {
        return dockerHost;
    }

    /** local, desktop, rootless, podman or remote: what the decisions below were made from. */
    public String kind() {
        return kind;
    }

    /** The host name or address where this JVM reaches published ports. */
    public String publishedPortHost() {
        return publishedPortHost;
    }

    /**
     * The address published ports bind to when a declaration names none: 127.0.0.1 when the engine's
     * host network is this JVM's (nothing else on the network reaches test services), otherwise empty:
     * the engine's default (all interfaces), because on a remote engine, or behind the in-container
     * gateway, a port bound to the engine's loopback cannot be reached from this JVM at all.
     */
    public String defaultBindAddress() {
        boolean loopbackHost = isLoopback(publishedPortHost);
        return jvmOnEngineHost && loopbackHost ? "127.0.0.1" : "";
    }

    /** Whether the engine can see this JVM's files, so a bind mount of a project path shows them. */
    public boolean seesJvmFiles() {
        return jvmOnEngineHost;
    }

    /**
     * Whether waits and checks may open connections to container IPs from this JVM: only with a
     * rootful Linux engine on this JVM's machine ({@code auto}); never on remote, rootless, Podman and
     * Docker Desktop engines, whose container networks are not routed to the JVM's host.
     */
    public boolean containerIpsRoutable(ContainerIps setting) {
        return switch (setting) {
            case DIRECT -> true;
            case PROBE -> false;
            case AUTO -> jvmOnEngineHost && !desktop && !rootless && !podman
                    && System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux");
        };
    }

    static ContainerIps parseContainerIps(String value) {
        return Arrays.stream(ContainerIps.values()).filter(v -> v.name().equalsIgnoreCase(value.trim())).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("expected 'auto', 'direct' or 'probe'"));
    }

    @Override
    public String toString() {
        return kind + " engine at " + dockerHost + " (published ports at " + publishedPortHost + ")";
    }
}
