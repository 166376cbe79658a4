package dev.berth;

import dev.berth.internal.Config;
import dev.berth.internal.Declarations;
import dev.berth.internal.Environment;
import dev.berth.internal.Placeholders;
import dev.berth.internal.Specs;
import java.lang.reflect.AnnotatedElement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The running side of one {@link BerthEnvironment}: starts what its builder declared for the scope
 * JUnit registers it in (or joins the run-wide one), and holds the environment its handles read.
 *
 * <p>One per {@link BerthEnvironment}, created with it; the callbacks and handles of the public
 * type delegate here.
 */
final class ProgrammaticEnvironment {

    private final BerthEnvironment owner;
    private final Declarations.Declared declared;
    private final Set<HostAccess> allowed;
    private final boolean shared;
    private final ReuseEnvironment reuse;
    private volatile Environment environment;
    private volatile String where = "BerthEnvironment";
    private volatile AnnotatedElement scope;
    private volatile String startedIn = "";

    ProgrammaticEnvironment(BerthEnvironment owner, Declarations.Declared declared, Set<HostAccess> allowed, boolean shared,
            ReuseEnvironment reuse) {
        this.owner = owner;
        this.declared = declared;
        this.allowed = allowed;
        this.shared = shared;
        this.reuse = reuse;
    }

    /** Whether the builder made it {@link BerthEnvironment.Builder#shared() shared}. */
    boolean shared() {
        return shared;
    }

    /**
     * Starts the environment in the first callback JUnit gives it; a scope inside the one it runs for
     * ({@code @Nested} classes, tests) uses it as it is. After its scope has ended (a class run again in
     * the same JVM) it starts anew.
     */
    synchronized void start(ExtensionContext context, AnnotatedElement element) {
        if (shared) {
            joinShared(context);
            return;
        }
        RegisteredEnvironments.startSharedFields(context); // the shared environments of the class first: this one may join their networks
        Environment running = environment;
        if (running != null && !running.isClosed()) {
            if (context.getUniqueId().startsWith(startedIn)) {
                return;
            }
            throw new ExtensionConfigurationException(where + " already runs for " + startedIn + " and cannot serve "
                    + context.getUniqueId() + " at the same time (a static field of a base class is one object for all its"
                    + " subclasses). Fix: declare the environment in each test class, e.g. from a static method that builds it, or make it one"
                    + " for the whole run with BerthEnvironment.builder().shared().");
        }
        if (reuse != null && !RegisteredEnvironments.registeredStatic(context, owner)) {
            throw new ExtensionConfigurationException("BerthEnvironment in " + RegisteredEnvironments.fieldName(context, owner)
                    + ": reuse() keeps an environment"
                    + " between runs, which only a class-wide environment can be; this one is in an instance field, created and removed"
                    + " for each test. Fix: make the field static, or build the environment with shared(), or remove reuse().");
        }
        startedIn = context.getUniqueId();
        where = "BerthEnvironment in " + RegisteredEnvironments.fieldName(context, owner);
        scope = element;
        Config config = Config.of(context);
        if (element instanceof Class<?> testClass && !BerthExtension.registeredFor(context)) {
            // no annotation on the class: the images of its test methods' declarations are checked here, with this one's
            BerthExtension.preflightTestMethods(context, testClass, config);
        }
        List<Environment> outer = BerthExtension.visible(context);
        Placeholders placeholders = Placeholders.of(config, outer);
        Specs.EnvironmentSpec spec = Declarations.read(where, declared, element, allowed, config, placeholders);
        refuseNamesDeclaredTwice(spec, BerthExtension.sameScope(context));
        refuseWhatCannotBeKept(spec);
        if (spec.swarm() != null) {
            BerthExtension.addSwarm(context, spec.swarm());
        }
        Environment env = new Environment(spec, outer, context.getUniqueId(), config, BerthExtension.cleanupMode(element, config),
                placeholders.generated());
        if (reuse != null) {
            env.reusable(reuse.resetVolumes());
        }
        env.place(dev.berth.internal.swarm.Placement.of(spec, BerthExtension.nearestSwarm(context)));
        env.deferStartupSettle(); // joined at the first test boundary, as for the annotations: see settleBoundary
        env.start();
        environment = env;
        BerthExtension.addProgrammatic(context, env);
    }

