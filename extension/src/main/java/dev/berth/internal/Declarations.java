package dev.berth.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import dev.berth.BuildImage;
import dev.berth.ComposeStack;
import dev.berth.HostAccess;
import dev.berth.WaitFor;
import dev.berth.WithContainer;
import dev.berth.WithNetwork;
import dev.berth.WithRegistry;
import dev.berth.WithVolume;
import dev.berth.internal.Specs.BuildSpec;
import dev.berth.internal.Specs.ContainerSpec;
import dev.berth.internal.Specs.EnvironmentSpec;
import dev.berth.internal.Specs.MountKind;
import dev.berth.internal.Specs.MountSpec;
import dev.berth.internal.Specs.NetworkSpec;
import dev.berth.internal.Specs.Origin;
import dev.berth.internal.Specs.PortSpec;
import dev.berth.internal.Specs.Pull;
import dev.berth.internal.Specs.Seed;
import dev.berth.internal.Specs.StackSpec;
import dev.berth.internal.Specs.VolumeSpec;
import dev.berth.internal.Specs.WaitKind;
import dev.berth.internal.Specs.WaitSpec;
import java.io.IOException;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apiguardian.api.API;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * Reads Berth's annotations from a class or method into an {@link EnvironmentSpec}, checking
 * everything that can be checked without Docker. Errors name the annotation, the element, what
 * was wrong and how to fix it.
 */
@API(status = INTERNAL, since = "0.1")
public final class Declarations {

