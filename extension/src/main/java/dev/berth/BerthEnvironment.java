package dev.berth;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;
import static org.apiguardian.api.API.Status.STABLE;

import dev.berth.internal.Annotations;
import dev.berth.internal.Config;
import dev.berth.internal.Declarations;
import dev.berth.internal.Environment;
import dev.berth.internal.Specs;
import java.lang.annotation.Annotation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import org.apiguardian.api.API;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

/**
 * A test environment declared in code: the same networks, volumes, containers, images to build,
 * compose stacks and registry as Berth's annotations, with values computed at run time.
 *
 * <p>Register it with {@code @RegisterExtension}: in a {@code static} field it lives for the
 * class (and its {@code @Nested} classes), in an instance field for each test. It is read and
 * checked exactly like the annotations (the builder writes the same declarations, placeholders
 * included), so bad input fails with the same messages before anything is created.
 *
 * <pre>{@code
 * @RegisterExtension
 * static BerthEnvironment env = BerthEnvironment.builder()
 *         .network("backend")
 *         .container("db", c -> c.image("berth/mariadb:latest").env("MARIADB_ROOT_PASSWORD", "${random.db}")
 *                 .networks("backend").waitFor(w -> w.port(3306)))
 *         .build();
 *
 * @Test void up() { assertThat(env.container("db")).isRunning(); }
 * }</pre>
 *
 * <p>With annotations on the same class, both make up the scope: the annotations' environment
 * starts first, so the builder's containers may join its networks and mount its volumes (not the
 * other way round); a name declared by both is refused. During a test, {@link #start},
 * {@link #replace} and {@link #remove} change the containers of this environment; whatever they
 * start is removed with it.
 */
