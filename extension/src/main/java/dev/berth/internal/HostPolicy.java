package dev.berth.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.AllowHostAccess;
import dev.berth.HostAccess;
import dev.berth.internal.Specs.Origin;
import dev.berth.internal.Specs.StackSpec;
import java.io.IOException;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Method;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.apiguardian.api.API;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The host-access policy and address checks: what a declaration may reach on the host (the root
 * directory, the engine socket, paths outside the project, privileged mode) unless the test
 * allows it by name, and which bind addresses are IP literals.
 */
@API(status = INTERNAL, since = "0.1")
public final class HostPolicy {

    private static final Pattern IPV4 = Pattern.compile("(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(?:\\.(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
    private static final Pattern IPV6_CHARS = Pattern.compile("[0-9a-fA-F:.]+");
    private static final List<String> ENGINE_SOCKETS = List.of("/var/run/docker.sock", "/run/docker.sock");

    private HostPolicy() {
    }

    // ---------------------------------------------------------------- addresses

    /** The address without brackets when it is an IPv4 or IPv6 literal ({@code [::1]} and {@code ::1} alike), else empty. */
    public static Optional<String> ipLiteral(String text) {
        String t = text.trim();
        if (t.startsWith("[") && t.endsWith("]")) {
            t = t.substring(1, t.length() - 1);
        }
        if (IPV4.matcher(t).matches()) {
            return Optional.of(t);
        }
        if (t.contains(":") && IPV6_CHARS.matcher(t).matches()) {
            try {
                // a string with ':' and only hex digits, ':' and '.' is parsed as a literal, never looked up
                InetAddress.getByName("[" + t + "]");
                return Optional.of(t);
            } catch (UnknownHostException notALiteral) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    // ---------------------------------------------------------------- what is allowed

    /** The kinds of access allowed for a declaring element: the configuration's and those of @AllowHostAccess on it or around it. */
    static Set<HostAccess> allowed(AnnotatedElement element, Config config) {
        Set<HostAccess> allowed = EnumSet.noneOf(HostAccess.class);
        allowed.addAll(config.hostAccessAllowed());
        Class<?> type = null;
        if (element instanceof Method m) {
            AnnotationSupport.findAnnotation(m, AllowHostAccess.class).ifPresent(a -> allowed.addAll(List.of(a.value())));
            type = m.getDeclaringClass();
        } else if (element instanceof Class<?> c) {
            type = c;
        }
        for (Class<?> c = type; c != null; c = c.getEnclosingClass()) {
            AnnotationSupport.findAnnotation(c, AllowHostAccess.class).ifPresent(a -> allowed.addAll(List.of(a.value())));
        }
        return allowed;
    }

    /** Parses {@code berth.host-access.allow}: names such as {@code engine-socket, privileged}. */
    static Set<HostAccess> parse(String value) {
        Set<HostAccess> out = EnumSet.noneOf(HostAccess.class);
        for (String part : value.split("[,\\s]+")) {
            if (part.isBlank()) {
                continue;
            }
            String name = part.trim().toLowerCase(Locale.ROOT);
            HostAccess found = null;
            for (HostAccess h : HostAccess.values()) {
                if (h.configName().equals(name)) {
                    found = h;
                }
            }
            if (found == null) {
                throw new IllegalArgumentException("'" + part + "' is not a kind of host access; use a comma-separated list of "
                        + String.join(", ", EnumSet.allOf(HostAccess.class).stream().map(HostAccess::configName).toList()));
            }
            out.add(found);
        }
        return out;
    }

    // ---------------------------------------------------------------- checks

    /** What the access means, after "X ...". */
    static String risk(HostAccess kind) {
        return switch (kind) {
            case HOST_ROOT -> "exposes the host's root file system";
            case ENGINE_SOCKET -> "gives the container control of the Docker engine, and through it of the host";
            case OUTSIDE_PROJECT -> "is outside the project directory " + projectDirectory();
            case PRIVILEGED -> "gives the container full control of the host";
        };
    }

    static String howToAllow(HostAccess kind, String otherwise) {
        return otherwise + "; if the test really needs it, allow exactly this by name: @AllowHostAccess(HostAccess." + kind.name()
                + ") on the test class or method, or the configuration parameter berth.host-access.allow=" + kind.configName();
    }

    /** {@link #howToAllow(HostAccess, String)}, worded for a builder when a {@code BerthEnvironment} wrote the declaration. */
    static String howToAllow(Origin origin, HostAccess kind, String otherwise) {
        if (!origin.programmatic()) {
            return howToAllow(kind, otherwise);
        }
        return otherwise + "; if the test really needs it, allow exactly this by name: allowHostAccess(HostAccess." + kind.name()
                + ") on the builder, or the configuration parameter berth.host-access.allow=" + kind.configName();
    }

    static ExtensionConfigurationException refuse(Origin origin, String subject, HostAccess kind, String otherwise) {
        return Declarations.fail(origin, subject + " " + risk(kind), howToAllow(origin, kind, otherwise));
    }

    /** The project directory: the working directory of the test JVM (the module directory under Maven and Gradle). */
    static Path projectDirectory() {
        return real(Paths.get(System.getProperty("user.dir")).toAbsolutePath().normalize());
    }

    private static Path real(Path p) {
        try {
            return Files.exists(p) ? p.toRealPath() : p.toAbsolutePath().normalize();
        } catch (IOException e) {
            return p.toAbsolutePath().normalize();
        }
    }

    /** The kind of host access a host path needs, if any: the root, the engine socket, or a place outside the project. */
    static Optional<HostAccess> accessOf(Path path, boolean fromClasspath) {
        Path normalized = path.toAbsolutePath().normalize();
        Path real = real(normalized);
        if (normalized.getParent() == null || real.getParent() == null) {
            return Optional.of(HostAccess.HOST_ROOT);
        }
        if (isEngineSocket(normalized) || isEngineSocket(real)) {
            return Optional.of(HostAccess.ENGINE_SOCKET);
        }
        if (!fromClasspath && !real.startsWith(projectDirectory())) {
            return Optional.of(HostAccess.OUTSIDE_PROJECT);
        }
        return Optional.empty();
    }

    private static boolean isEngineSocket(Path p) {
        String s = p.toString();
        if (ENGINE_SOCKETS.contains(s) || (p.getFileName() != null && p.getFileName().toString().equals("docker.sock"))) {
            return true;
        }
        String dockerHost = System.getenv("DOCKER_HOST");
        return dockerHost != null && dockerHost.startsWith("unix://") && dockerHost.substring("unix://".length()).equals(s);
    }

    /** Refuses a host path that needs access the declaration was not given. */
    static void checkPath(Path path, boolean fromClasspath, Set<HostAccess> allowed, Origin origin, String subject, String otherwise) {
        Optional<HostAccess> needed = accessOf(path, fromClasspath);
        if (needed.isPresent() && !allowed.contains(needed.get())) {
            String resolved = needed.get() == HostAccess.OUTSIDE_PROJECT ? " (it resolves to " + path.toAbsolutePath().normalize() + ")" : "";
            throw Declarations.fail(origin, subject + " " + risk(needed.get()) + resolved, howToAllow(origin, needed.get(), otherwise));
        }
    }

    /** Refuses compose services that are privileged, add ALL capabilities, or bind what they may not (model of {@code compose config}). */
    static void checkStack(StackSpec spec, JsonNode model) {
        Set<HostAccess> allowed = spec.allowed();
        var services = model.path("services").fields();
        while (services.hasNext()) {
            var entry = services.next();
            String service = "service \"" + entry.getKey() + "\"";
            JsonNode svc = entry.getValue();
            if (!allowed.contains(HostAccess.PRIVILEGED)) {
                if (svc.path("privileged").asBoolean(false)) {
                    throw refuse(spec.origin(), service + " is privileged, which", HostAccess.PRIVILEGED,
                            "remove privileged: true, or add only the capabilities it needs with cap_add");
                }
                for (JsonNode cap : svc.path("cap_add")) {
                    String c = cap.asText("").toUpperCase(Locale.ROOT);
                    if (c.equals("ALL") || c.equals("CAP_ALL")) {
                        throw refuse(spec.origin(), service + " adds capability ALL, which", HostAccess.PRIVILEGED,
                                "add only the capabilities it needs, e.g. cap_add: [NET_ADMIN]");
                    }
                }
            }
            for (JsonNode v : svc.path("volumes")) {
                if (!"bind".equals(v.path("type").asText())) {
                    continue;
                }
                String source = v.path("source").asText("");
                if (source.isEmpty()) {
                    continue;
                }
                Optional<HostAccess> needed = accessOf(Paths.get(source), false);
                if (needed.isPresent() && !allowed.contains(needed.get())) {
                    throw refuse(spec.origin(), service + " binds " + source + " (to " + v.path("target").asText("?") + "), which",
                            needed.get(), "bind a directory of the project instead");
                }
            }
            String context = svc.path("build").path("context").asText("");
            if (!context.isEmpty() && context.startsWith("/")) {
                Optional<HostAccess> needed = accessOf(Paths.get(context), false);
                if (needed.isPresent() && !allowed.contains(needed.get())) {
                    throw refuse(spec.origin(), service + " builds from context " + context + ", which", needed.get(),
                            "build from a directory of the project");
                }
            }
        }
    }
}
