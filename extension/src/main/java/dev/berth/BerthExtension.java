package dev.berth;

import dev.berth.internal.Config;
import dev.berth.internal.ContainerHandle;
import dev.berth.internal.Declarations;
import dev.berth.internal.Environment;
import dev.berth.internal.EnvironmentPicture;
import dev.berth.internal.Secrets;
import dev.berth.internal.topology.CheckLog;
import dev.berth.internal.topology.Diagrams;
import dev.berth.internal.topology.Topology;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;
import org.junit.platform.commons.support.AnnotationSupport;
import org.junit.platform.commons.support.HierarchyTraversalMode;

/**
 * The extension behind Berth's annotations: builds the declared environment of each scope,
 * injects handles, attaches diagnostics to failures, and leaves cleanup to the JUnit store
 * (each {@link Environment} is an {@link AutoCloseable} value in the store of its scope).
 *
 * <p>Longer than 300 lines because JUnit sees one extension: its callbacks, parameter and field
 * injection and the pictures share the store's keys; what a failure reports is in
 * {@link FailureDiagnostics}.
 */
final class BerthExtension implements ExecutionCondition, BeforeAllCallback, BeforeEachCallback, AfterTestExecutionCallback,
        AfterEachCallback, AfterAllCallback, ParameterResolver, TestExecutionExceptionHandler {

    private static final Namespace NAMESPACE = Namespace.create(BerthExtension.class);

    /**
     * Skips a class or method when no engine answers and the test asked for that with
     * {@link DisabledWithoutDocker} or {@code berth.engine.unavailable=skip}; otherwise enabled, and
     * a missing engine fails the environment's start with the reason.
     */
    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        boolean asked = context.getElement().map(e -> AnnotationSupport.isAnnotated(e, DisabledWithoutDocker.class)).orElse(false);
        for (ExtensionContext c = context; !asked && c != null; c = c.getParent().orElse(null)) {
            asked = c.getTestClass().map(t -> AnnotationSupport.isAnnotated(t, DisabledWithoutDocker.class)).orElse(false);
        }
        if (!asked) {
            boolean skipAll;
            try {
                skipAll = Config.of(context).skipWithoutEngine();
            } catch (ExtensionConfigurationException invalid) {
                // the scope's own start reads the configuration again and fails with this error, typed as it is
                return ConditionEvaluationResult.enabled("invalid Berth configuration, reported when the scope starts");
            }
            if (!skipAll) {
                return ConditionEvaluationResult.enabled("Berth fails clearly without an engine (no @DisabledWithoutDocker)");
            }
        }
        return dev.berth.internal.Docker.unavailableReason()
                .map(reason -> ConditionEvaluationResult.disabled("Skipped: no Docker engine. " + reason))
                .orElseGet(() -> ConditionEvaluationResult.enabled("a Docker engine answers"));
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        Class<?> testClass = context.getRequiredTestClass();
        Config config = Config.of(context);
        Optional<SharedEnvironment> shared = AnnotationSupport.findAnnotation(testClass, SharedEnvironment.class);
        if (shared.isPresent()) {
            List<String> keys = new ArrayList<>();
            for (Class<?> declaring : shared.get().value()) {
                if (!Declarations.hasAny(declaring)) {
                    throw new ExtensionConfigurationException("@SharedEnvironment(" + declaring.getSimpleName() + ".class) on "
                            + testClass.getName() + ": " + declaring.getName() + " declares no @WithNetwork, @WithVolume or"
                            + " @WithContainer. Fix: annotate " + declaring.getSimpleName() + " with the shared declarations.");
                }
                String key = "shared:" + declaring.getName();
                ExtensionContext.Store root = context.getRoot().getStore(NAMESPACE);
                root.getOrComputeIfAbsent(key, k -> {
                    var placeholders = dev.berth.internal.Placeholders.of(config, List.of());
                    var spec = Declarations.read(declaring, config, placeholders);
                    return reusable(declaring, new Environment(spec, List.of(), "shared:" + declaring.getName(), config,
                            cleanupMode(declaring, config), placeholders.generated())
                            .place(dev.berth.internal.swarm.Placement.of(spec, null))).deferStartupSettle().start(); // no swarm: suite-wide
                }, Environment.class);
                keys.add(key);
            }
            context.getStore(NAMESPACE).put(sharedKey(context), keys);
        }
        RegisteredEnvironments.startSharedFields(context); // before the class's environment, which may join their networks
        preflightTestMethods(context, testClass, config);
        if (!Declarations.hasAny(testClass) && !AnnotationSupport.isAnnotated(testClass, WithSwarm.class)) {
            injectFields(context, null);
            return;
        }
        // read once, before the swarm is formed: a wrong node name costs no swarm
        long reading = dev.berth.internal.PhaseTrace.begin(config);
        var placeholders = dev.berth.internal.Placeholders.of(config, visible(context));
        var spec = Declarations.read(testClass, config, placeholders);
        dev.berth.internal.PhaseTrace.end(dev.berth.internal.PhaseTrace.Phase.DISCOVERY, context.getUniqueId(), reading);
        if (spec.swarm() != null && AnnotationSupport.findAnnotation(testClass, ReuseEnvironment.class).isPresent()) {
            throw new ExtensionConfigurationException("@ReuseEnvironment on " + testClass.getName() + ": a class with @WithSwarm"
                    + " cannot keep its environment: the swarm's nodes are removed with the class. Fix: remove one of the two.");
        }
        if (spec.swarm() != null) {
            addSwarm(context, spec.swarm());
        }
        if (Declarations.hasAny(testClass)) {
            startEnvironment(context, testClass, config, spec, placeholders);
        }
        RegisteredEnvironments.startRegisteredFields(context, true); // a field of a builder's handle: it must run before injection
        injectFields(context, null);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        context.getStore(NAMESPACE).put(checksKey(context), CheckLog.mark()); // a failure's picture shows this test's checks
        visible(context).forEach(Environment::throwSettleFailureSoFar); // a container that exited at start: no test runs on it
        AnnotatedElement method = context.getRequiredTestMethod();
        if (Declarations.hasAny(method)) {
            startEnvironment(context, method, Config.of(context));
        }
        if (context.getTestInstanceLifecycle().orElse(null) != org.junit.jupiter.api.TestInstance.Lifecycle.PER_CLASS) {
            RegisteredEnvironments.startRegisteredFields(context, false);
        }
        for (Object instance : context.getRequiredTestInstances().getAllInstances()) {
            injectFields(context, instance);
        }
    }

    @Override
    public void afterTestExecution(ExtensionContext context) {
        if (context.getExecutionException().isPresent()) {
            visible(context).forEach(Environment::markFailed);
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        try {
            collectPicture(context);
        } finally {
            awaitSettled(context, Environment::awaitSettled);
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (context.getExecutionException().isPresent()) {
            visible(context).forEach(Environment::markFailed);
        }
        try {
            collectPicture(context);
        } finally {
            awaitSettled(context, Environment::awaitSettledUnreported); // the tests have reported what they met
        }
    }

    /**
     * The first test boundary after an environment started: a container without {@code @WaitFor}
     * must have stayed up for the start-up settle, which ran in the background while the test ran
     * (it overlaps the test's first work instead of holding up the scope's start). A container that
     * exited non-zero in that window fails this test (or the class, in afterAll), before the next test.
     */
    private static void awaitSettled(ExtensionContext context, java.util.function.Consumer<Environment> join) {
        awaitSettled(visible(context), join);
    }

    /** Joins the start-up settle of these environments; a container that exited at start marks them all failed and is thrown. */
    static void awaitSettled(List<Environment> envs, java.util.function.Consumer<Environment> join) {
        try {
            envs.forEach(join);
        } catch (RuntimeException exitedAtStart) {
            envs.forEach(Environment::markFailed);
            throw exitedAtStart;
        }
    }

    // ---------------------------------------------------------------- pictures (berth.diagrams.dir)

    /** With {@link Config#DIAGRAMS_DIR} set: keeps the stable picture of this scope's environment for its top-level class. */
    private static void collectPicture(ExtensionContext context) {
        collectPicture(context, context.getStore(NAMESPACE).get(envKey(context), Environment.class));
    }

    /**
     * With {@link Config#DIAGRAMS_DIR} set: keeps the picture of a programmatic environment's scope, unless
     * the annotations' environment of that scope draws it (with this one in it) or an earlier builder of the
     * same scope does.
     */
    @SuppressWarnings("unchecked")
    static void collectProgrammaticPicture(ExtensionContext context, Environment env) {
        ExtensionContext.Store store = context.getStore(NAMESPACE);
        List<Environment> programmatic = store.get(programmaticKey(context), List.class);
        if (store.get(envKey(context), Environment.class) == null && programmatic != null && !programmatic.isEmpty()
                && programmatic.get(0) == env) {
            collectPicture(context, env);
        }
    }

    private static void collectPicture(ExtensionContext context, Environment own) {
        Optional<String> dir = context.getConfigurationParameter(Config.DIAGRAMS_DIR);
        if (own == null || dir.isEmpty()) {
            return;
        }
        ExtensionContext top = topClass(context);
        // kept in the top-level class's store: written when that class ends, also when Berth is declared only on
        // its methods or @Nested classes (then Berth's own callbacks never run for the top-level class)
        PictureBook book = top.getStore(NAMESPACE).getOrComputeIfAbsent("pictures", k -> new PictureBook(
                java.nio.file.Path.of(dir.get()), top.getRequiredTestClass().getSimpleName()), PictureBook.class);
        book.add(EnvironmentPicture.of("", visible(context), 0, true)); // with the outer scopes: their networks, the checks' targets
    }

    /** The pictures of one top-level test class; written as CLASS.svg and CLASS.mmd when the class's store closes. */
    @SuppressWarnings("deprecation") // CloseableResource: JUnit 5.10-5.12 close only those; 5.13+ close AutoCloseable
    static final class PictureBook implements AutoCloseable, ExtensionContext.Store.CloseableResource {
        private final java.nio.file.Path dir;
        private final String name;
        private final List<Topology> pictures = new java.util.concurrent.CopyOnWriteArrayList<>();
        private volatile boolean written;

        PictureBook(java.nio.file.Path dir, String name) {
            this.dir = dir;
            this.name = name;
        }

        void add(Topology picture) {
            pictures.add(picture);
        }

        @Override
        public void close() {
            if (written) {
                return;
            }
            written = true;
            List<Topology> outerFirst = new ArrayList<>(pictures);
            java.util.Collections.reverse(outerFirst); // the outermost scope ends, and is collected, last
            Topology picture = Topology.merge(name, outerFirst).masked();
            try {
                java.nio.file.Files.createDirectories(dir);
                java.nio.file.Files.writeString(dir.resolve(name + ".svg"), Diagrams.svg(picture));
                java.nio.file.Files.writeString(dir.resolve(name + ".mmd"), Diagrams.mermaid(picture));
            } catch (java.io.IOException e) {
                throw new BerthException("Berth could not write the picture of " + name + " into " + dir + " ("
                        + Config.DIAGRAMS_DIR + "): " + e.getMessage(), e);
            }
        }
    }

    /** The context of the outermost test class around this context. */
    private static ExtensionContext topClass(ExtensionContext context) {
        ExtensionContext top = context;
        for (ExtensionContext c = context; c != null; c = c.getParent().orElse(null)) {
            if (c.getTestClass().isPresent() && c.getTestMethod().isEmpty()) {
                top = c;
            }
        }
        return top;
    }

    private static String checksKey(ExtensionContext context) {
        return "checks-since:" + context.getUniqueId();
    }

    /**
     * Before anything of the class starts, checks the images its test methods' declarations need
     * too, so a missing image fails the class within seconds instead of at its n-th test.
     */
    static void preflightTestMethods(ExtensionContext context, Class<?> testClass, Config config) {
        if (context.getStore(NAMESPACE).get("preflight:" + context.getUniqueId()) != null) {
            return; // done by the annotations or by another builder of this class
        }
        context.getStore(NAMESPACE).put("preflight:" + context.getUniqueId(), Boolean.TRUE);
        List<dev.berth.internal.Specs.EnvironmentSpec> specs = new ArrayList<>();
        boolean classDeclares = Declarations.hasAny(testClass);
        if (classDeclares) {
            specs.add(Declarations.read(testClass, config));
        }
        for (java.lang.reflect.Method m : org.junit.platform.commons.support.ReflectionSupport.findMethods(testClass,
                Declarations::hasAny, HierarchyTraversalMode.TOP_DOWN)) {
            specs.add(Declarations.read(m, config));
        }
        if (specs.size() <= (classDeclares ? 1 : 0)) {
            return; // no method-level declarations: the class environment checks its own images when it starts
        }
        // the class's builders, not started yet (they start after the annotations): their images are checked with the
        // rest, and an image one of them builds is not missing for a test method
        specs.addAll(RegisteredEnvironments.specsNotStarted(context, config));
        java.util.Set<String> builtOutside = new java.util.HashSet<>();
        visible(context).forEach(e -> builtOutside.addAll(e.images().keySet()));
        dev.berth.internal.ImagePreflight.checkAll(testClass.getName() + " (class and test methods)", specs, builtOutside, config);
    }

    private static void startEnvironment(ExtensionContext context, AnnotatedElement element, Config config) {
        long reading = dev.berth.internal.PhaseTrace.begin(config);
        var placeholders = dev.berth.internal.Placeholders.of(config, visible(context));
        var spec = Declarations.read(element, config, placeholders);
        dev.berth.internal.PhaseTrace.end(dev.berth.internal.PhaseTrace.Phase.DISCOVERY, context.getUniqueId(), reading);
        startEnvironment(context, element, config, spec, placeholders);
    }

    private static void startEnvironment(ExtensionContext context, AnnotatedElement element, Config config,
                                         dev.berth.internal.Specs.EnvironmentSpec spec, dev.berth.internal.Placeholders placeholders) {
        List<Environment> outer = visible(context);
        Environment env = reusable(element, new Environment(spec, outer, context.getUniqueId(), config, cleanupMode(element, config),
                placeholders.generated()));
        env.place(dev.berth.internal.swarm.Placement.of(spec, nearestSwarm(context)));
        env.deferStartupSettle(); // joined at the first test boundary: see awaitSettled
        env.start();
        context.getStore(NAMESPACE).put(envKey(context), env);
    }

    /** Marks the environment for reuse when its class carries {@link ReuseEnvironment} (methods never do). */
    private static Environment reusable(AnnotatedElement element, Environment env) {
        if (element instanceof Class<?> type) {
            AnnotationSupport.findAnnotation(type, ReuseEnvironment.class).ifPresent(r -> env.reusable(r.resetVolumes()));
        }
        return env;
    }

    static Removal cleanupMode(AnnotatedElement element, Config config) {
        return AnnotationSupport.findAnnotation(element, EnvironmentCleanup.class).map(EnvironmentCleanup::value)
                .orElse(config.cleanup());
    }

    private static String swarmKey(ExtensionContext context) {
        return "swarm:" + context.getUniqueId();
    }

    /**
     * Forms the swarm {@code swarm} declares for the scope of {@code context} and keeps it in that
     * scope's store (closed with the scope, after the environments that run on it, which the store
     * holds later); a scope that already has one refuses a second.
     */
    static dev.berth.internal.swarm.Cluster addSwarm(ExtensionContext context, dev.berth.internal.Specs.SwarmSpec swarm) {
        ExtensionContext.Store store = context.getStore(NAMESPACE);
        dev.berth.internal.swarm.Cluster there = store.get(swarmKey(context), dev.berth.internal.swarm.Cluster.class);
        if (there != null) {
            throw new ExtensionConfigurationException(swarm.origin() + ": this scope already has a swarm (" + there.owner()
                    + "). Fix: declare one swarm, with @WithSwarm or with the builder's swarm(nodes).");
        }
        // before the scope's environment: the store closes in reverse order, so the nodes outlive what runs on them
        dev.berth.internal.swarm.Cluster cluster = dev.berth.internal.swarm.Cluster.form(swarm.origin(), swarm.nodes(),
                context::getConfigurationParameter);
        store.put(swarmKey(context), cluster);
        return cluster;
    }

    /** The swarm of this class or the nearest enclosing one, or null. */
    static dev.berth.internal.swarm.Cluster nearestSwarm(ExtensionContext context) {
        for (ExtensionContext c = context; c != null; c = c.getParent().orElse(null)) {
            var found = c.getStore(NAMESPACE).get(swarmKey(c), dev.berth.internal.swarm.Cluster.class);
            if (found != null) {
                return found;
            }
        }
        return null;
    }

    private static String envKey(ExtensionContext context) {
        return "env:" + context.getUniqueId();
    }

    private static String programmaticKey(ExtensionContext context) {
        return "programmatic:" + context.getUniqueId();
    }

    /**
     * Adds a started programmatic environment to the scope of {@code context}: the store closes it
     * with the scope, and it is visible like the annotations' environment of that scope (injection,
     * diagnostics, the outer scopes of later environments).
     */
    @SuppressWarnings("unchecked")
    static void addProgrammatic(ExtensionContext context, Environment env) {
        ExtensionContext.Store store = context.getStore(NAMESPACE);
        store.put("programmatic-env:" + context.getUniqueId() + ":" + System.identityHashCode(env), env);
        store.getOrComputeIfAbsent(programmaticKey(context), k -> new java.util.concurrent.CopyOnWriteArrayList<Environment>(),
                List.class).add(env);
    }

    /** The environments started in the scope of {@code context} itself (not in enclosing ones). */
    @SuppressWarnings("unchecked")
    static List<Environment> sameScope(ExtensionContext context) {
        ExtensionContext.Store store = context.getStore(NAMESPACE);
        List<Environment> here = new ArrayList<>();
        Environment own = store.get(envKey(context), Environment.class);
        if (own != null) {
            here.add(own);
        }
        List<Environment> programmatic = store.get(programmaticKey(context), List.class);
        if (programmatic != null) {
            here.addAll(programmatic);
        }
        return here;
    }

    /**
     * Whether Berth's annotations registered this extension for the test (or class) of
     * {@code context}: on its class, an enclosing class, the method, a parameter or a field.
     */
    static boolean registeredFor(ExtensionContext context) {
        for (ExtensionContext c = context; c != null; c = c.getParent().orElse(null)) {
            if (c.getElement().map(BerthExtension::extendsWithBerth).orElse(false)) {
                return true;
            }
            if (c.getTestMethod().map(m -> java.util.Arrays.stream(m.getParameters()).anyMatch(BerthExtension::extendsWithBerth))
                    .orElse(false)) {
                return true;
            }
            if (c.getTestClass().map(t -> !AnnotationSupport.findAnnotatedFields(t, Berth.class).isEmpty()).orElse(false)) {
                return true;
            }
        }
        return false;
    }

    private static boolean extendsWithBerth(AnnotatedElement element) {
        return AnnotationSupport.findRepeatableAnnotations(element, org.junit.jupiter.api.extension.ExtendWith.class).stream()
                .anyMatch(e -> java.util.Arrays.asList(e.value()).contains(BerthExtension.class));
    }

    private static String sharedKey(ExtensionContext context) {
        return "shared-keys:" + context.getUniqueId();
    }

    private static String sharedProgrammaticKey(ExtensionContext context) {
        return "shared-programmatic:" + context.getUniqueId();
    }

    /**
     * The run-wide environment of a shared {@link BerthEnvironment}: created by {@code create} on the
     * first call (in JUnit's root store, which removes it at the end of the run), then the same one;
     * made visible to {@code context} like a {@link SharedEnvironment @SharedEnvironment} one.
     */
    @SuppressWarnings("unchecked")
    static Environment joinShared(ExtensionContext context, BerthEnvironment key, java.util.function.Supplier<Environment> create) {
        Environment env = context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(key, k -> create.get(), Environment.class);
        List<Environment> here = context.getStore(NAMESPACE).getOrComputeIfAbsent(sharedProgrammaticKey(context),
                k -> new java.util.concurrent.CopyOnWriteArrayList<Environment>(), List.class);
        synchronized (here) {
            if (!here.contains(env)) {
                here.add(env);
            }
        }
        return env;
    }

    /** The environments a context sees, nearest first: its own, its parents', then shared ones. */
    @SuppressWarnings("unchecked")
    static List<Environment> visible(ExtensionContext context) {
        List<Environment> envs = new ArrayList<>();
        List<Environment> shared = new ArrayList<>();
        for (ExtensionContext c = context; c != null; c = c.getParent().orElse(null)) {
            ExtensionContext.Store store = c.getStore(NAMESPACE);
            Environment env = store.get(envKey(c), Environment.class);
            if (env != null) {
                envs.add(env);
            }
            List<Environment> programmatic = store.get(programmaticKey(c), List.class);
            if (programmatic != null) {
                envs.addAll(programmatic);
            }
            List<Environment> sharedBuilders = store.get(sharedProgrammaticKey(c), List.class);
            if (sharedBuilders != null) {
                sharedBuilders.stream().filter(s -> !shared.contains(s)).forEach(shared::add);
            }
            List<String> keys = store.get(sharedKey(c), List.class);
            if (keys != null) {
                for (String key : keys) {
                    Environment s = c.getRoot().getStore(NAMESPACE).get(key, Environment.class);
                    if (s != null && !shared.contains(s)) {
                        shared.add(s);
                    }
                }
            }
        }
        envs.addAll(shared);
        return envs;
    }

    // ---------------------------------------------------------------- injection

    private static final List<Class<?>> HANDLE_TYPES = List.of(BerthContainer.class, BerthNetwork.class, BerthVolume.class,
            BerthStack.class, BerthImage.class, BerthRegistry.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return supports(parameter);
    }

    static boolean supports(ParameterContext parameter) {
        return HANDLE_TYPES.contains(parameter.getParameter().getType()) || (parameter.getParameter().getType() == String.class
                && parameter.findAnnotation(Berth.class).map(b -> b.value().startsWith(dev.berth.internal.Placeholders.RANDOM)).orElse(false));
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return resolve(parameter, context);
    }

    static Object resolve(ParameterContext parameter, ExtensionContext context) {
        return resolve(parameter, context, false);
    }

    /** Resolves a handle parameter; {@code builder}: a {@link BerthEnvironment} resolves it, and fixes name builder calls. */
    static Object resolve(ParameterContext parameter, ExtensionContext context, boolean builder) {
        builder = builder || onlyBuilders(context);
        String name = parameter.findAnnotation(Berth.class).map(Berth::value).orElse("");
        if (parameter.getParameter().getType() == String.class) {
            String key = name.substring(dev.berth.internal.Placeholders.RANDOM.length());
            for (Environment env : visible(context)) {
                String value = env.generated().get(key);
                if (value != null) {
                    return value;
                }
            }
            throw new ParameterResolutionException("Berth cannot inject parameter " + parameter.getParameter().getName() + " of "
                    + parameter.getDeclaringExecutable() + ": no declaration of this scope writes ${" + name + "}. Fix: use ${"
                    + name + "} in a declaration (e.g. " + (builder ? "env(\"PASSWORD\", \"${" + name + "}\")" : "env = \"PASSWORD=${" + name + "}\"")
                    + "), or fix the name.");
        }
        String where = "parameter " + parameter.getParameter().getName() + " of " + parameter.getDeclaringExecutable();
        try {
            return lookup(context, parameter.getParameter().getType(), name, where, builder);
        } catch (ExtensionConfigurationException e) {
            throw new ParameterResolutionException(e.getMessage());
        }
    }

    private static void injectFields(ExtensionContext context, Object instance) {
        Class<?> type = instance == null ? context.getRequiredTestClass() : instance.getClass();
        List<Field> fields = AnnotationSupport.findAnnotatedFields(type, Berth.class,
                f -> (instance == null) == Modifier.isStatic(f.getModifiers()), HierarchyTraversalMode.TOP_DOWN);
        for (Field field : fields) {
            String where = "field " + field.getDeclaringClass().getSimpleName() + "." + field.getName();
            if (!HANDLE_TYPES.contains(field.getType())) {
                throw new ExtensionConfigurationException("@Berth on " + where + " of type " + field.getType().getSimpleName()
                        + ": Berth injects only BerthContainer, BerthNetwork, BerthVolume, BerthStack, BerthImage and BerthRegistry. Fix: change the field's type.");
            }
            if (Modifier.isFinal(field.getModifiers())) {
                throw new ExtensionConfigurationException("@Berth on final " + where + ": Berth cannot assign it. Fix: remove final.");
            }
            String name = field.getAnnotation(Berth.class).value();
            Object handle;
            try {
                handle = lookup(context, field.getType(), name, where);
            } catch (ExtensionConfigurationException e) {
                if (instance == null) {
                    continue; // a static field may name a method-level resource: it is not there yet
                }
                throw e;
            }
            try {
                field.setAccessible(true);
                field.set(instance, handle);
            } catch (IllegalAccessException e) {
                throw new ExtensionConfigurationException("Berth could not set " + where + ": " + e.getMessage(), e);
            }
        }
    }

    static Object lookup(ExtensionContext context, Class<?> type, String name, String where) {
        return lookup(context, type, name, where, onlyBuilders(context));
    }

    /** Whether every environment {@code context} sees is a {@link BerthEnvironment}'s: its fixes then name builder calls. */
    private static boolean onlyBuilders(ExtensionContext context) {
        List<Environment> seen = visible(context);
        return !seen.isEmpty() && seen.stream().allMatch(e -> dev.berth.internal.Specs.Origin.programmatic(e.spec().scopeName()));
    }

    static Object lookup(ExtensionContext context, Class<?> type, String name, String where, boolean builder) {
        List<Environment> envs = visible(context);
        Function<Environment, Map<String, ?>> pick;
        String kind;
        if (type == BerthContainer.class) {
            pick = Environment::containers;
            kind = "container";
        } else if (type == BerthRegistry.class) {
            pick = Environment::registries;
            kind = "registry";
        } else if (type == BerthImage.class) {
            pick = Environment::images;
            kind = "image";
        } else if (type == BerthStack.class) {
            pick = Environment::stacks;
            kind = "stack";
        } else if (type == BerthNetwork.class) {
            pick = Environment::networks;
            kind = "network";
        } else {
            pick = Environment::volumes;
            kind = "volume";
        }
        Map<String, Object> all = new LinkedHashMap<>();
        for (Environment env : envs) {
            pick.apply(env).forEach(all::putIfAbsent); // nearest scope wins
        }
        if (!name.isEmpty()) {
            Object found = all.get(name);
            if (found == null) {
                throw new ExtensionConfigurationException("Berth cannot inject " + where + ": no " + kind + " named \"" + name
                        + "\" is declared in this scope (" + kind + "s here: " + all.keySet() + "). Fix: declare it, or use one of those names.");
            }
            return found;
        }
        if (all.size() == 1) {
            return all.values().iterator().next();
        }
        Map<String, Object> sorted = new java.util.TreeMap<>(all); // a stable message whatever the start order
        all.clear();
        all.putAll(sorted);
        throw new ExtensionConfigurationException("Berth cannot inject " + where + ": "
                + (all.isEmpty() ? "no " + kind + " is declared in this scope" : all.size() + " " + kind + "s are declared " + all.keySet())
                + ". Fix: " + (all.isEmpty() && builder ? "declare one with the builder's " + builderCall(kind)
                : all.isEmpty() ? (kind.equals("stack") ? "declare one with @ComposeStack" : kind.equals("image") ? "declare one with @BuildImage" : kind.equals("registry") ? "declare one with @WithRegistry" : "declare one with @With" + Character.toUpperCase(kind.charAt(0)) + kind.substring(1))
                : "say which with @Berth(\"" + all.keySet().iterator().next() + "\")") + ".");
    }

    /** The builder call that declares a {@code kind}, for fixes. */
    private static String builderCall(String kind) {
        return switch (kind) {
            case "stack" -> "composeStack(name, s -> ...)";
            case "image" -> "image(name, i -> ...)";
            case "registry" -> "registry()";
            case "container" -> "container(name, c -> ...)";
            default -> kind + "(name)";
        };
    }

    // ---------------------------------------------------------------- diagnostics

    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable throwable) throws Throwable {
        diagnose(context, throwable);
    }

    /** Adds the summary of the visible environments to a test's failure, then rethrows it. */
    static void diagnose(ExtensionContext context, Throwable throwable) throws Throwable {
        List<ContainerHandle> containers = new ArrayList<>();
        for (Environment env : visible(context)) {
            containers.addAll(env.allContainers());
        }
        if (containers.isEmpty()) {
            throw throwable;
        }
        Long since = context.getStore(NAMESPACE).get(checksKey(context), Long.class);
        String summary = FailureDiagnostics.describe(context, containers, visible(context), since == null ? 0 : since);
        throwable.addSuppressed(new EnvironmentDiagnostics(summary));
        throw throwable;
    }

    /** Carries the environment summary in a failure's output (as a suppressed exception). */
    static final class EnvironmentDiagnostics extends RuntimeException {
        private static final long serialVersionUID = 1L;

        EnvironmentDiagnostics(String summary) {
            super(Secrets.mask(summary), null, false, false);
        }
    }
}