    /**
     * Joins the run-wide environment of this {@link BerthEnvironment.Builder#shared() shared} builder: the first class
     * (or test) that registers it creates it in JUnit's root store, every later one uses it as it is;
     * it is removed when the root store closes, at the end of the test run.
     */
    void joinShared(ExtensionContext context) {
        environment = BerthExtension.joinShared(context, owner, () -> {
            where = "shared BerthEnvironment in " + RegisteredEnvironments.fieldName(context, owner);
            startedIn = context.getRoot().getUniqueId();
            Config config = Config.of(context);
            Placeholders placeholders = Placeholders.of(config, List.of());
            // no test class or method: only the builder's allowHostAccess and berth.host-access.allow count
            Specs.EnvironmentSpec spec = Declarations.read(where, declared, null, allowed, config, placeholders);
            refuseWhatCannotBeKept(spec);
            Environment env = new Environment(spec, List.of(), "shared:" + where, config, config.cleanup(), placeholders.generated());
            if (reuse != null) {
                env.reusable(reuse.resetVolumes());
            }
            return env.deferStartupSettle().start();
        });
    }

    /**
     * With {@link BerthEnvironment.Builder#reuse()}, refuses what {@link ReuseEnvironment @ReuseEnvironment} refuses, in the
     * builder's words: nothing declared, a compose stack, a swarm.
     */
    private void refuseWhatCannotBeKept(Specs.EnvironmentSpec spec) {
        if (reuse == null) {
            return;
        }
        if (spec.isEmpty()) {
            throw new ExtensionConfigurationException(where + ": reuse() has nothing to keep: the builder declares no network, volume,"
                    + " container or image. Fix: declare the environment on this builder, or remove reuse().");
        }
        if (!spec.stacks().isEmpty()) {
            throw new ExtensionConfigurationException(where + ": reuse() cannot keep an environment with a compose stack ("
                    + spec.stacks().stream().map(Specs.StackSpec::name).toList() + "): stacks are not kept between runs. Fix: remove"
                    + " reuse(), or declare the stack in another BerthEnvironment that is not reused.");
        }
        if (spec.swarm() != null) {
            throw new ExtensionConfigurationException(where + ": reuse() cannot keep an environment with swarm(...): the swarm's nodes"
                    + " are removed with the environment. Fix: remove reuse() or swarm(...).");
        }
    }

    /**
     * The declarations of this builder read as its start will read them, for the image preflight of
     * the class and its test methods; empty when it is shared or running.
     */
    Optional<Specs.EnvironmentSpec> specIfNotStarted(ExtensionContext context, Config config) {
        Environment running = environment;
        if (shared || running != null && !running.isClosed()) {
            return Optional.empty();
        }
        String origin = "BerthEnvironment in " + RegisteredEnvironments.fieldName(context, owner);
        return Optional.of(Declarations.read(origin, declared, context.getRequiredTestClass(), allowed, config,
                Placeholders.of(config, BerthExtension.visible(context))));
    }

    /** Refuses a name this environment declares when another environment of the same scope (the annotations') declares it too. */
    private void refuseNamesDeclaredTwice(Specs.EnvironmentSpec spec, List<Environment> sameScope) {
        for (Environment other : sameScope) {
            twice("network", spec.networks().stream().map(Specs.NetworkSpec::name).toList(), other.spec().networks().stream()
                    .map(Specs.NetworkSpec::name).toList(), other);
            twice("volume", spec.volumes().stream().map(Specs.VolumeSpec::name).toList(), other.spec().volumes().stream()
                    .map(Specs.VolumeSpec::name).toList(), other);
            twice("container", spec.containers().stream().map(Specs.ContainerSpec::name).toList(), other.spec().containers().stream()
                    .map(Specs.ContainerSpec::name).toList(), other);
            twice("stack", spec.stacks().stream().map(Specs.StackSpec::name).toList(), other.spec().stacks().stream()
                    .map(Specs.StackSpec::name).toList(), other);
        }
    }

    private void twice(String kind, List<String> mine, List<String> theirs, Environment other) {
        for (String name : mine) {
            if (theirs.contains(name)) {
                throw new ExtensionConfigurationException(where + ": the " + kind + " \"" + name + "\" is also declared by "
                        + other.spec().scopeName() + " for the same scope. Fix: declare it once, in the annotations or in the"
                        + " builder, or give each its own name.");
            }
        }
    }

