package dev.berth.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import dev.berth.Removal;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apiguardian.api.API;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Berth's configuration keys, read from JUnit configuration parameters
 * ({@code junit-platform.properties}, {@code -D} system properties, launcher parameters).
 * Every key is documented on the configuration page of Berth's documentation.
 */
@API(status = INTERNAL, since = "0.1")
public final class Config {

    public static final String CLEANUP = "berth.cleanup";
    public static final String WAIT_TIMEOUT = "berth.wait.timeout";
    public static final String PULL_TIMEOUT = "berth.pull.timeout";
    public static final String BIND_ADDRESS = "berth.ports.bind-address";
    public static final String PROBE_IMAGE = "berth.probe.image";
    public static final String START_ORDER = "berth.container.start";
    public static final String LOG_LINES = "berth.diagnostics.log-lines";
    public static final String COMPOSE_WAIT_TIMEOUT = "berth.compose.wait-timeout";
    public static final String COMPOSE_COMMAND = "berth.compose.command";
    public static final String REGISTRY_IMAGE = "berth.registry.image";
    public static final String ENGINE_UNAVAILABLE = "berth.engine.unavailable";
    public static final String HOST_ACCESS_ALLOW = "berth.host-access.allow";
    /** auto, direct or probe: whether waits and checks dial container IPs from the JVM (see docs/engines.md). */
    public static final String CONTAINER_IPS = "berth.engine.container-ips";
    /** A directory: when set, each top-level test class writes the stable picture of its environments there. */
    public static final String DIAGRAMS_DIR = "berth.diagrams.dir";
    /** true: each environment logs the milliseconds of its phases when it is closed ({@link PhaseTrace}). */
    public static final String TRACE_PHASES = "berth.trace.phases";
    /** The image of a local swarm node ({@code @WithSwarm}). */
    public static final String SWARM_NODE_IMAGE = "berth.swarm.node-image";
    /** Whether images missing on a swarm node are copied in from the local engine. */
    public static final String SWARM_COPY_IMAGES = "berth.swarm.copy-images";
    /** A duration: how long a container on an overlay network waits for its network's names to spread to every node (default 90s). */
    public static final String SWARM_NAMES_TIMEOUT = "berth.swarm.names-timeout";
    /** true (default) or false: whether {@code @ReuseEnvironment} keeps and adopts environments in this run. */
    public static final String REUSE_ENABLED = "berth.reuse.enabled";
    /** A duration: kept environments older than this are removed instead of adopted (default 24h). */
    public static final String REUSE_MAX_AGE = "berth.reuse.max-age";
    /** A duration: how long a run waits for another run to finish with a kept environment (default 10m). */
    public static final String REUSE_LOCK_TIMEOUT = "berth.reuse.lock-timeout";
    /** true (default) or false: whether the engine is contacted when JUnit starts a test plan that holds a Berth class ({@link EarlyContact}). */
    public static final String EARLY_CONTACT = "berth.engine.early-contact";

    private final Removal cleanup;
    private final Duration waitTimeout;
    private final Duration pullTimeout;
    private final String bindAddress;
    private final String probeImage;
    private final boolean parallelStart;
    private final int logLines;
    private final Duration composeWaitTimeout;
    private final String composeCommand;
    private final String registryImage;
    private final boolean skipWithoutEngine;
    private final java.util.Set<dev.berth.HostAccess> hostAccessAllowed;
    private final EngineProfile.ContainerIps containerIps;
    private final Function<String, Optional<String>> parameters;
    private final boolean tracePhases;
    private final boolean reuseEnabled;
    private final Duration reuseMaxAge;
    private final Duration reuseLockTimeout;
    private final Duration swarmNamesTimeout;