@API(status = STABLE, since = "0.2")
public final class BerthEnvironment implements BeforeAllCallback, BeforeEachCallback, AfterTestExecutionCallback,
        ParameterResolver, TestExecutionExceptionHandler, org.junit.jupiter.api.extension.AfterEachCallback,
        org.junit.jupiter.api.extension.AfterAllCallback {

    private final Declarations.Declared declared;
    /** Set by {@link Builder#reuse()}: the environment is kept between runs, as with {@link ReuseEnvironment @ReuseEnvironment}. */
    private final ReuseEnvironment reuse;
    private final ProgrammaticEnvironment programmatic;

    private BerthEnvironment(Builder builder) {
        this.declared = new Declarations.Declared(List.copyOf(builder.networks), List.copyOf(builder.volumes), List.copyOf(builder.stacks),
                List.copyOf(builder.containers), List.copyOf(builder.images), List.copyOf(builder.registries), List.copyOf(builder.swarms));
        this.reuse = builder.reuse;
        this.programmatic = new ProgrammaticEnvironment(this, declared, builder.allowed.isEmpty() ? Set.of() : Set.copyOf(builder.allowed),
                builder.shared, reuse);
    }

    /** A new, empty builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** The running side of this environment. */
    ProgrammaticEnvironment programmatic() {
        return programmatic;
    }

    // ---------------------------------------------------------------- lifecycle

    /** Starts the environment for the class when registered in a static field (or with a per-class test instance). */
    @Override
    public void beforeAll(ExtensionContext context) {
        programmatic.start(context, context.getRequiredTestClass());
    }

    /**
     * Starts the environment for the test when registered in an instance field; a container of this
     * environment that an earlier test found exited at start fails the test before it runs.
     */
    @Override
    public void beforeEach(ExtensionContext context) {
        programmatic.start(context, context.getRequiredTestMethod());
        programmatic.throwSettleFailureSoFar(context);
    }

    /** Marks this environment failed when its test failed (for {@code berth.cleanup=on_success}). */
    @Override
    public void afterTestExecution(ExtensionContext context) {
        programmatic.markFailedIfTestFailed(context);
    }

    /**
     * Collects the start-up check of this environment's containers (a container that exited at start fails
     * the test), and with {@code berth.diagrams.dir} set draws this environment in its class's picture when
     * its test ends (an instance field).
     */
    @Override
    public void afterEach(ExtensionContext context) {
        try {
            programmatic.picture(context);
        } finally {
            programmatic.settleBoundary(context, false);
        }
    }

    /**
     * Reports a container of this environment that exited at start and that no test reported, and with
     * {@code berth.diagrams.dir} set draws this environment in its class's picture when its class ends (a static field).
     */
    @Override
    public void afterAll(ExtensionContext context) {
        try {
            programmatic.picture(context);
        } finally {
            programmatic.settleBoundary(context, true);
        }
    }

    // ---------------------------------------------------------------- injection and diagnostics

    /**
     * Resolves Berth's handles (and {@code @Berth("random.NAME") String}) as {@link Berth @Berth} does,
     * unless Berth's annotations already do it for this test, or another environment of the test does.
     */
    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return BerthExtension.supports(parameter) && programmatic.owner(context);
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return BerthExtension.resolve(parameter, context, true);
    }

    /** Adds the environment's summary (containers, logs, networks) to a failing test's report, as the annotations do. */
    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable throwable) throws Throwable {
        if (programmatic.owner(context)) {
            BerthExtension.diagnose(context, throwable);
        }
        throw throwable;
    }

    // ---------------------------------------------------------------- handles

    /** The container of this environment (or an enclosing scope) with this logical name or alias. */
    public BerthContainer container(String name) {
        return programmatic.running().findContainer(name).orElseThrow(() -> programmatic.missing("container", name));
    }

    /** The network of this environment (or an enclosing scope) with this logical name; {@code STACK/NETWORK} for a stack's. */
    public BerthNetwork network(String name) {
        return programmatic.running().network(name).orElseThrow(() -> programmatic.missing("network", name));
    }

    /** The volume of this environment (or an enclosing scope) with this logical name. */
    public BerthVolume volume(String name) {
        return programmatic.running().volume(name).orElseThrow(() -> programmatic.missing("volume", name));
    }

    /** The compose stack of this environment (or an enclosing scope) with this logical name. */
    public BerthStack stack(String name) {
        return programmatic.running().stack(name).orElseThrow(() -> programmatic.missing("stack", name));
    }

    /** The image this environment built with this name (its tag). */
    public BerthImage image(String name) {
        return programmatic.find(Environment::images, name).orElseThrow(() -> programmatic.missing("image", name));
    }

    /** The registry this environment runs, by logical name ({@code registry} unless named otherwise). */
    public BerthRegistry registry(String name) {
        return programmatic.find(Environment::registries, name).orElseThrow(() -> programmatic.missing("registry", name));
    }

    /**
     * The value generated for {@code ${random.NAME}} in this environment's declarations (or an
     * enclosing scope's): 24 letters and digits, masked in everything Berth prints.
     */
    public String generated(String name) {
        return programmatic.generated(name);
    }

    // ---------------------------------------------------------------- containers during a test

    /**
     * Starts a container in this running environment, checked like a declared one before anything is
     * created, and waits until it is ready; it is removed with the environment (or by {@link #remove}).
     */
    public BerthContainer start(String name, Consumer<Container> settings) {
        Environment env = programmatic.running();
        return env.startContainer(programmatic.read(containerDeclaration(name, settings), env));
    }

    /**
     * Removes the container {@code name} of this environment and starts a new one under that name
     * with new settings; the new settings are checked before the old container is removed.
     */
    public BerthContainer replace(String name, Consumer<Container> settings) {
        Environment env = programmatic.running();
        if (!env.containers().containsKey(name)) {
            env.removeContainer(name); // throws, naming the containers there are
        }
        Specs.ContainerSpec spec = programmatic.read(containerDeclaration(name, settings), env);
        env.removeContainer(name);
        return env.startContainer(spec);
    }

    /** Removes the container {@code name} of this environment now. */
    public void remove(String name) {
        programmatic.running().removeContainer(name);
    }

    // ---------------------------------------------------------------- the builder

    /** Collects the declarations of a {@link BerthEnvironment}; each method adds one, in the order called. */
    @API(status = STABLE, since = "0.2")
    public static final class Builder {
        private final List<WithNetwork> networks = new ArrayList<>();
        private final List<WithVolume> volumes = new ArrayList<>();
        private final List<ComposeStack> stacks = new ArrayList<>();
        private final List<WithContainer> containers = new ArrayList<>();
        private final List<BuildImage> images = new ArrayList<>();
        private final List<WithRegistry> registries = new ArrayList<>();
        private final List<WithSwarm> swarms = new ArrayList<>();
        private final Set<HostAccess> allowed = EnumSet.noneOf(HostAccess.class);
        private boolean shared;
        private ReuseEnvironment reuse;

        private Builder() {
        }

        /**
         * Keeps the environment after the run and lets the next run adopt it while its declaration is
         * unchanged: the programmatic twin of {@link ReuseEnvironment @ReuseEnvironment}. Only for an
         * environment of a class (a {@code static} field) or of the run ({@link #shared()}); an
         * instance field is refused.
         */
        @API(status = EXPERIMENTAL, since = "0.9")
        public Builder reuse() {
            return reuse(r -> { });
        }

        /** Keeps the environment between runs, as {@link ReuseEnvironment @ReuseEnvironment} with these settings. */
        @API(status = EXPERIMENTAL, since = "0.9")
        public Builder reuse(Consumer<Reuse> settings) {
            this.reuse = Annotations.of(ReuseEnvironment.class, Map.of("resetVolumes", configured(new Reuse(), settings).resetVolumes));
            return this;
        }

        /**
         * Makes the environment one for the whole test run, shared by every test class that registers
         * this same object (typically a {@code static final} field of a holder class, assigned to a
         * {@code @RegisterExtension} field in each class): created when the first of them starts,
         * removed when the test run ends, used by classes running in parallel. The programmatic twin
         * of {@link SharedEnvironment @SharedEnvironment}.
         */
        public Builder shared() {
            this.shared = true;
            return this;
        }

        /** A network, as {@link WithNetwork @WithNetwork} with only its name. */
        public Builder network(String name) {
            return network(name, n -> { });
        }

        /** A network, as {@link WithNetwork @WithNetwork}. */
        public Builder network(String name, Consumer<Network> settings) {
            networks.add(configured(new Network(name), settings).declaration.build(WithNetwork.class));
            return this;
        }

        /** A volume, as {@link WithVolume @WithVolume} with only its name. */
        public Builder volume(String name) {
            return volume(name, v -> { });
        }

        /** A volume, as {@link WithVolume @WithVolume}. */
        public Builder volume(String name, Consumer<Volume> settings) {
            volumes.add(configured(new Volume(name), settings).declaration.build(WithVolume.class));
            return this;
        }

        /** A container, as {@link WithContainer @WithContainer}. */
        public Builder container(String name, Consumer<Container> settings) {
            containers.add(containerDeclaration(name, settings));
            return this;
        }

        /** An image to build, as {@link BuildImage @BuildImage}; {@code name} is its tag. */
        public Builder image(String name, Consumer<Image> settings) {
            images.add(configured(new Image(name), settings).declaration.build(BuildImage.class));
            return this;
        }

        /** A compose stack, as {@link ComposeStack @ComposeStack}. */
        public Builder composeStack(String name, Consumer<Stack> settings) {
            stacks.add(configured(new Stack(name), settings).declaration.build(ComposeStack.class));
            return this;
        }

        /** An open local registry named {@code registry}, as {@link WithRegistry @WithRegistry}. */
        public Builder registry() {
            return registry("registry", r -> { });
        }

        /** A local registry, as {@link WithRegistry @WithRegistry}. */
        public Builder registry(String name, Consumer<Registry> settings) {
            registries.add(configured(new Registry(name), settings).declaration.build(WithRegistry.class));
            return this;
        }

        /**
         * A swarm of {@code nodes} engines for this environment, {@code node-1} (the manager) to {@code node-N},
         * as {@link WithSwarm @WithSwarm}: formed before its containers start and removed after them.
         */
        @API(status = EXPERIMENTAL, since = "0.9")
        public Builder swarm(int nodes) {
            swarms.add(Annotations.of(WithSwarm.class, Map.of("nodes", nodes)));
            return this;
        }

        /** Allows these kinds of host access to this environment's declarations, as {@link AllowHostAccess @AllowHostAccess}. */
        public Builder allowHostAccess(HostAccess... kinds) {
            allowed.addAll(Arrays.asList(kinds));
            return this;
        }

        /** The environment, to register with {@code @RegisterExtension}; it is checked and started by JUnit. */
        public BerthEnvironment build() {
            return new BerthEnvironment(this);
        }
    }

    /** Attribute values of one declaration, made into Berth's annotation of that kind. */
    private static final class Values {
        private final Map<String, Object> values = new LinkedHashMap<>();
        private final Map<String, List<String>> lists = new LinkedHashMap<>();
        private final String name;

        Values(String name) {
            this.name = Objects.requireNonNull(name, "name");
        }

        void set(String attribute, Object value) {
            values.put(attribute, Objects.requireNonNull(value, attribute));
        }

        void add(String attribute, String... items) {
            for (String item : items) {
                lists.computeIfAbsent(attribute, k -> new ArrayList<>()).add(Objects.requireNonNull(item, attribute));
            }
        }

        <A extends Annotation> A build(Class<A> type) {
            Map<String, Object> all = new LinkedHashMap<>(values);
            lists.forEach((k, v) -> all.put(k, v.toArray(String[]::new)));
            all.put("name", name); // every declaration's logical name
            return Annotations.of(type, all);
        }
    }

    /** {@code target}, after {@code settings} have been applied to it. */
    private static <T> T configured(T target, Consumer<? super T> settings) {
        settings.accept(target);
        return target;
    }

    /** The declaration of the container {@code name} with {@code settings}, for the builder and for a start during a test. */
    private static WithContainer containerDeclaration(String name, Consumer<Container> settings) {
        return configured(new Container(name), settings).toAnnotation();
    }

    private static String entry(String key, String value) {
        return key + "=" + value;
    }

    /** The settings of a network, named as the attributes of {@link WithNetwork @WithNetwork}. */
    @API(status = STABLE, since = "0.2")
    public static final class Network {
        private final Values declaration;

        private Network(String name) {
            declaration = new Values(name);
        }

        /** The network driver; {@code bridge} by default. */
        public Network driver(String driver) {
            declaration.set("driver", driver);
            return this;
        }

        /** Makes the network internal: containers on it reach each other but nothing outside. */
        public Network internal(boolean internal) {
            declaration.set("internal", internal);
            return this;
        }

        /** An IPv4 subnet in CIDR form, such as {@code 172.28.0.0/16}. */
        public Network subnet(String subnet) {
            declaration.set("subnet", subnet);
            return this;
        }

        /** The gateway inside the subnet. */
        public Network gateway(String gateway) {
            declaration.set("gateway", gateway);
            return this;
        }

        /** An extra label. */
        public Network label(String key, String value) {
            declaration.add("labels", entry(key, value));
            return this;
        }

        /** Encrypts traffic between nodes (IPsec); only for the {@code overlay} driver, which needs a swarm. */
        @API(status = EXPERIMENTAL, since = "0.9")
        public Network encrypted(boolean encrypted) {
            declaration.set("encrypted", encrypted);
            return this;
        }

        /** A driver option ({@code docker network create -o key=value}), such as {@code parent} for a {@code macvlan} network. */
        @API(status = EXPERIMENTAL, since = "0.9")
        public Network option(String key, String value) {
            declaration.add("options", entry(key, value));
            return this;
        }
    }

    /** The settings of a volume, named as the attributes of {@link WithVolume @WithVolume}. */
    @API(status = STABLE, since = "0.2")
    public static final class Volume {
        private final Values declaration;

        private Volume(String name) {
            declaration = new Values(name);
        }

        /** Files to copy into the new volume: {@code classpath:some/dir} or a project directory. */
        public Volume seedFrom(String directory) {
            declaration.set("seedFrom", directory);
            return this;
        }

        /** An extra label. */
        public Volume label(String key, String value) {
            declaration.add("labels", entry(key, value));
            return this;
        }
    }

    /** The settings of a container, named as the attributes of {@link WithContainer @WithContainer}. */
    @API(status = STABLE, since = "0.2")
    public static final class Container {
        private final Values declaration;
        private final List<WaitFor> waits = new ArrayList<>();

        private Container(String name) {
            declaration = new Values(name);
        }

        private WithContainer toAnnotation() {
            declaration.set("waitFor", waits.toArray(WaitFor[]::new));
            if (!declaration.values.containsKey("image")) {
                declaration.set("image", ""); // refused as blank, with the annotations' message
            }
            return declaration.build(WithContainer.class);
        }

        /** The image to run, such as {@code busybox:1.35}. */
        public Container image(String image) {
            declaration.set("image", image);
            return this;
        }

        /** The command (arguments to the entrypoint). */
        public Container command(String... command) {
            declaration.add("command", command);
            return this;
        }

        /** The entrypoint, replacing the image's. */
        public Container entrypoint(String... entrypoint) {
            declaration.add("entrypoint", entrypoint);
            return this;
        }

        /** An environment variable. */
        public Container env(String name, String value) {
            declaration.add("env", entry(name, value));
            return this;
        }

        /** An env file of {@code NAME=value} lines, project-relative or {@code classpath:...}. */
        public Container envFile(String file) {
            declaration.set("envFile", file);
            return this;
        }

        /** Ports to publish, written as in {@link WithContainer#ports()}: {@code "80"}, {@code "8080:80"}, {@code "53/udp"}. */
        public Container ports(String... ports) {
            declaration.add("ports", ports);
            return this;
        }

        /** Logical names of networks to join, the first one first. */
        public Container networks(String... networks) {
            declaration.add("networks", networks);
            return this;
        }

        /** Extra DNS names on its networks. */
        public Container aliases(String... aliases) {
            declaration.add("aliases", aliases);
            return this;
        }

        /** Mounts, written as in {@link WithContainer#volumes()}: {@code "data:/var/lib/data"}, {@code "./dir:/etc/app:ro"}. */
        public Container volumes(String... mounts) {
            declaration.add("volumes", mounts);
            return this;
        }

        /** A readiness condition, as one {@link WaitFor @WaitFor}; call again to require several. */
        public Container waitFor(Consumer<Wait> condition) {
            waits.add(Annotations.of(WaitFor.class, configured(new Wait(), condition).values));
            return this;
        }

        /** Containers that must be ready before this one starts. */
        public Container dependsOn(String... containers) {
            declaration.add("dependsOn", containers);
            return this;
        }

        /** The user to run as. */
        public Container user(String user) {
            declaration.set("user", user);
            return this;
        }

        /** The working directory. */
        public Container workdir(String workdir) {
            declaration.set("workdir", workdir);
            return this;
        }

        /** The swarm node to run on, such as {@code "node-2"}; the default engine unless set. */
        @API(status = EXPERIMENTAL, since = "0.9")
        public Container node(String node) {
            declaration.set("node", node);
            return this;
        }

        /** Runs the container privileged (allowed only with {@link HostAccess#PRIVILEGED}). */
        public Container privileged(boolean privileged) {
            declaration.set("privileged", privileged);
            return this;
        }

        /** An extra label. */
        public Container label(String key, String value) {
            declaration.add("labels", entry(key, value));
            return this;
        }
    }

    /** One readiness condition, named as the attributes of {@link WaitFor @WaitFor}: set exactly one of them. */
    @API(status = STABLE, since = "0.2")
    public static final class Wait {
        private final Map<String, Object> values = new LinkedHashMap<>();

        private Wait() {
        }

        /** A container port that must accept TCP connections (also the port of {@link #http}). */
        public Wait port(int port) {
            values.put("port", port);
            return this;
        }

        /** A regular expression some line of the container's output must match. */
        public Wait log(String regex) {
            values.put("log", Objects.requireNonNull(regex, "log"));
            return this;
        }

        /** An HTTP path that must answer {@link #status} (200 unless set) on {@link #port}. */
        public Wait http(String path) {
            values.put("http", Objects.requireNonNull(path, "http"));
            return this;
        }

        /** The HTTP status {@link #http} must answer. */
        public Wait status(int status) {
            values.put("status", status);
            return this;
        }

        /**
         * Requires the image's healthcheck to pass: Docker reports the container healthy, or Berth's own
         * run of the same health test exits 0 (Docker marks it healthy on that first success too).
         */
        public Wait healthy() {
            values.put("healthy", true);
            return this;
        }

        /** A command run inside the container that must exit with code 0. */
        public Wait command(String... command) {
            values.put("command", command.clone());
            return this;
        }

        /** How long to wait, such as {@code "90s"}; {@code berth.wait.timeout} unless set. */
        public Wait timeout(String timeout) {
            values.put("timeout", Objects.requireNonNull(timeout, "timeout"));
            return this;
        }

        /** How long to wait. */
        public Wait timeout(Duration timeout) {
            return timeout(timeout.toMillis() + "ms");
        }
    }

    /** The settings of an image build, named as the attributes of {@link BuildImage @BuildImage}. */
    @API(status = STABLE, since = "0.2")
    public static final class Image {
        private final Values declaration;

        private Image(String name) {
            declaration = new Values(name);
            declaration.set("context", ""); // refused as no directory, with the annotations' message
        }

        /** The build context directory, project-relative or {@code classpath:...}. */
        public Image context(String directory) {
            declaration.set("context", directory);
            return this;
        }

        /** The Dockerfile, relative to the context. */
        public Image dockerfile(String dockerfile) {
            declaration.set("dockerfile", dockerfile);
            return this;
        }

        /** A build arg. */
        public Image buildArg(String name, String value) {
            declaration.add("buildArgs", entry(name, value));
            return this;
        }

        /** The stage to build in a multi-stage Dockerfile. */
        public Image target(String stage) {
            declaration.set("target", stage);
            return this;
        }

        /** A label to put on the image. */
        public Image label(String key, String value) {
            declaration.add("labels", entry(key, value));
            return this;
        }

        /** Whether to keep the image after the scope (the default) or remove it with the environment. */
        public Image keep(boolean keep) {
            declaration.set("keep", keep);
            return this;
        }
    }

    /** The settings of a compose stack, named as the attributes of {@link ComposeStack @ComposeStack}. */
    @API(status = STABLE, since = "0.2")
    public static final class Stack {
        private final Values declaration;

        private Stack(String name) {
            declaration = new Values(name);
            declaration.set("files", new String[0]); // refused as empty, with the annotations' message
        }

        /** Compose files, project-relative or {@code classpath:...}; later files override earlier ones. */
        public Stack files(String... files) {
            declaration.values.remove("files");
            declaration.add("files", files);
            return this;
        }

        /** The project directory. */
        public Stack projectDirectory(String directory) {
            declaration.set("projectDirectory", directory);
            return this;
        }

        /** A variable for interpolation in the compose files. */
        public Stack env(String name, String value) {
            declaration.add("env", entry(name, value));
            return this;
        }

        /** Env files passed with {@code --env-file}. */
        public Stack envFiles(String... files) {
            declaration.add("envFiles", files);
            return this;
        }

        /** Profiles to enable. */
        public Stack profiles(String... profiles) {
            declaration.add("profiles", profiles);
            return this;
        }

        /** The services to start (with their dependencies). */
        public Stack services(String... services) {
            declaration.add("services", services);
            return this;
        }

        /** Runs {@code replicas} containers of {@code service}. */
        public Stack scale(String service, int replicas) {
            declaration.add("scale", service + "=" + replicas);
            return this;
        }

        /** Whether to build images before starting ({@code up --build}). */
        public Stack build(boolean build) {
            declaration.set("build", build);
            return this;
        }

        /** When to pull images: {@code missing} (default), {@code never} or {@code always}. */
        public Stack pull(String policy) {
            declaration.set("pull", policy);
            return this;
        }

        /** Whether to wait with {@code up --wait} (the default). */
        public Stack waitForServices(boolean wait) {
            declaration.set("waitForServices", wait);
            return this;
        }

        /** The longest wait, such as {@code "90s"}. */
        public Stack waitTimeout(String timeout) {
            declaration.set("waitTimeout", timeout);
            return this;
        }
    }

    /** The settings of a local registry, named as the attributes of {@link WithRegistry @WithRegistry}. */
    @API(status = STABLE, since = "0.2")
    public static final class Registry {
        private final Values declaration;

        private Registry(String name) {
            declaration = new Values(name);
        }

        /** A user name to require (basic auth). */
        public Registry username(String username) {
            declaration.set("username", username);
            return this;
        }

        /** The password for the user name; {@code ${random.NAME}} generates one. */
        public Registry password(String password) {
            declaration.set("password", password);
            return this;
        }
    }

    /** The settings of an environment kept between runs, named as the attributes of {@link ReuseEnvironment @ReuseEnvironment}. */
    @API(status = EXPERIMENTAL, since = "0.9")
    public static final class Reuse {
        private boolean resetVolumes;

        private Reuse() {
        }

        /**
         * Whether the named volumes are put back, on every adoption, to the content they had when the
         * environment was first ready; default: they keep what the last run wrote.
         */
        public Reuse resetVolumes(boolean resetVolumes) {
            this.resetVolumes = resetVolumes;
            return this;
        }
    }
}