    private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]{0,62}");
    private static final Pattern ENV = Pattern.compile("[A-Za-z_][A-Za-z0-9_.]*=.*", Pattern.DOTALL);
    private static final Pattern PORT = Pattern.compile(
            "(?:(?<ip>\\d{1,3}(?:\\.\\d{1,3}){3}|\\[[0-9a-fA-F:.]+\\]):)?(?:(?<host>\\d{0,5}):)?(?<container>\\d{1,5})(?:/(?<proto>tcp|udp))?");

    /** A URL path and query: RFC 3986 characters only (no space, quote or control character). */
    private static final Pattern URL_PATH = Pattern.compile("/[A-Za-z0-9\\-._~!$&'()*+,;=:@/?%]*");
    /** An image reference as Docker parses it: [host[:port]/]path[:tag][@algo:hex]. */
    private static final Pattern IMAGE_REFERENCE = Pattern.compile(
            "(?:(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*(?::\\d+)?|\\[[0-9a-fA-F:]+\\](?::\\d+)?)/)?"
            + "[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*"
            + "(?::[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?(?:@[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[0-9a-fA-F]{32,})?");

    private Declarations() {
    }

    public static boolean hasAny(AnnotatedElement element) {
        return !AnnotationSupport.findRepeatableAnnotations(element, WithNetwork.class).isEmpty()
                || !AnnotationSupport.findRepeatableAnnotations(element, WithVolume.class).isEmpty()
                || !AnnotationSupport.findRepeatableAnnotations(element, WithContainer.class).isEmpty()
                || !AnnotationSupport.findRepeatableAnnotations(element, ComposeStack.class).isEmpty()
                || !AnnotationSupport.findRepeatableAnnotations(element, BuildImage.class).isEmpty()
                || AnnotationSupport.findAnnotation(element, WithRegistry.class).isPresent();
    }

    public static EnvironmentSpec read(AnnotatedElement element, Config config) {
        String where = describe(element);
        Set<HostAccess> allowed = HostPolicy.allowed(element, config);
        identicalDuplicates(element, WithNetwork.class, "WithNetwork", WithNetwork::value, where);
        identicalDuplicates(element, WithVolume.class, "WithVolume", WithVolume::value, where);
        identicalDuplicates(element, WithContainer.class, "WithContainer", WithContainer::name, where);
        identicalDuplicates(element, ComposeStack.class, "ComposeStack", ComposeStack::name, where);
        identicalDuplicates(element, BuildImage.class, "BuildImage", BuildImage::tag, where);
        List<NetworkSpec> networks = new ArrayList<>();
        List<VolumeSpec> volumes = new ArrayList<>();
        List<ContainerSpec> containers = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (WithNetwork n : AnnotationSupport.findRepeatableAnnotations(element, WithNetwork.class)) {
            Origin origin = new Origin("WithNetwork", n.value(), where);
            checkName(n.value(), origin, "value");
            unique(seen, "network", n.value(), origin);
            if (n.driver().isBlank()) {
                throw fail(origin, "driver is blank", "leave driver out for a bridge network, or name a driver such as \"bridge\"");
            }
            if (!n.gateway().isBlank() && n.subnet().isBlank()) {
                throw fail(origin, "gateway \"" + n.gateway() + "\" is given without a subnet", "declare subnet as well, e.g. subnet = \"172.28.0.0/16\"");
            }
            if (!n.subnet().isBlank() && !n.subnet().matches("\\d{1,3}(\\.\\d{1,3}){3}/\\d{1,2}")) {
                throw fail(origin, "subnet \"" + n.subnet() + "\" is not IPv4 CIDR", "write it like \"172.28.0.0/16\"");
            }
            networks.add(new NetworkSpec(n.value(), n.driver(), n.internal(), n.subnet(), n.gateway(),
                    labels(n.labels(), origin), origin));
        }
        for (WithVolume v : AnnotationSupport.findRepeatableAnnotations(element, WithVolume.class)) {
            Origin origin = new Origin("WithVolume", v.value(), where);
            checkName(v.value(), origin, "value");
            unique(seen, "volume", v.value(), origin);
            Seed seed = v.seedFrom().isBlank() ? null : seed(v.seedFrom(), origin, allowed);
            volumes.add(new VolumeSpec(v.value(), seed, labels(v.labels(), origin), origin));
        }
        List<StackSpec> stacks = new ArrayList<>();
        for (ComposeStack c : AnnotationSupport.findRepeatableAnnotations(element, ComposeStack.class)) {
            stacks.add(stack(c, where, seen, config, allowed));
        }
        for (WithContainer c : AnnotationSupport.findRepeatableAnnotations(element, WithContainer.class)) {
            containers.add(container(c, where, seen, config, allowed));
        }
        List<BuildSpec> builds = new ArrayList<>();
        for (BuildImage b : AnnotationSupport.findRepeatableAnnotations(element, BuildImage.class)) {
            builds.add(build(b, where, seen, allowed));
        }
        List<Specs.RegistrySpec> registries = new ArrayList<>();
        var registry = AnnotationSupport.findAnnotation(element, WithRegistry.class);
        if (registry.isPresent()) {
            WithRegistry r = registry.get();
            Origin origin = new Origin("WithRegistry", r.name(), where);
            checkName(r.name(), origin, "name");
            unique(seen, "container", r.name(), origin);
            if (r.username().isEmpty() != r.password().isEmpty()) {
                throw fail(origin, "only one of username and password is set", "set both for basic auth, or neither for an open registry");
            }
            List<String> env = r.username().isEmpty() ? List.of()
                    : List.of("REGISTRY_USER=" + r.username(), "REGISTRY_PASSWORD=" + r.password());
            containers.add(new ContainerSpec(r.name(), config.registryImage(), List.of(), List.of(), env,
                    List.of(new PortSpec("127.0.0.1", null, 5000, "tcp", "5000")), List.of(), List.of(), List.of(),
                    List.of(new WaitSpec(WaitKind.HEALTHY, 0, null, null, 0, List.of(), config.waitTimeout())), List.of(), "", "",
                    false, Map.of(), origin));
            registries.add(new Specs.RegistrySpec(r.name(), r.username(), r.password()));
        }
        dnsCollisions(containers);
        return new EnvironmentSpec(where, List.copyOf(builds), List.copyOf(networks), List.copyOf(volumes), List.copyOf(stacks),
                List.copyOf(containers), List.copyOf(registries));
    }

    private static BuildSpec build(BuildImage b, String where, Set<String> seen, Set<HostAccess> allowed) {
        Origin origin = new Origin("BuildImage", b.tag(), where);
        if (!b.tag().matches("[a-z0-9][a-z0-9._/-]*(:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?")) {
            throw fail(origin, "tag \"" + b.tag() + "\" is not a valid image reference",
                    "use lower-case repository[:tag], e.g. \"lesson/hello:1\"");
        }
        unique(seen, "image", b.tag(), origin);
        Path context = projectOrClasspath(b.context());
        if (context != null) {
            HostPolicy.checkPath(context, b.context().startsWith("classpath:"), allowed, origin,
                    "the build context \"" + b.context() + "\"", "build from a directory of the project");
        }
        if (context == null || !Files.isDirectory(context)) {
            throw fail(origin, "the build context \"" + b.context() + "\" is not a directory" + (context == null ? "" : " (" + context + ")"),
                    "point context at the directory holding the Dockerfile; relative paths start at " + DeclaredPath.projectDirectory());
        }
        Path dockerfile = context.resolve(b.dockerfile()).normalize();
        if (!Files.isRegularFile(dockerfile)) {
            throw fail(origin, "the Dockerfile " + dockerfile + " does not exist", "create it, or set dockerfile relative to the context");
        }
        for (String a : b.buildArgs()) {
            if (!ENV.matcher(a).matches()) {
                throw fail(origin, "build arg \"" + a + "\" is not NAME=value", "write it like \"VERSION=1.2\"");
            }
        }
        BuildSpec spec = new BuildSpec(context, b.tag(), dockerfile, List.of(b.buildArgs()), b.target(), labels(b.labels(), origin),
                b.keep(), origin);
        if (!b.target().isBlank()) {
            Set<String> stages = ImageBuild.stages(spec);
            if (stages.stream().noneMatch(st -> st.equalsIgnoreCase(b.target()))) {
                throw fail(origin, "target stage \"" + b.target() + "\" is not in " + dockerfile + " (stages: " + stages + ")",
                        "use one of the stage names (FROM ... AS NAME), or leave target empty for the last stage");
            }
        }
        return spec;
    }

    private static StackSpec stack(ComposeStack c, String where, Set<String> seen, Config config, Set<HostAccess> allowed) {
        Origin origin = new Origin("ComposeStack", c.name(), where);
        checkName(c.name(), origin, "name");
        unique(seen, "stack", c.name(), origin);
        if (c.files().length == 0) {
            throw fail(origin, "files is empty", "name at least one compose file, e.g. files = \"src/test/resources/compose.yml\"");
        }
        List<Path> files = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (String f : c.files()) {
            Path p = projectOrClasspath(f);
            if (p != null) {
                HostPolicy.checkPath(p, f.startsWith("classpath:"), allowed, origin, "compose file \"" + f + "\"",
                        "keep the compose files in the project");
            }
            if (p == null || !Files.isRegularFile(p)) {
                missing.add(f + (p == null ? " (not on the classpath)" : " (" + p + ")"));
            } else {
                files.add(p);
            }
        }
        if (!missing.isEmpty()) {
            throw fail(origin, "compose file(s) not found: " + String.join(", ", missing),
                    "fix the path; relative paths start at the project directory " + DeclaredPath.projectDirectory());
        }
        Path projectDir = c.projectDirectory().isBlank() ? files.get(0).getParent() : projectOrClasspath(c.projectDirectory());
        if (projectDir != null && !c.projectDirectory().isBlank()) {
            HostPolicy.checkPath(projectDir, c.projectDirectory().startsWith("classpath:"), allowed, origin,
                    "projectDirectory \"" + c.projectDirectory() + "\"", "use a directory of the project");
        }
        if (projectDir == null || !Files.isDirectory(projectDir)) {
            throw fail(origin, "projectDirectory \"" + c.projectDirectory() + "\" is not a directory", "point it at an existing directory");
        }
        List<Path> envFiles = new ArrayList<>();
        for (String f : c.envFiles()) {
            Path p = projectOrClasspath(f);
            if (p != null) {
                HostPolicy.checkPath(p, f.startsWith("classpath:"), allowed, origin, "env file \"" + f + "\"",
                        "keep the env files in the project");
            }
            if (p == null || !Files.isRegularFile(p)) {
                throw fail(origin, "env file \"" + f + "\" not found", "fix the path, or remove it from envFiles");
            }
            envFiles.add(p);
        }
        for (String e : c.env()) {
            if (!ENV.matcher(e).matches()) {
                throw fail(origin, "env entry \"" + e + "\" is not NAME=value", "write it like \"TAG=1.2\"");
            }
        }
        for (String s : c.scale()) {
            if (!s.matches("[a-zA-Z0-9][a-zA-Z0-9_.-]*=\\d+")) {
                throw fail(origin, "scale entry \"" + s + "\" is not SERVICE=N", "write it like \"web=3\"");
            }
        }
        Pull pull;
        try {
            pull = Pull.valueOf(c.pull().trim().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw fail(origin, "pull \"" + c.pull() + "\" is not a pull policy", "use \"missing\", \"never\" or \"always\"");
        }
        Duration timeout;
        try {
            timeout = c.waitTimeout().isBlank() ? config.composeWaitTimeout() : Config.duration(c.waitTimeout(), "waitTimeout");
        } catch (IllegalArgumentException e) {
            throw fail(origin, e.getMessage(), "use a duration such as \"90s\"");
        }
        if (timeout.isZero()) {
            throw fail(origin, "waitTimeout \"" + c.waitTimeout() + "\" is not positive", "use a duration such as \"90s\", or leave it empty");
        }
        return new StackSpec(c.name(), List.copyOf(files), projectDir.toAbsolutePath().normalize(), List.of(c.env()), List.copyOf(envFiles),
                List.of(c.profiles()), List.of(c.services()), List.of(c.scale()), c.build(), pull, c.waitForServices(), timeout, origin,
                Set.copyOf(allowed));
    }

    /** A project-relative path, or a classpath resource as a file; null when a classpath resource is absent. */
    static Path projectOrClasspath(String declared) {
        return DeclaredPath.of(declared).path();
    }

    private static ContainerSpec container(WithContainer c, String where, Set<String> seen, Config config, Set<HostAccess> allowed) {
        Origin origin = new Origin("WithContainer", c.name(), where);
        checkName(c.name(), origin, "name");
        unique(seen, "container", c.name(), origin);
        if (c.image().isBlank()) {
            throw fail(origin, "image is blank", "name an image, e.g. image = \"busybox:1.35\"");
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
                throw fail(origin, "networks contains a blank name", "list logical names of @WithNetwork declarations");
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
                List.of(c.dependsOn()), c.user(), c.workdir(), c.privileged(), labels(c.labels(), origin), origin);
    }

    private static WaitSpec wait(WaitFor w, Origin origin, Config config, List<PortSpec> ports) {
        Duration timeout;
        try {
            timeout = w.timeout().isBlank() ? config.waitTimeout() : Config.duration(w.timeout(), "waitFor.timeout");
        } catch (IllegalArgumentException e) {
            throw fail(origin, e.getMessage(), "use a duration such as \"30s\"");
        }
        if (timeout.isZero()) {
            throw fail(origin, "@WaitFor timeout \"" + w.timeout() + "\" is not positive",
                    "use a duration such as \"30s\", or leave timeout empty for " + Config.WAIT_TIMEOUT);
        }
        List<WaitSpec> found = new ArrayList<>();
        if (!w.http().isBlank()) {
            if (w.port() <= 0) {
                throw fail(origin, "@WaitFor(http = \"" + w.http() + "\") has no port", "add the container port, e.g. @WaitFor(http = \"/\", port = 80)");
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
                    "set exactly one of port, log, http (with port), healthy or command per @WaitFor, and list several @WaitFor to require several");
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

    private static Seed seed(String declared, Origin origin, Set<HostAccess> allowed) {
        DeclaredPath resolved = DeclaredPath.of(declared);
        Path dir = resolved.path();
        if (resolved.classpath()) {
            String resource = DeclaredPath.resource(declared);
            if (resolved.url() == null) {
                throw fail(origin, "seedFrom \"" + declared + "\" is not on the test classpath",
                        "put the directory under src/test/resources/" + resource + ", or use a project path");
            }
            if (!"file".equals(resolved.url().getProtocol())) {
                throw fail(origin, "seedFrom \"" + declared + "\" lies inside a jar (" + resolved.url() + ")",
                        "seed from a directory on the file system (src/test/resources is one)");
            }
            if (dir == null) {
                throw fail(origin, "seedFrom \"" + declared + "\" has an unusable location " + resolved.url(), "move the files to a plain directory");
            }
        } else {
            HostPolicy.checkPath(dir, false, allowed, origin, "seedFrom \"" + declared + "\"", "seed from a directory of the project");
        }
        if (!Files.isDirectory(dir)) {
            throw fail(origin, "seedFrom \"" + declared + "\" is not a directory (" + dir + ")",
                    "point it at a directory whose contents should be copied into the volume");
        }
        return new Seed(declared, dir);
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

    private static Map<String, String> labels(String[] declared, Origin origin) {
        Map<String, String> labels = new LinkedHashMap<>();
        for (String l : declared) {
            int eq = l.indexOf('=');
            if (eq <= 0) {
                throw fail(origin, "label \"" + l + "\" is not key=value", "write it like \"team=payments\"");
            }
            if (l.startsWith("dev.berth.")) {
                throw fail(origin, "label \"" + l + "\" uses Berth's reserved prefix dev.berth.", "choose another key");
            }
            labels.put(l.substring(0, eq), l.substring(eq + 1));
        }
        return labels;
    }

    private static void checkName(String name, Origin origin, String attribute) {
        if (!NAME.matcher(name).matches()) {
            throw fail(origin, attribute + " \"" + name + "\" is not a valid name",
                    "use letters, digits, '.', '_' or '-', starting with a letter or digit, at most 63 characters (it becomes a DNS name)");
        }
    }

    private static void unique(Set<String> seen, String kind, String name, Origin origin) {
        if (!seen.add(kind + ":" + name)) {
            throw fail(origin, "the " + kind + " name \"" + name + "\" is declared twice in the same scope",
                    "give each " + kind + " a distinct logical name");
        }
    }

    static void checkImageReference(String image, Origin origin, String attribute) {
        if (image.length() > 255 || !IMAGE_REFERENCE.matcher(image).matches()) {
            throw fail(origin, attribute + " \"" + image + "\" is not a valid image reference",
                    "write [registry/]repository[:tag][@digest] with a lower-case repository, e.g. \"busybox:1.35\" or \"registry.example.com:5000/team/app:2\"");
        }
    }

    /** Refuses a declaration repeated identically (JUnit would merge the copies into one). */
    private static <A extends java.lang.annotation.Annotation> void identicalDuplicates(AnnotatedElement element, Class<A> type,
            String annotation, java.util.function.Function<A, String> name, String where) {
        List<A> found = new ArrayList<>(List.of(element.getDeclaredAnnotationsByType(type)));
        for (java.lang.annotation.Annotation a : element.getDeclaredAnnotations()) {
            if (!a.annotationType().getName().startsWith("java.") && !a.annotationType().getName().startsWith("org.junit.")) {
                found.addAll(List.of(a.annotationType().getDeclaredAnnotationsByType(type)));
            }
        }
        for (int i = 0; i < found.size(); i++) {
            A a = found.get(i);
            long copies = found.stream().filter(a::equals).count();
            if (copies > 1) {
                throw fail(new Origin(annotation, name.apply(a), where), "it is declared " + copies + " times, identically",
                        "remove the copies (JUnit would merge them into one), or give each its own name");
            }
        }
    }

    /** Refuses container names and aliases that are the same DNS name (which ignores case) on the shared networks. */
    private static void dnsCollisions(List<ContainerSpec> containers) {
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

    static ExtensionConfigurationException fail(Origin origin, String what, String fix) {
        return new ExtensionConfigurationException(Secrets.mask(origin + ": " + what + ". Fix: " + fix + ".")); // a malformed entry may hold one
    }

    public static String describe(AnnotatedElement element) {
        if (element instanceof Class<?> c) {
            return "class " + c.getName();
        }
        if (element instanceof Method m) {
            return "method " + m.getDeclaringClass().getName() + "#" + m.getName() + "("
                    + String.join(", ", Arrays.stream(m.getParameterTypes()).map(Class::getSimpleName).toList()) + ")";
        }
        return String.valueOf(element);
    }
}