    private Config(Function<String, Optional<String>> context) {
        this.parameters = context;
        this.cleanup = read(context, CLEANUP, Removal.ALWAYS, v -> Removal.valueOf(v.trim().toUpperCase(Locale.ROOT)));
        this.waitTimeout = read(context, WAIT_TIMEOUT, Duration.ofSeconds(60), v -> positive(duration(v, WAIT_TIMEOUT)));
        this.pullTimeout = read(context, PULL_TIMEOUT, Duration.ofSeconds(120), v -> positive(duration(v, PULL_TIMEOUT)));
        this.bindAddress = read(context, BIND_ADDRESS, null, v -> HostPolicy.ipLiteral(v).orElseThrow(
                () -> new IllegalArgumentException("it must be an IPv4 or IPv6 address such as 127.0.0.1 or ::1, not a host name:"
                        + " Docker publishes on every interface when it cannot use the address")));
        this.probeImage = read(context, PROBE_IMAGE, "busybox:1.35", String::trim);
        this.parallelStart = read(context, START_ORDER, Boolean.TRUE, v -> switch (v.trim()) {
            case "parallel" -> Boolean.TRUE;
            case "sequential" -> Boolean.FALSE;
            default -> throw new IllegalArgumentException("expected 'parallel' or 'sequential'");
        });
        this.logLines = read(context, LOG_LINES, 50, v -> Integer.parseInt(v.trim()));
        this.composeWaitTimeout = read(context, COMPOSE_WAIT_TIMEOUT, Duration.ofSeconds(120),
                v -> positive(duration(v, COMPOSE_WAIT_TIMEOUT)));
        this.composeCommand = read(context, COMPOSE_COMMAND, "docker compose", String::trim);
        this.registryImage = read(context, REGISTRY_IMAGE, "berth/registry:latest", String::trim);
        this.skipWithoutEngine = read(context, ENGINE_UNAVAILABLE, Boolean.FALSE, v -> switch (v.trim()) {
            case "skip" -> Boolean.TRUE;
            case "fail" -> Boolean.FALSE;
            default -> throw new IllegalArgumentException("expected 'fail' or 'skip'");
        });
        this.hostAccessAllowed = read(context, HOST_ACCESS_ALLOW, java.util.Set.of(), HostPolicy::parse);
        this.containerIps = read(context, CONTAINER_IPS, EngineProfile.ContainerIps.AUTO, EngineProfile::parseContainerIps);
        this.tracePhases = read(context, TRACE_PHASES, Boolean.FALSE, Config::trueOrFalse);
        this.reuseEnabled = read(context, REUSE_ENABLED, Boolean.TRUE, v -> switch (v.trim()) {
            case "true" -> Boolean.TRUE;
            case "false" -> Boolean.FALSE;
            default -> throw new IllegalArgumentException("expected 'true' or 'false'");
        });
        read(context, EARLY_CONTACT, Boolean.TRUE, Config::trueOrFalse); // acted on by EarlyContact; checked here like every key
        this.reuseMaxAge = read(context, REUSE_MAX_AGE, Duration.ofHours(24), v -> positive(duration(v, REUSE_MAX_AGE)));
        this.reuseLockTimeout = read(context, REUSE_LOCK_TIMEOUT, Duration.ofMinutes(10), v -> duration(v, REUSE_LOCK_TIMEOUT));
        this.swarmNamesTimeout = read(context, SWARM_NAMES_TIMEOUT, Duration.ofSeconds(90), v -> positive(duration(v, SWARM_NAMES_TIMEOUT)));
    }

    /** {@code true} or {@code false}, in any case. */
    static Boolean trueOrFalse(String v) {
        return switch (v.trim().toLowerCase(Locale.ROOT)) {
            case "true" -> Boolean.TRUE;
            case "false" -> Boolean.FALSE;
            default -> throw new IllegalArgumentException("expected 'true' or 'false'");
        };
    }

    private static Duration positive(Duration d) {
        if (d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException("it must be positive");
        }
        return d;
    }

    /**
     * The configuration of the run: read once per launcher run (its root context) and kept in the
     * root store; an invalid value fails every caller with the same exception.
     */
    @SuppressWarnings("deprecation") // getOrComputeIfAbsent: computeIfAbsent is newer than the JUnit 5.10 floor
    public static Config of(ExtensionContext context) {
        ExtensionContext root = context.getRoot();
        return root.getStore(ExtensionContext.Namespace.create(Config.class))
                .getOrComputeIfAbsent(Config.class, k -> new Config(root::getConfigurationParameter), Config.class);
    }

    /** The configuration from fixed values, as if they were configuration parameters. */
    public static Config of(java.util.Map<String, String> parameters) {
        return new Config(key -> Optional.ofNullable(parameters.get(key)));
    }

