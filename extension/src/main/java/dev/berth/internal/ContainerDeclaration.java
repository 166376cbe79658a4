package dev.berth.internal;

import static dev.berth.internal.Declarations.ENV;
import static dev.berth.internal.Declarations.checkName;
import static dev.berth.internal.Declarations.fail;
import static dev.berth.internal.Declarations.positiveDuration;
import static dev.berth.internal.Declarations.labels;
import static dev.berth.internal.Declarations.unique;

import dev.berth.HostAccess;
import dev.berth.WaitFor;
import dev.berth.WithContainer;
import dev.berth.internal.Specs.ContainerSpec;
import dev.berth.internal.Specs.MountKind;
import dev.berth.internal.Specs.MountSpec;
import dev.berth.internal.Specs.Origin;
import dev.berth.internal.Specs.PortSpec;
import dev.berth.internal.Specs.WaitKind;
import dev.berth.internal.Specs.WaitSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads one {@code @WithContainer} into a {@link ContainerSpec}, checking without Docker every
 * attribute: image reference, ports and bind addresses, mounts, env and env file, waits; and
 * refuses container names and aliases that collide as DNS names.
 */
final class ContainerDeclaration {

    private static final Pattern PORT = Pattern.compile(
            "(?:(?<ip>\\d{1,3}(?:\\.\\d{1,3}){3}|\\[[0-9a-fA-F:.]+\\]):)?(?:(?<host>\\d{0,5}):)?(?<container>\\d{1,5})(?:/(?<proto>tcp|udp))?");

    /** A URL path and query: RFC 3986 characters only (no space, quote or control character). */
    private static final Pattern URL_PATH = Pattern.compile("/[A-Za-z0-9\\-._~!$&'()*+,;=:@/?%]*");
    /** An image reference as Docker parses it: [host[:port]/]path[:tag][@algo:hex]. */
    private static final Pattern IMAGE_REFERENCE = Pattern.compile(
            "(?:(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*(?::\\d+)?|\\[[0-9a-fA-F:]+\\](?::\\d+)?)/)?"
            + "[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*"
            + "(?::[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?(?:@[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[0-9a-fA-F]{32,})?");


    private ContainerDeclaration() {
    }

    static ContainerSpec read(WithContainer c, String where, Set<String> seen, Config config, Set<HostAccess> allowed) {
        Origin origin = new Origin("WithContainer", c.name(), where);
        checkName(c.name(), origin, "name");
        unique(seen, "container", c.name(), origin);
        if (c.image().isBlank()) {
            throw Declarations.fail(origin, "image is blank", "name an image, e.g. image = \"busybox:1.35\"",
                    "name an image, e.g. container(\"" + origin.name() + "\", c -> c.image(\"busybox:1.35\"))");
        }
        checkImageReference(c.image(), origin, "image");
        if (c.privileged() && !allowed.contains(HostAccess.PRIVILEGED)) {
            throw HostPolicy.refuse(origin, "privileged = true", HostAccess.PRIVILEGED,
                    "leave privileged out and add what the test needs to the image");
        }
        List<String> env = new ArrayList<>();
        if (!c.envFile().isBlank()) {
            env.addAll(envFile(c.envFile(), origin, allowed));
        }
        for (String e : c.env()) {
            if (!ENV.matcher(e).matches()) {
                throw fail(origin, "env entry \"" + e + "\" is not NAME=value", "write it like \"MYSQL_DATABASE=redmine\"");
            }
            String key = e.substring(0, e.indexOf('='));
            env.removeIf(existing -> existing.startsWith(key + "="));
            env.add(e);
        }
        List<PortSpec> ports = new ArrayList<>();
        for (String p : c.ports()) {
            ports.add(port(p, origin, config));
        }
        List<MountSpec> mounts = new ArrayList<>();
        for (String m : c.volumes()) {
            mounts.add(mount(m, origin, allowed));
        }
        List<WaitSpec> waits = new ArrayList<>();
        for (WaitFor w : c.waitFor()) {
            waits.add(wait(w, origin, config, ports));
        }
        for (String n : c.networks()) {
            if (n.isBlank()) {
                throw Declarations.fail(origin, "networks contains a blank name", "list logical names of @WithNetwork declarations",
                        "list logical names of networks declared with network(...)");
            }
        }
        for (String a : c.aliases()) {
            checkName(a, origin, "aliases");
        }
        for (String d : c.dependsOn()) {
            if (d.equals(c.name())) {
                throw fail(origin, "it depends on itself", "remove \"" + d + "\" from dependsOn");
            }
        }
        return new ContainerSpec(c.name(), c.image(), List.of(c.command()), List.of(c.entrypoint()), List.copyOf(env),
                List.copyOf(ports), List.of(c.networks()), List.of(c.aliases()), List.copyOf(mounts), List.copyOf(waits),
                List.of(c.dependsOn()), c.user(), c.workdir(), c.privileged(), labels(c.labels(), origin), c.node().trim(), origin);
    }