    /**
     * Before a test: a container of this environment that exited at start (found by an earlier
     * boundary's start-up check) fails the test before it runs. Left to Berth's annotations' extension
     * when it runs for the test: it does the same for every environment the test sees.
     */
    void throwSettleFailureSoFar(ExtensionContext context) {
        Environment env = environment;
        if (env != null && !BerthExtension.registeredFor(context)) {
            env.throwSettleFailureSoFar();
        }
    }

    /**
     * A test boundary ({@code classEnd}: the end of the class): the start-up check of this
     * environment's containers without {@code @WaitFor}, which ran in the background while the test
     * ran, is collected; a container that exited non-zero at start fails the test (or the class). Left
     * to Berth's annotations' extension when it runs for this scope.
     */
    void settleBoundary(ExtensionContext context, boolean classEnd) {
        Environment env = environment;
        if (env == null || BerthExtension.registeredFor(context)) {
            return;
        }
        BerthExtension.awaitSettled(List.of(env), classEnd ? Environment::awaitSettledUnreported : Environment::awaitSettled);
    }

    /** Marks this environment failed when its test failed (for {@code berth.cleanup=on_success}). */
    void markFailedIfTestFailed(ExtensionContext context) {
        Environment env = environment;
        if (env != null && context.getExecutionException().isPresent()) {
            env.markFailed();
        }
    }

    /** With {@code berth.diagrams.dir} set, draws this environment in its class's picture when the scope it started for ends. */
    void picture(ExtensionContext context) {
        Environment env = environment;
        if (env != null && !shared && context.getUniqueId().equals(startedIn)) {
            BerthExtension.collectProgrammaticPicture(context, env);
        }
    }

    /** Whether this environment answers for Berth in {@code context}: no annotation does, and it is the outermost programmatic one. */
    boolean owner(ExtensionContext context) {
        if (BerthExtension.registeredFor(context)) {
            return false;
        }
        Environment outermost = null;
        for (Environment e : BerthExtension.visible(context)) {
            outermost = e;
        }
        return outermost != null && outermost == environment;
    }

    // ---------------------------------------------------------------- what the handles read

    /** The running environment; refused before JUnit has started it. */
    Environment running() {
        Environment env = environment;
        if (env == null) {
            throw new ExtensionConfigurationException(where + " has not started: JUnit starts it before the first test when it is"
                    + " registered. Fix: annotate the field with @RegisterExtension, and use its handles in tests or callbacks.");
        }
        return env;
    }

    /** The value {@code map} holds for {@code name} in this environment, or else the nearest enclosing scope's. */
    <T> Optional<T> find(Function<Environment, Map<String, T>> map, String name) {
        return scopes().stream().map(e -> map.apply(e).get(name)).filter(Objects::nonNull).findFirst();
    }

    /** The value generated for {@code ${random.NAME}} in this environment's declarations (or an enclosing scope's). */
    String generated(String name) {
        return find(Environment::generated, name).orElseThrow(() -> new ExtensionConfigurationException(where + " generated no value \""
                + name + "\": no declaration writes ${random." + name + "} (generated: " + running().generated().keySet()
                + "). Fix: use ${random." + name + "} in a declaration, or fix the name."));
    }

    private List<Environment> scopes() {
        Environment env = running();
        List<Environment> scopes = new ArrayList<>();
        scopes.add(env);
        scopes.addAll(env.outer());
        return scopes;
    }

    /** The message for a handle asked for a name this environment does not declare. */
    ExtensionConfigurationException missing(String kind, String name) {
        return new ExtensionConfigurationException(where + " has no " + kind + " named \"" + name + "\". Fix: declare it with the builder's "
                + kind + "(\"" + name + "\", ...), or use a declared name.");
    }

    /** The container declared by {@code declaration}, read and checked as the builder's are, for a start during a test. */
    Specs.ContainerSpec read(WithContainer declaration, Environment env) {
        Specs.EnvironmentSpec spec = Declarations.read(where, new Declarations.Declared(List.of(), List.of(), List.of(),
                List.of(declaration), List.of(), List.of()), scope, allowed, env.config(), Placeholders.running(env));
        return spec.containers().get(0);
    }
}