    /** The configuration that {@code parameters} give (JUnit's configuration parameters, or any lookup of them). */
    public static Config fromParameters(Function<String, Optional<String>> parameters) {
        return new Config(parameters);
    }

    /** The configuration from system properties alone, for code that runs outside a JUnit callback. */
    public static Config fromSystemProperties() {
        return new Config(key -> Optional.ofNullable(System.getProperty(key)));
    }

    private static <T> T read(Function<String, Optional<String>> context, String key, T fallback, Function<String, T> parse) {
        return context.apply(key).map(value -> {
            try {
                return parse.apply(value);
            } catch (RuntimeException e) {
                throw new ExtensionConfigurationException("Configuration parameter '" + key + "' has the invalid value '"
                        + value + "' (" + e.getMessage() + "). See the configuration page of Berth's documentation for its allowed values.", e);
            }
        }).orElse(fallback);
    }

    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h)?");

    /** Parses {@code 500ms}, {@code 30s}, {@code 2m}, {@code 1h}; a bare number is seconds. */
    public static Duration duration(String text, String where) {
        Matcher m = DURATION.matcher(text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' in " + where
                    + " is not a duration: write e.g. 500ms, 30s, 2m or 1h");
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        return switch (unit) {
            case "ms" -> Duration.ofMillis(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofSeconds(n);
        };
    }

    /** A configuration parameter of the run, as JUnit gives it (launcher parameters, system properties, junit-platform.properties). */
    public Optional<String> parameter(String key) {
        return parameters.apply(key);
    }

    public Removal cleanup() {
        return cleanup;
    }

    public Duration waitTimeout() {
        return waitTimeout;
    }

    public Duration pullTimeout() {
        return pullTimeout;
    }

    /**
     * The configured bind address, or null when none is configured: then the engine's profile decides
     * when the port is published ({@link #bindAddressFor(EngineProfile)}).
     */
    public String bindAddress() {
        return bindAddress;
    }

    /** The configured bind address, or the engine's default: 127.0.0.1 for a local engine, "" (all) for a remote one. */
    public String bindAddressFor(EngineProfile engine) {
        return bindAddress != null ? bindAddress : engine.defaultBindAddress();
    }

    /** {@link #CONTAINER_IPS}: auto (decided per engine), direct or probe. */
    public EngineProfile.ContainerIps containerIps() {
        return containerIps;
    }

    public String probeImage() {
        return probeImage;
    }

    /** Whether environments record and log the time of their phases ({@link PhaseTrace}). */
    public boolean tracePhases() {
        return tracePhases;
    }

    public boolean parallelStart() {
        return parallelStart;
    }

    public Duration composeWaitTimeout() {
        return composeWaitTimeout;
    }

    /** How to call Compose v2: {@code docker compose} (default) or e.g. {@code docker-compose}. */
    public String composeCommand() {
        return composeCommand;
    }

    /** The image {@code @WithRegistry} runs. */
    public String registryImage() {
        return registryImage;
    }

    /** The kinds of host access {@code berth.host-access.allow} allows for every declaration of the run. */
    public java.util.Set<dev.berth.HostAccess> hostAccessAllowed() {
        return hostAccessAllowed;
    }

    public int logLines() {
        return logLines;
    }

    /** Whether tests that use Berth are skipped, rather than failed, when no engine answers. */
    public boolean skipWithoutEngine() {
        return skipWithoutEngine;
    }

    /** {@link #REUSE_ENABLED}: whether {@code @ReuseEnvironment} keeps and adopts environments. */
    public boolean reuseEnabled() {
        return reuseEnabled;
    }

    /** {@link #REUSE_MAX_AGE}: kept environments older than this are removed. */
    public Duration reuseMaxAge() {
        return reuseMaxAge;
    }

    /** {@link #REUSE_LOCK_TIMEOUT}: how long a run waits for a kept environment another run uses. */
    public Duration reuseLockTimeout() {
        return reuseLockTimeout;
    }

    /** How long a container on an overlay network waits for its network's names to spread to every node of its swarm. */
    public Duration swarmNamesTimeout() {
        return swarmNamesTimeout;
    }
}