    private static WaitSpec wait(WaitFor w, Origin origin, Config config, List<PortSpec> ports) {
        Duration timeout = positiveDuration(w.timeout(), config.waitTimeout(), "waitFor.timeout", "@WaitFor timeout", "30s",
                "or leave timeout empty for " + Config.WAIT_TIMEOUT, origin);
        List<WaitSpec> found = new ArrayList<>();
        if (!w.http().isBlank()) {
            if (w.port() <= 0) {
                throw Declarations.fail(origin, "@WaitFor(http = \"" + w.http() + "\") has no port", "add the container port, e.g. @WaitFor(http = \"/\", port = 80)",
                        "add the container port, e.g. waitFor(w -> w.http(\"" + w.http() + "\").port(80))");
            }
            String path = w.http().startsWith("/") ? w.http() : "/" + w.http();
            if (!URL_PATH.matcher(path).matches()) {
                throw fail(origin, "@WaitFor(http = \"" + w.http() + "\") is not a URL path",
                        "write a path with query, such as \"/health?full=1\"; percent-encode other characters (a space is %20)");
            }
            found.add(new WaitSpec(WaitKind.HTTP, w.port(), null, path, w.status(), List.of(), timeout));
        } else if (w.port() > 0) {
            found.add(new WaitSpec(WaitKind.PORT, w.port(), null, null, 0, List.of(), timeout));
        }
        if (!w.log().isBlank()) {
            try {
                Pattern.compile(w.log());
            } catch (RuntimeException e) {
                throw fail(origin, "@WaitFor(log = \"" + w.log() + "\") is not a valid regular expression: " + e.getMessage(),
                        "escape special characters, e.g. \"ready \\\\(port 80\\\\)\"");
            }
            found.add(new WaitSpec(WaitKind.LOG, 0, w.log(), null, 0, List.of(), timeout));
        }
        if (w.healthy()) {
            found.add(new WaitSpec(WaitKind.HEALTHY, 0, null, null, 0, List.of(), timeout));
        }
        if (w.command().length > 0) {
            found.add(new WaitSpec(WaitKind.COMMAND, 0, null, null, 0, List.of(w.command()), timeout));
        }
        if (found.size() != 1) {
            throw fail(origin, found.isEmpty() ? "a @WaitFor sets no condition" : "a @WaitFor sets " + found.size() + " conditions",
                    "set exactly one of port, log, http (with port), healthy or command per @WaitFor, and list several @WaitFor to require several",
                    "set exactly one of port, log, http (with port), healthy or command per waitFor(w -> ...) call, and call waitFor"
                            + " again to require several");
        }
        if (w.port() > 65535 || w.port() < 0) {
            throw fail(origin, "@WaitFor port " + w.port() + " is out of range", "use a port between 1 and 65535");
        }
        return found.get(0);
    }

    private static PortSpec port(String declared, Origin origin, Config config) {
        Matcher m = PORT.matcher(declared.trim());
        if (!m.matches()) {
            throw fail(origin, "port \"" + declared + "\" is not understood",
                    "write \"80\" (a free host port), \"8080:80\", \"0.0.0.0::80\" or \"53/udp\"");
        }
        int container = Integer.parseInt(m.group("container"));
        String host = m.group("host");
        Integer hostPort = host == null || host.isEmpty() ? null : Integer.valueOf(host);
        if (container < 1 || container > 65535 || (hostPort != null && (hostPort < 1 || hostPort > 65535))) {
            throw fail(origin, "port \"" + declared + "\" is out of range", "use ports between 1 and 65535");
        }
        String ip = config.bindAddress();
        if (m.group("ip") != null) {
            ip = HostPolicy.ipLiteral(m.group("ip")).orElseThrow(() -> fail(origin, "\"" + m.group("ip") + "\" in port \"" + declared
                    + "\" is not an IPv4 or IPv6 address (Docker would publish the port on every interface)",
                    "write an address such as \"127.0.0.1::80\" or \"[::1]::80\", or leave it out for " + Config.BIND_ADDRESS));
        }
        String proto = m.group("proto") == null ? "tcp" : m.group("proto");
        return new PortSpec(ip, hostPort, container, proto, declared);
    }

