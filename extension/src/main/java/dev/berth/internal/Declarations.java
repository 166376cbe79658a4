package dev.berth.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import dev.berth.BuildImage;
import dev.berth.ComposeStack;
import dev.berth.HostAccess;
import dev.berth.WithContainer;
import dev.berth.WithNetwork;
import dev.berth.WithRegistry;
import dev.berth.WithSwarm;
import dev.berth.WithVolume;
import dev.berth.internal.Specs.BuildSpec;
import dev.berth.internal.Specs.ContainerSpec;
import dev.berth.internal.Specs.EnvironmentSpec;
import dev.berth.internal.Specs.NetworkSpec;
import dev.berth.internal.Specs.Origin;
import dev.berth.internal.Specs.PortSpec;
import dev.berth.internal.Specs.Seed;
import dev.berth.internal.Specs.StackSpec;
import dev.berth.internal.Specs.VolumeSpec;
import dev.berth.internal.Specs.WaitKind;
import dev.berth.internal.Specs.WaitSpec;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Method;
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
    static final Pattern ENV = Pattern.compile("[A-Za-z_][A-Za-z0-9_.]*=.*", Pattern.DOTALL);
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

    /** The declarations of a class or method, placeholders resolved from the configuration (generated values new). */
    public static EnvironmentSpec read(AnnotatedElement element, Config config) {
        return read(element, config, Placeholders.of(config, List.of()));
    }

    /** The declarations of a class or method, placeholders resolved with {@code placeholders}. */
    public static EnvironmentSpec read(AnnotatedElement element, Config config, Placeholders placeholders) {
        String where = describe(element);
        identicalDuplicates(element, WithNetwork.class, "WithNetwork", Declarations::logicalName, where);
        identicalDuplicates(element, WithVolume.class, "WithVolume", Declarations::logicalName, where);
        identicalDuplicates(element, WithContainer.class, "WithContainer", Declarations::logicalName, where);
        identicalDuplicates(element, ComposeStack.class, "ComposeStack", Declarations::logicalName, where);
        identicalDuplicates(element, BuildImage.class, "BuildImage", Declarations::logicalName, where);
        Declared declared = new Declared(AnnotationSupport.findRepeatableAnnotations(element, WithNetwork.class),
                AnnotationSupport.findRepeatableAnnotations(element, WithVolume.class),
                AnnotationSupport.findRepeatableAnnotations(element, ComposeStack.class),
                AnnotationSupport.findRepeatableAnnotations(element, WithContainer.class),
                AnnotationSupport.findRepeatableAnnotations(element, BuildImage.class),
                AnnotationSupport.findAnnotation(element, WithRegistry.class).map(List::of).orElse(List.of()),
                element instanceof Class<?> type ? AnnotationSupport.findAnnotation(type, WithSwarm.class).map(List::of).orElse(List.of())
                        : List.of());
        return read(where, declared, HostPolicy.allowed(element, config), config, placeholders);
    }

    /**
     * Berth's declarations of one scope, as annotations: read from a class or method, or written by a
     * programmatic environment; {@code swarms} holds the scope's {@code @WithSwarm} (a class's only).
     */
    public record Declared(List<WithNetwork> networks, List<WithVolume> volumes, List<ComposeStack> stacks,
                           List<WithContainer> containers, List<BuildImage> builds, List<WithRegistry> registries,
                           List<WithSwarm> swarms) {
        /** Declarations without a swarm. */
        public Declared(List<WithNetwork> networks, List<WithVolume> volumes, List<ComposeStack> stacks,
                        List<WithContainer> containers, List<BuildImage> builds, List<WithRegistry> registries) {
            this(networks, volumes, stacks, containers, builds, registries, List.of());
        }
    }

    /**
     * Validates declarations into an {@link EnvironmentSpec}: every string attribute first has its
     * placeholders resolved, then everything is checked as for annotations on a class.
     *
     * @param where the scope, for messages: "class FooTest", "BerthEnvironment in field FooTest.env"
     */
    public static EnvironmentSpec read(String where, Declared raw, Set<HostAccess> allowed, Config config, Placeholders placeholders) {
        Declared d = new Declared(resolved(raw.networks(), "WithNetwork", where, placeholders),
                resolved(raw.volumes(), "WithVolume", where, placeholders),
                resolved(raw.stacks(), "ComposeStack", where, placeholders),
                resolved(raw.containers(), "WithContainer", where, placeholders),
                resolved(raw.builds(), "BuildImage", where, placeholders),
                resolved(raw.registries(), "WithRegistry", where, placeholders), raw.swarms());
        if (d.registries().size() > 1) {
            throw fail(new Origin("WithRegistry", logicalName(d.registries().get(1)), where), "a second registry is declared",
                    "declare one registry per scope");
        }
        Specs.SwarmSpec swarm = swarm(d.swarms(), where);
        List<NetworkSpec> networks = new ArrayList<>();
        List<VolumeSpec> volumes = new ArrayList<>();
        List<ContainerSpec> containers = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (WithNetwork n : d.networks()) {
            Origin origin = new Origin("WithNetwork", n.name(), where);
            checkName(n.name(), origin, "name");
            unique(seen, "network", n.name(), origin);
            if (n.driver().isBlank()) {
                throw fail(origin, "driver is blank", "leave driver out for a bridge network, or name a driver such as \"bridge\"");
            }
            if (!n.gateway().isBlank() && n.subnet().isBlank()) {
                throw fail(origin, "gateway \"" + n.gateway() + "\" is given without a subnet", "declare subnet as well, e.g. subnet = \"172.28.0.0/16\"",
                        "declare subnet as well, e.g. network(\"" + n.name() + "\", n -> n.subnet(\"172.28.0.0/16\").gateway(\"" + n.gateway() + "\"))");
            }
            if (!n.subnet().isBlank() && !n.subnet().matches("\\d{1,3}(\\.\\d{1,3}){3}/\\d{1,2}")) {
                throw fail(origin, "subnet \"" + n.subnet() + "\" is not IPv4 CIDR", "write it like \"172.28.0.0/16\"");
            }
            if (n.encrypted() && !OVERLAY.equals(n.driver())) {
                throw fail(origin, "encrypted = true needs driver = \"overlay\" (it is \"" + n.driver() + "\")",
                        "set driver = \"overlay\" (with @WithSwarm on the class), or leave encrypted out");
            }
            networks.add(new NetworkSpec(n.name(), n.driver(), n.internal(), n.subnet(), n.gateway(), n.encrypted(),
                    options(n.options(), origin), labels(n.labels(), origin), origin));
        }
        for (WithVolume v : d.volumes()) {
            Origin origin = new Origin("WithVolume", v.name(), where);
            checkName(v.name(), origin, "name");
            unique(seen, "volume", v.name(), origin);
            Seed seed = v.seedFrom().isBlank() ? null : seed(v.seedFrom(), origin, allowed);
            volumes.add(new VolumeSpec(v.name(), seed, labels(v.labels(), origin), origin));
        }
        List<StackSpec> stacks = new ArrayList<>();
        for (ComposeStack c : d.stacks()) {
            stacks.add(StackDeclaration.read(c, where, seen, config, allowed));
        }
        for (WithContainer c : d.containers()) {
            containers.add(ContainerDeclaration.read(c, where, seen, config, allowed));
        }
        List<BuildSpec> builds = new ArrayList<>();
        for (BuildImage b : d.builds()) {
            builds.add(build(b, where, seen, allowed));
        }
        List<Specs.RegistrySpec> registries = new ArrayList<>();
        for (WithRegistry r : d.registries()) {
            Origin origin = new Origin("WithRegistry", r.name(), where);
            checkName(r.name(), origin, "name");
            unique(seen, "container", r.name(), origin);
            if (r.username().isEmpty() != r.password().isEmpty()) {
                throw fail(origin, "only one of username and password is set", "set both for basic auth, or neither for an open registry");
            }
            List<String> env = r.username().isEmpty() ? List.of()
                    : List.of("REGISTRY_USER=" + r.username(), "REGISTRY_PASSWORD=" + r.password());
            containers.add(new ContainerSpec(r.name(), config.registryImage(), List.of(), List.of(), env,
                    List.of(new PortSpec(config.bindAddress(), null, 5000, "tcp", "5000")), List.of(), List.of(), List.of(),
                    List.of(new WaitSpec(WaitKind.HEALTHY, 0, null, null, 0, List.of(), config.waitTimeout())), List.of(), "", "",
                    false, Map.of(), "", origin));
            registries.add(new Specs.RegistrySpec(r.name(), r.username(), r.password()));
        }
        ContainerDeclaration.dnsCollisions(containers);
        if (swarm != null) {
            nodesOfTheSwarm(containers, swarm);
        }
        return new EnvironmentSpec(where, List.copyOf(builds), List.copyOf(networks), List.copyOf(volumes), List.copyOf(stacks),
                List.copyOf(containers), List.copyOf(registries), swarm);
    }

    private static final String OVERLAY = "overlay";

    /** The scope's swarm (null when it declares none): one, of 1 to 9 nodes. */
    private static Specs.SwarmSpec swarm(List<WithSwarm> declared, String where) {
        if (declared.isEmpty()) {
            return null;
        }
        String origin = "@WithSwarm on " + where;
        if (declared.size() > 1) {
            throw new ExtensionConfigurationException(origin + ": a second swarm is declared. Fix: declare one swarm per scope.");
        }
        int nodes = declared.get(0).nodes();
        if (nodes < 1 || nodes > 9) {
            throw new ExtensionConfigurationException(origin + ": nodes = " + nodes + " is out of range. Fix: ask for 1 to 9 nodes"
                    + " (each local node is an engine in a privileged container).");
        }
        return new Specs.SwarmSpec(nodes, origin);
    }

    /** Refuses a container of the scope that runs on a node its own swarm does not have, so a typo costs no swarm. */
    private static void nodesOfTheSwarm(List<ContainerSpec> containers, Specs.SwarmSpec swarm) {
        for (ContainerSpec c : containers) {
            if (!c.node().isEmpty() && !swarm.names().contains(c.node())) {
                throw fail(c.origin(), "it runs on node \"" + c.node() + "\", which the swarm does not have (its nodes: "
                        + swarm.names() + ")", "use one of those names, or declare more nodes with @WithSwarm(nodes = N)",
                        "use one of those names, or declare more nodes with swarm(N)");
            }
        }
    }

    /** A network's driver options, {@code key=value} each. */
    private static Map<String, String> options(String[] declared, Origin origin) {
        Map<String, String> options = new LinkedHashMap<>();
        for (String option : declared) {
            int eq = option.indexOf('=');
            if (eq <= 0) {
                throw fail(origin, "option \"" + option + "\" is not key=value", "write driver options like \"parent=eth0\"");
            }
            options.put(option.substring(0, eq).trim(), option.substring(eq + 1).trim());
        }
        return options;
    }

    /**
     * Declarations written by a programmatic environment for the scope of {@code element} (its test
     * class or method): host access as the element allows it, plus {@code alsoAllowed}.
     */
    public static EnvironmentSpec read(String where, Declared declared, AnnotatedElement element, Set<HostAccess> alsoAllowed,
                                       Config config, Placeholders placeholders) {
        Set<HostAccess> allowed = new HashSet<>(HostPolicy.allowed(element, config));
        allowed.addAll(alsoAllowed);
        return read(where, declared, allowed, config, placeholders);
    }

    /** The declarations with their placeholders resolved; an unresolved one fails naming the declaration and attribute. */
    private static <A extends java.lang.annotation.Annotation> List<A> resolved(List<A> declared, String annotation, String where,
            Placeholders placeholders) {
        List<A> out = new ArrayList<>();
        for (A a : declared) {
            String origin = new Origin(annotation, logicalName(a), where).toString();
            out.add(Annotations.mapStrings(a, (attribute, value) -> runsInTheContainer(attribute) ? value
                    : placeholders.resolve(value, origin + ", attribute " + attribute)));
        }
        return out;
    }

    private static final java.util.regex.Pattern COMMANDS = java.util.regex.Pattern.compile("(.*\\.)?(command|entrypoint)(\\[\\d+])?");

    /**
     * Whether an attribute is a command run in the container ({@code command}, {@code entrypoint},
     * {@code @WaitFor(command)}): there {@code ${...}} belongs to the container's shell
     * ({@code sh -c "echo ${HOME}"}), never to Berth; pass a configured value in through {@code env}.
     */
    static boolean runsInTheContainer(String attribute) {
        return COMMANDS.matcher(attribute).matches();
    }

    /** The logical name of a declaration: its {@code name} attribute (or the older {@code value} or {@code tag}). */
    static String logicalName(java.lang.annotation.Annotation a) {
        Map<String, Object> values = Annotations.values(a);
        for (String key : List.of("name", "value", "tag")) {
            if (values.get(key) instanceof String s) {
                return s;
            }
        }
        return "";
    }

    private static BuildSpec build(BuildImage b, String where, Set<String> seen, Set<HostAccess> allowed) {
        Origin origin = new Origin("BuildImage", b.name(), where);
        if (!b.name().matches("[a-z0-9][a-z0-9._/-]*(:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?")) {
            throw fail(origin, "name \"" + b.name() + "\" is not a valid image reference",
                    "use lower-case repository[:tag], e.g. \"lesson/hello:1\"");
        }
        unique(seen, "image", b.name(), origin);
        Path context = allowedPath(b.context(), allowed, origin, "the build context \"" + b.context() + "\"",
                "build from a directory of the project");
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
        BuildSpec spec = new BuildSpec(context, b.name(), dockerfile, List.of(b.buildArgs()), b.target(), labels(b.labels(), origin),
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

    static Seed seed(String declared, Origin origin, Set<HostAccess> allowed) {
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

    static Map<String, String> labels(String[] declared, Origin origin) {
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

    static void checkName(String name, Origin origin, String attribute) {
        if (!NAME.matcher(name).matches()) {
            throw fail(origin, attribute + " \"" + name + "\" is not a valid name",
                    "use letters, digits, '.', '_' or '-', starting with a letter or digit, at most 63 characters (it becomes a DNS name)");
        }
    }

    static void unique(Set<String> seen, String kind, String name, Origin origin) {
        if (!seen.add(kind + ":" + name)) {
            throw fail(origin, "the " + kind + " name \"" + name + "\" is declared twice in the same scope",
                    "give each " + kind + " a distinct logical name");
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

    /**
     * A declared path, resolved and checked against the host-access policy; null for a classpath
     * resource that is absent or not a plain file.
     */
    static Path allowedPath(String declared, Set<HostAccess> allowed, Origin origin, String subject, String otherwise) {
        DeclaredPath p = DeclaredPath.of(declared);
        if (p.path() != null) {
            HostPolicy.checkPath(p.path(), p.classpath(), allowed, origin, subject, otherwise);
        }
        return p.path();
    }

    /** A declared duration (empty: the fallback), refused when it is not a duration or is zero. */
    static Duration positiveDuration(String declared, Duration fallback, String attribute, String label,
                                               String example, String leaveEmpty, Origin origin) {
        Duration d;
        try {
            d = declared.isBlank() ? fallback : Config.duration(declared, attribute);
        } catch (IllegalArgumentException e) {
            throw fail(origin, e.getMessage(), "use a duration such as \"" + example + "\"");
        }
        if (d.isZero()) {
            throw fail(origin, label + " \"" + declared + "\" is not positive", "use a duration such as \"" + example + "\", " + leaveEmpty);
        }
        return d;
    }

    static ExtensionConfigurationException fail(Origin origin, String what, String fix) {
        return new ExtensionConfigurationException(Secrets.mask(origin + ": " + what + ". Fix: " + fix + ".")); // a malformed entry may hold one
    }

    /** As {@link #fail(Origin, String, String)}, with the fix worded for the origin: annotation attributes, or builder calls. */
    static ExtensionConfigurationException fail(Origin origin, String what, String annotationFix, String builderFix) {
        return fail(origin, what, origin.programmatic() ? builderFix : annotationFix);
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
