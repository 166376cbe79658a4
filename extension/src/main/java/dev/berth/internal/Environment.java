package dev.berth.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.dockerjava.api.exception.DockerClientException;
import com.github.dockerjava.api.exception.DockerException;
import dev.berth.BerthException;
import dev.berth.Removal;
import dev.berth.internal.Specs.EnvironmentSpec;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.apiguardian.api.API;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Docker objects of one scope (class, method or shared environment): created from an
 * {@link EnvironmentSpec} on {@link #start()}, removed on {@link #close()}. Stored as an
 * {@link AutoCloseable} (and, for JUnit 5.10 to 5.12, a {@code CloseableResource}) in the JUnit store of its
 * scope, so the store's lifetime is its lifetime.
 *
 * <p>It holds the scope's handles and decides the order; the work is done by {@link References}
 * (declarations refer to declared things), {@link ImagePreflight}, {@link Provisioner} (creation)
 * and {@link Teardown}. Lookups that also see enclosing scopes go through {@link ScopeChain}.
 */
@SuppressWarnings("deprecation") // CloseableResource: JUnit 5.10-5.12 close only those; 5.13+ close AutoCloseable
@API(status = INTERNAL, since = "0.1")
public final class Environment implements AutoCloseable, ExtensionContext.Store.CloseableResource {

    private static final Logger LOG = LoggerFactory.getLogger(Environment.class);

    /** Environments of this JVM started and not yet closed, oldest first: {@link ShutdownCleanup} closes them at exit. */
    private static final Set<Environment> OPEN = Collections.synchronizedSet(new LinkedHashSet<>());

    static List<Environment> openEnvironments() {
        synchronized (OPEN) {
            return new ArrayList<>(OPEN);
        }
    }

    private final EnvironmentSpec spec;
    private final Map<String, String> generated;
    private final List<Environment> outer;
    private final ScopeChain chain;
    private final String scopeId;
    private final Config config;
    private final Removal cleanup;

    private final Map<String, NetworkHandle> networks = Collections.synchronizedMap(new LinkedHashMap<>());
    private final Map<String, VolumeHandle> volumes = Collections.synchronizedMap(new LinkedHashMap<>());
    private final Map<String, ContainerHandle> containers = Collections.synchronizedMap(new LinkedHashMap<>());
    private final Map<String, StackHandle> stacks = Collections.synchronizedMap(new LinkedHashMap<>());
    private final Map<String, ImageHandle> images = Collections.synchronizedMap(new LinkedHashMap<>());
    /** Compose models read in the preflight, reused by up when the environment is the same. */
    private final Map<String, JsonNode> stackModels = new ConcurrentHashMap<>();
    private final Map<String, RegistryHandle> registries = Collections.synchronizedMap(new LinkedHashMap<>());
    private final List<String> createdContainerIds = Collections.synchronizedList(new ArrayList<>());
    /** Which engine each object is on: the default one, or a node of the class's swarm. */
    private volatile dev.berth.internal.swarm.Placement placement = dev.berth.internal.swarm.Placement.none();
    private volatile boolean failed;
    private volatile boolean closed;
    /** Set for an environment kept between runs ({@code @ReuseEnvironment}) while reuse is enabled. */
    private volatile Reuse reuse;
    private volatile boolean reuseRequested;
    private volatile boolean resetVolumes;
    /** The wiring checks asserted on this environment's containers (the pictures' edges). */
    private final dev.berth.internal.topology.CheckLog checks = new dev.berth.internal.topology.CheckLog();

    public Environment(EnvironmentSpec spec, List<Environment> outer, String scopeId, Config config, Removal cleanup) {
        this(spec, outer, scopeId, config, cleanup, Collections.synchronizedMap(new LinkedHashMap<>()));
    }

    /**
     * An environment whose declarations generated values ({@code ${random.NAME}}): they are kept here,
     * readable by the test and by declarations of scopes inside this one.
     */
    public Environment(EnvironmentSpec spec, List<Environment> outer, String scopeId, Config config, Removal cleanup,
                       Map<String, String> generated) {
        this.generated = generated;
        this.spec = spec;
        this.outer = List.copyOf(outer);
        this.chain = ScopeChain.of(this, outer);
        this.scopeId = scopeId;
        this.config = config;
        this.cleanup = cleanup;
        if (config.tracePhases()) {
            PhaseTrace.enable();
        }
        PhaseTrace.time(PhaseTrace.Phase.ENGINE, scopeId, () -> Docker.get()); // connects now: without an engine the scope fails here, saying where it looked
        Secrets.register(spec); // before anything is created: every message from here on masks them
    }

    public EnvironmentSpec spec() {
        return spec;
    }

    public Map<String, NetworkHandle> networks() {
        return networks;
    }

    public Map<String, VolumeHandle> volumes() {
        return volumes;
    }

    public Map<String, ContainerHandle> containers() {
        return containers;
    }

    public Map<String, StackHandle> stacks() {
        return stacks;
    }

    /** Registries of this scope, by logical name. */
    public Map<String, RegistryHandle> registries() {
        return registries;
    }

    /** Images built for this scope, by tag. */
    public Map<String, ImageHandle> images() {
        return images;
    }

    /** The wiring checks asserted on this environment's containers, for its pictures. */
    public dev.berth.internal.topology.CheckLog checks() {
        return checks;
    }

    String scopeId() {
        return scopeId;
    }

    public Config config() {
        return config;
    }

    ScopeChain chain() {
        return chain;
    }

    Map<String, JsonNode> stackModels() {
        return stackModels;
    }

    List<String> createdContainerIds() {
        return createdContainerIds;
    }

    /** Places this environment's objects on the nodes of a swarm; before {@link #start()}. */
    public Environment place(dev.berth.internal.swarm.Placement placement) {
        this.placement = placement;
        return this;
    }

    public dev.berth.internal.swarm.Placement placement() {
        return placement;
    }

    /** The values generated for this scope's declarations ({@code ${random.NAME}}), by NAME. */
    public Map<String, String> generated() {
        return generated;
    }

    /** The environments enclosing this one, nearest first. */
    public List<Environment> outer() {
        return outer;
    }

    /**
     * Starts one more container in this running environment, checked like a declared one first
     * (references, name and DNS collisions, image): it is removed with the environment, or by
     * {@link #removeContainer(String)}.
     */
    public synchronized ContainerHandle startContainer(Specs.ContainerSpec c) {
        if (closed) {
            throw new dev.berth.BerthException(c.origin() + ": the environment of " + spec.scopeName()
                    + " has been removed; start containers while its scope runs.");
        }
        if (!c.node().isEmpty()) {
            throw Declarations.fail(c.origin(), "it runs on node \"" + c.node() + "\", and a container started during a test runs on"
                    + " the default engine", "declare it with the environment (the builder's container(...) with node(...)), or leave node out");
        }
        if (chain.container(c.name()).isPresent()) {
            throw Declarations.fail(c.origin(), "a container named \"" + c.name() + "\" already exists in this scope",
                    "choose another name, or replace it (replace(\"" + c.name() + "\", ...)) or remove it first");
        }
        List<Specs.ContainerSpec> all = new ArrayList<>();
        new ArrayList<>(containers.values()).forEach(h -> all.add(h.spec()));
        all.add(c);
        ContainerDeclaration.dnsCollisions(all);
        EnvironmentSpec one = new EnvironmentSpec(spec.scopeName(), List.of(), List.of(), List.of(), List.of(), List.of(c), List.of());
        References.check(one, chain);
        Set<String> built = new HashSet<>();
        chain.scopes().forEach(e -> built.addAll(e.images.keySet()));
        ImagePreflight.check(c.origin().toString(), List.of(one), built, config, chain.resourceEnv(new LinkedHashMap<>()), stackModels);
        return new Provisioner(this).startOne(c);
    }

    /**
     * Removes a container of this environment at once (with its probe), by logical name.
     *
     * @throws org.junit.jupiter.api.extension.ExtensionConfigurationException when this environment has no such container
     */
    public synchronized void removeContainer(String name) {
        ContainerHandle h = containers.get(name);
        if (h == null) {
            throw new org.junit.jupiter.api.extension.ExtensionConfigurationException("The environment of " + spec.scopeName()
                    + " has no container \"" + name + "\" to remove (its containers: " + containers.keySet()
                    + "). Fix: use one of those names; containers of enclosing scopes belong to those scopes.");
        }
        h.awaitSettled(); // the settle judges the container as it started; it must not meet it removed
        List<RuntimeException> errors = new ArrayList<>();
        Teardown.guard(errors, h::dropProbe);
        Teardown.guard(errors, () -> placement.engineOf(h.id()).client().removeContainerCmd(h.id()).withForce(true).withRemoveVolumes(true).exec());
        if (!errors.isEmpty()) {
            throw new dev.berth.BerthException("Berth could not remove container \"" + name + "\" (" + h.dockerName() + "): "
                    + Secrets.mask(errors.get(0).getMessage()) + ". Remove it with: docker rm -f " + h.dockerName(), errors.get(0));
        }
        containers.remove(name);
        createdContainerIds.remove(h.id());
    }

    /** Every container of this scope: declared ones and those of its compose stacks. */
    public List<ContainerHandle> allContainers() {
        List<ContainerHandle> all = new ArrayList<>(containers.values());
        new ArrayList<>(stacks.values()).forEach(st -> all.addAll(st.allContainers()));
        return all;
    }

    /** Whether this environment has been closed (its objects removed, or kept on purpose). */
    public boolean isClosed() {
        return closed;
    }

    /** Marks the scope as failed (for {@link Removal#ON_SUCCESS}). */
    public void markFailed() {
        failed = true;
    }

    /**
     * Marks this environment to be kept after its scope and adopted by a later run with the same
     * declaration ({@code @ReuseEnvironment}); without effect when {@link Config#REUSE_ENABLED} is false.
     */
    public Environment reusable(boolean resetVolumes) {
        Reuse.check(spec);
        if (config.reuseEnabled()) {
            this.reuseRequested = true;
            this.resetVolumes = resetVolumes;
        }
        return this;
    }

    /** The labels that mark this environment's objects as those of a kept environment (none when it is not kept). */
    Map<String, String> reuseLabels() {
        Reuse r = reuse;
        return r == null ? Map.of() : r.objectLabels();
    }

    /** The declaration hash of a kept environment, if this is one. */
    public Optional<String> reuseHash() {
        return Optional.ofNullable(reuse).map(Reuse::hash);
    }

    /**
     * Lets {@link #start()} return before the start-up settle of its containers without
     * {@code @WaitFor} ends: the settle runs in the background and {@link #awaitSettled()} joins it
     * (the extension does at the first test boundary). Without this call start() waits for it.
     */
    public Environment deferStartupSettle() {
        this.deferSettle = true;
        return this;
    }

    private volatile boolean deferSettle;

    /** Whether containers started in this environment settle in the background. */
    boolean defersSettle() {
        return deferSettle;
    }

    /**
     * Waits for the start-up settle of every container of this environment and throws the first
     * failure ("exited with code N while starting ...", the others suppressed); at once when none runs.
     */
    public void awaitSettled() {
        throwSettleFailures(true, false);
    }

    /** Throws like {@link #awaitSettled()} when a settle has already failed; does not wait for those still running. */
    public void throwSettleFailureSoFar() {
        throwSettleFailures(false, false);
    }

    /** Like {@link #awaitSettled()}, but only for failures no earlier call has thrown (the scope's end). */
    public void awaitSettledUnreported() {
        throwSettleFailures(true, true);
    }

    private void throwSettleFailures(boolean wait, boolean unreportedOnly) {
        BerthException first = null;
        for (ContainerHandle h : new ArrayList<>(containers.values())) {
            Optional<RuntimeException> failure = h.settleFailure(wait);
            if (failure.isEmpty() || (unreportedOnly && h.settleReported())) {
                continue;
            }
            h.markSettleReported();
            BerthException e = new BerthException(failure.get().getMessage(), failure.get()); // a new one per test
            if (first == null) {
                first = e;
            } else {
                first.addSuppressed(e);
            }
        }
        if (first != null) {
            throw first;
        }
    }

    /**
     * Before removal: waits for settles still running (their inspects must not meet removed
     * containers) and hands back the failures found.
     */
    private List<RuntimeException> settleFailures() {
        List<RuntimeException> failures = new ArrayList<>();
        new ArrayList<>(containers.values()).forEach(h -> h.settleFailure(true).ifPresent(failures::add));
        return failures;
    }

    /** Creates everything, or nothing: a failure half-way removes what was created, then throws. */
    public Environment start() {
        PhaseTrace.time(PhaseTrace.Phase.PREFLIGHT, scopeId, () -> {
            References.check(spec, new ScopeChain(outer));
            preflightImages();
            placement.preflight(spec, config);
        });
        OPEN.add(this);
        Provisioner create = new Provisioner(this);
        try {
            for (Specs.BuildSpec b : spec.builds()) { // in declaration order: a later build may start FROM an earlier one
                boolean built = ImageBuild.ensureBuilt(b, config);
                images.put(b.tag(), ImageHandle.of(b.tag(), built));
            }
            if (reuseRequested) {
                reuse = Reuse.of(this, resetVolumes);
                reuse.lock(config);
                if (reuse.adopt(this)) {
                    addRegistries();
                    return this;
                }
            }
            // networks and volumes do not depend on each other: create them all at once
            Map<String, CompletableFuture<Object>> networksAndVolumes = new LinkedHashMap<>();
            spec.networks().forEach(n -> networksAndVolumes.put(Provisioner.networkKey(n.name()), CompletableFuture.supplyAsync(
                    () -> PhaseTrace.time(PhaseTrace.Phase.CREATE, scopeId, () -> create.createNetwork(n)), Workers.POOL)));
            spec.volumes().forEach(v -> networksAndVolumes.put(Provisioner.volumeKey(v.name()), CompletableFuture.supplyAsync(
                    () -> PhaseTrace.time(PhaseTrace.Phase.CREATE, scopeId, () -> create.createVolume(v)), Workers.POOL)));
            if (spec.stacks().isEmpty()) {
                // each container waits only for the networks and volumes it uses: containers start while
                // another volume is still being seeded
                create.resourcesBeingCreated(networksAndVolumes);
                RuntimeException containersFailed = null;
                try {
                    create.startContainers();
                } catch (RuntimeException e) {
                    containersFailed = e;
                }
                Workers.joinAll(networksAndVolumes.values()); // all done before anything is removed; their own failure first
                if (containersFailed != null) {
                    throw containersFailed;
                }
            } else {
                Workers.joinAll(networksAndVolumes.values());
                Workers.runAll(spec.stacks().stream().<Supplier<Object>>map(st -> () -> create.startStack(st)).toList());
                create.startContainers();
            }
            addRegistries();
            if (reuse != null) {
                awaitSettled(); // keeping stops containers for the snapshot: judge their start first
                reuse.keep(this);
            }
            return this;
        } catch (RuntimeException e) {
            failed = true;
            List<RuntimeException> exitedAtStart = settleFailures();
            Teardown teardown = new Teardown(this);
            String created = teardown.created();
            RuntimeException cleanupFailure = null;
            try {
                if (reuse != null && reuse.locked()) {
                    KeptEnvironments.removeObjects(Docker.get().client(), reuse.hash()); // with its anchor: a later run starts afresh
                }
                PhaseTrace.time(PhaseTrace.Phase.TEARDOWN, scopeId, teardown::removeAll);
            } catch (RuntimeException removal) {
                cleanupFailure = removal;
            } finally {
                if (reuse != null) {
                    reuse.unlock();
                }
                OPEN.remove(this);
                PhaseTrace.finish(scopeId);
            }
            RuntimeException reported = created.isEmpty() ? e : withNote(e, cleanupFailure == null
                    ? "Berth had created " + created + ", and has removed all of it."
                    : "Berth had created " + created + ", and could not remove all of it (see below).");
            if (cleanupFailure != null) {
                reported.addSuppressed(cleanupFailure);
            }
            exitedAtStart.stream().filter(f -> f != e && f != e.getCause()).forEach(reported::addSuppressed);
            throw reported;
        }
    }

    /**
     * The failure with a sentence added to its message, of the same kind (a configuration error
     * stays one), with the same cause, stack trace and suppressed failures; the engine's own
     * refusal (a docker-java exception) becomes a BerthException with the engine's sentence. Any
     * other kind (a test abort, a bug) is left as it is.
     */
    static RuntimeException withNote(RuntimeException failure, String note) {
        RuntimeException noted;
        if (failure instanceof ExtensionConfigurationException) {
            noted = new ExtensionConfigurationException(noted(failure.getMessage(), note), failure.getCause());
        } else if (failure.getClass() == BerthException.class) {
            noted = new BerthException(noted(failure.getMessage(), note), failure.getCause());
        } else if (failure instanceof DockerException || failure instanceof DockerClientException) {
            return new BerthException(noted(EngineMessage.of(failure), note), failure);
        } else {
            return failure;
        }
        noted.setStackTrace(failure.getStackTrace());
        for (Throwable suppressed : failure.getSuppressed()) {
            noted.addSuppressed(suppressed);
        }
        return noted;
    }

    /**
     * The note goes after the message's first sentence line, before what follows it (the last log
     * lines, a list): after a heading that ends with a colon, or in a one-line message, at the end.
     */
    static String noted(String message, String note) {
        String text = message == null ? "" : message;
        int newline = text.indexOf('\n');
        if (newline < 0) {
            return text + " " + note;
        }
        String first = text.substring(0, newline);
        return first.endsWith(":") ? text + "\n" + note : first + " " + note + text.substring(newline);
    }

    private void addRegistries() {
        for (Specs.RegistrySpec r : spec.registries()) {
            registries.put(r.name(), new RegistryHandle(r.name(), containers.get(r.name()), r.username(), r.password()));
        }
    }

    private void preflightImages() {
        Set<String> builtOutside = new HashSet<>();
        outer.forEach(o -> builtOutside.addAll(o.images.keySet()));
        Map<String, String> stackEnv = chain.resourceEnv(new LinkedHashMap<>());
        stackEnv.putAll(ImagePreflight.placeholderEnv(List.of(spec))); // this scope's own do not exist yet
        ImagePreflight.check("the environment of " + spec.scopeName(), List.of(spec), builtOutside, config, stackEnv, stackModels);
    }

    /** A stack of this environment or an enclosing one, by logical name. */
    public Optional<StackHandle> stack(String name) {
        return chain.find(Environment::stacks, name);
    }

    /** A container of this environment or an enclosing one, by logical name or extra alias. */
    public Optional<ContainerHandle> findContainer(String nameOrAlias) {
        return chain.container(nameOrAlias);
    }

    /** A network of this environment or an enclosing one; {@code STACK/NETWORK} names a compose stack's network. */
    public Optional<NetworkHandle> network(String name) {
        return chain.network(name);
    }

    public Optional<VolumeHandle> volume(String name) {
        return chain.find(Environment::volumes, name);
    }

    @Override
    public void close() {
        synchronized (this) { // the shutdown hook may close it while JUnit does
            if (closed) {
                return;
            }
            closed = true;
        }
        OPEN.remove(this);
        // a settle still running must not inspect removed containers: wait for it; a failure is normally reported by a
        // test boundary already (BerthExtension), one that was not (no boundary ran) is told here rather than lost
        for (ContainerHandle h : new ArrayList<>(containers.values())) {
            h.settleFailure(true).filter(f -> !h.settleReported())
                    .ifPresent(f -> LOG.warn("Berth: in the environment of {}: {}", spec.scopeName(), Secrets.mask(f.getMessage())));
        }
        Reuse r = reuse;
        if (r != null && r.kept()) {
            r.release(this); // kept for the next run with the same declaration, whatever the outcome
            LOG.info("Berth kept the environment of {} for reuse ({})", spec.scopeName(), r.hash());
            return;
        }
        boolean keep = cleanup == Removal.NEVER || (cleanup == Removal.ON_SUCCESS && failed);
        if (keep) {
            String message = "Berth kept the environment of " + spec.scopeName() + " (cleanup " + cleanup
                    + (failed ? ", a test failed" : "") + "). Remove it with:\n  " + removalCommand();
            message = Secrets.mask(message);
            LOG.warn(message);
            System.err.println(message); // also without an SLF4J backend: the user must see how to clean up
            PhaseTrace.finish(scopeId);
            return;
        }
        try {
            PhaseTrace.time(PhaseTrace.Phase.TEARDOWN, scopeId, () -> new Teardown(this).removeAll());
        } finally {
            PhaseTrace.finish(scopeId);
        }
    }

    /** The shell command that removes what this environment created. */
    public String removalCommand() {
        return new Teardown(this).removalCommand();
    }
}