    private static MountSpec mount(String declared, Origin origin, Set<HostAccess> allowed) {
        String[] parts = declared.split(":");
        if (parts.length < 2 || parts.length > 3 || parts[0].isBlank() || !parts[1].startsWith("/")) {
            throw fail(origin, "volume mount \"" + declared + "\" is not understood",
                    "write \"volume-name:/path\", \"volume-name:/path:ro\" or \"./project/dir:/path[:rw]\"");
        }
        String mode = parts.length == 3 ? parts[2] : "";
        if (!mode.isEmpty() && !mode.equals("ro") && !mode.equals("rw")) {
            throw fail(origin, "volume mount \"" + declared + "\" has mode \"" + mode + "\"", "use \":ro\" or \":rw\"");
        }
        String source = parts[0];
        boolean bind = source.startsWith(".") || source.startsWith("/") || source.startsWith("~");
        if (bind) {
            Path path = DeclaredPath.of(source).path();
            HostPolicy.checkPath(path, false, allowed, origin, "bind mount \"" + declared + "\"", "bind a directory of the project");
            if (!Files.exists(path)) {
                throw fail(origin, "bind mount source " + path + " does not exist", "create it, or fix the path (relative paths start at the project directory "
                        + DeclaredPath.projectDirectory() + ")");
            }
            // bind mounts of project directories are read-only unless asked otherwise
            return new MountSpec(MountKind.BIND, path.toString(), parts[1], !mode.equals("rw"), declared);
        }
        return new MountSpec(MountKind.VOLUME, source, parts[1], mode.equals("ro"), declared);
    }

    private static List<String> envFile(String declared, Origin origin, Set<HostAccess> allowed) {
        DeclaredPath resolved = DeclaredPath.of(declared);
        Path file = resolved.path();
        if (resolved.classpath()) {
            if (resolved.url() == null) {
                throw fail(origin, "envFile \"" + declared + "\" is not on the test classpath", "put it under src/test/resources");
            }
            if (file == null) {
                throw fail(origin, "envFile \"" + declared + "\" is not a plain file (" + resolved.url() + ")", "use a file on the file system");
            }
        } else {
            HostPolicy.checkPath(file, false, allowed, origin, "envFile \"" + declared + "\"", "keep the env file in the project");
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw fail(origin, "envFile " + file + " cannot be read (" + e + ")", "check the path; relative paths start at " + DeclaredPath.projectDirectory());
        }
        List<String> env = new ArrayList<>();
        int number = 0;
        for (String line : lines) {
            number++;
            String t = line.strip();
            if (t.isEmpty() || t.startsWith("#")) {
                continue;
            }
            if (t.startsWith("export ")) {
                t = t.substring(7).strip();
            }
            if (!ENV.matcher(t).matches()) {
                throw fail(origin, "envFile " + file + " line " + number + " is not NAME=value", "fix or comment out that line");
            }
            env.add(t);
        }
        return env;
    }

    static void checkImageReference(String image, Origin origin, String attribute) {
        if (image.length() > 255 || !IMAGE_REFERENCE.matcher(image).matches()) {
            throw fail(origin, attribute + " \"" + image + "\" is not a valid image reference",
                    "write [registry/]repository[:tag][@digest] with a lower-case repository, e.g. \"busybox:1.35\" or \"registry.example.com:5000/team/app:2\"");
        }
    }

    /** Refuses container names and aliases that are the same DNS name (which ignores case) on the shared networks. */
    static void dnsCollisions(List<ContainerSpec> containers) {
        Map<String, String> names = new LinkedHashMap<>();
        for (ContainerSpec c : containers) {
            String previous = names.putIfAbsent(c.name().toLowerCase(java.util.Locale.ROOT), c.name());
            if (previous != null) {
                throw fail(c.origin(), "the container name \"" + c.name() + "\" collides with container \"" + previous
                        + "\" (DNS names ignore case)", "give each container a name that differs in more than case");
            }
        }
        Map<String, String> aliases = new LinkedHashMap<>();
        for (ContainerSpec c : containers) {
            for (String a : c.aliases()) {
                String key = a.toLowerCase(java.util.Locale.ROOT);
                String owner = names.get(key);
                if (owner != null && !owner.equals(c.name())) {
                    throw fail(c.origin(), "its alias \"" + a + "\" collides with container \"" + owner
                            + "\" (DNS names ignore case): the name would resolve to either", "choose another alias");
                }
                String other = aliases.putIfAbsent(key, c.name());
                if (other != null && !other.equals(c.name())) {
                    throw fail(c.origin(), "its alias \"" + a + "\" collides with an alias of container \"" + other
                            + "\" (DNS names ignore case): the name would resolve to either", "choose another alias");
                }
            }
        }
    }
}
