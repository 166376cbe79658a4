package dev.berth.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.CleanupMode;
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
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.apiguardian.api.API;
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
    private final List<Environment> outer;
    private final ScopeChain chain;
    private final String scopeId;
    private final Config config;
    private final CleanupMode cleanup;

    private final Map<String, NetworkHandle> networks = Collections.synchronizedMap(new LinkedHashMap<>());
    private final Map<String, VolumeHandle> volumes = Collections.synchronizedMap(new LinkedHashMap<>());
    private final Map<String, ContainerHandle> containers = Collections.synchronizedMap(new LinkedHashMap<>());
    private final Map<String, StackHandle> stacks = Collections.synchronizedMap(new LinkedHashMap<>());
    private final Map<String, ImageHandle> images = Collections.synchronizedMap(new LinkedHashMap<>());
    /** Compose models read in the preflight, reused by up when the environment is the same. */
    private final Map<String, JsonNode> stackModels = new ConcurrentHashMap<>();
    private final Map<String, RegistryHandle> registries = Collections.synchronizedMap(new LinkedHashMap<>());
    private final List<String> createdContainerIds = Collections.synchronizedList(new ArrayList<>());
    private volatile boolean failed;
    private volatile boolean closed;
    /** Set for an environment kept between runs ({@code @ReuseEnvironment}) while reuse is enabled. */
    private volatile Reuse reuse;
    private volatile boolean reuseRequested;
    private volatile boolean resetVolumes;
    /** The wiring checks asserted on this environment's containers (the pictures' edges). */
    private final dev.berth.internal.topology.CheckLog checks = new dev.berth.internal.topology.CheckLog();

    public Environment(EnvironmentSpec spec, List<Environment> outer, String scopeId, Config config, CleanupMode cleanup) {
        this.spec = spec;
        this.outer = List.copyOf(outer);
        this.chain = ScopeChain.of(this, outer);
        this.scopeId = scopeId;
        this.config = config;
        this.cleanup = cleanup;
        Docker.get(); // connects now: without an engine the scope fails here, saying where it looked
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

    Config config() {
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

    /** Every container of this scope: declared ones and those of its compose stacks. */
    public List<ContainerHandle> allContainers() {
        List<ContainerHandle> all = new ArrayList<>(containers.values());
        new ArrayList<>(stacks.values()).forEach(st -> all.addAll(st.allContainers()));
        return all;
    }

    /** Marks the scope as failed (for {@link CleanupMode#ON_SUCCESS}). */
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

    /** Creates everything, or nothing: a failure half-way removes what was created, then throws. */
    public Environment start() {
        References.check(spec, new ScopeChain(outer));
        preflightImages();
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
            List<Supplier<Object>> networksAndVolumes = new ArrayList<>();
            spec.networks().forEach(n -> networksAndVolumes.add(() -> create.createNetwork(n)));
            spec.volumes().forEach(v -> networksAndVolumes.add(() -> create.createVolume(v)));
            Workers.runAll(networksAndVolumes);
            Workers.runAll(spec.stacks().stream().<Supplier<Object>>map(st -> () -> create.startStack(st)).toList());
            create.startContainers();
            addRegistries();
            if (reuse != null) {
                reuse.keep(this);
            }
            return this;
        } catch (RuntimeException e) {
            failed = true;
            try {
                if (reuse != null && reuse.locked()) {
                    KeptEnvironments.removeObjects(Docker.get().client(), reuse.hash()); // with its anchor: a later run starts afresh
                }
                new Teardown(this).removeAll();
            } catch (RuntimeException cleanupFailure) {
                e.addSuppressed(cleanupFailure);
            } finally {
                if (reuse != null) {
                    reuse.unlock();
                }
                OPEN.remove(this);
            }
            throw e;
        }
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
        Reuse r = reuse;
        if (r != null && r.kept()) {
            r.release(this); // kept for the next run with the same declaration, whatever the outcome
            LOG.info("Berth kept the environment of {} for reuse ({})", spec.scopeName(), r.hash());
            return;
        }
        boolean keep = cleanup == CleanupMode.NEVER || (cleanup == CleanupMode.ON_SUCCESS && failed);
        if (keep) {
            String message = "Berth kept the environment of " + spec.scopeName() + " (cleanup " + cleanup
                    + (failed ? ", a test failed" : "") + "). Remove it with:\n  " + removalCommand();
            message = Secrets.mask(message);
            LOG.warn(message);
            System.err.println(message); // also without an SLF4J backend: the user must see how to clean up
            return;
        }
        new Teardown(this).removeAll();
    }

    /** The shell command that removes what this environment created. */
    public String removalCommand() {
        return new Teardown(this).removalCommand();
    }
}
