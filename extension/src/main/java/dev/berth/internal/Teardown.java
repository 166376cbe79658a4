package dev.berth.internal;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import dev.berth.BerthException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Removes what one {@link Environment} created: containers and their probes first, then compose
 * stacks, built images, networks and volumes. Every removal is attempted; failures are collected
 * and reported together with the command that removes the rest.
 */
final class Teardown {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Teardown.class);

    private final Environment env;

    Teardown(Environment env) {
        this.env = env;
    }

    /** The shell command that removes what this environment created. */
    String removalCommand() {
        List<String> parts = new ArrayList<>();
        List<String> names = new ArrayList<>();
        env.containers().values().forEach(c -> {
            names.add(c.dockerName() + "-probe");
            names.add(c.dockerName());
        });
        if (!names.isEmpty()) {
            parts.add("docker rm -f " + String.join(" ", names) + " 2>/dev/null");
        }
        new ArrayList<>(env.stacks().values()).forEach(st -> parts.add(st.removalCommand()));
        if (!env.networks().isEmpty()) {
            parts.add("docker network rm " + String.join(" ", env.networks().values().stream().map(NetworkHandle::dockerName).toList()));
        }
        if (!env.volumes().isEmpty()) {
            parts.add("docker volume rm " + String.join(" ", env.volumes().values().stream().map(VolumeHandle::dockerName).toList()));
        }
        return parts.isEmpty() ? "(nothing was created)" : String.join("; ", parts);
    }

    /**
     * What this environment has created so far, by logical name, for the message of a failure
     * half-way: {@code network backend, volume data, container web}; empty when nothing.
     */
    String created() {
        List<String> parts = new ArrayList<>();
        for (Specs.BuildSpec b : env.spec().builds()) {
            if (!b.keep() && env.images().containsKey(b.tag())) {
                parts.add("image " + b.tag());
            }
        }
        env.networks().keySet().forEach(n -> parts.add("network " + n));
        env.volumes().keySet().forEach(v -> parts.add("volume " + v));
        env.stacks().keySet().forEach(st -> parts.add("compose stack " + st));
        List<String> ids = new ArrayList<>(env.createdContainerIds());
        int unnamed = 0;
        for (String id : ids) {
            String name = env.containers().values().stream().filter(c -> c.id().equals(id)).map(ContainerHandle::name)
                    .findFirst().orElse(null);
            if (name == null) {
                unnamed++;
            } else {
                parts.add("container " + name);
            }
        }
        if (unnamed > 0) {
            parts.add(unnamed + " container(s) still being set up");
        }
        return String.join(", ", parts);
    }

    void removeAll() {
        DockerClient client = Docker.get().client();
        List<RuntimeException> errors = Collections.synchronizedList(new ArrayList<>());
        Collection<ContainerHandle> handles = new ArrayList<>(env.containers().values());
        Map<String, CompletableFuture<Boolean>> early = removeNetworksEarly(client, handles);
        List<CompletableFuture<Void>> removals = new ArrayList<>();
        for (String id : new ArrayList<>(env.createdContainerIds())) {
            ContainerHandle h = handles.stream().filter(x -> x.id().equals(id)).findFirst().orElse(null);
            removals.add(CompletableFuture.runAsync(() -> {
                if (h != null) {
                    guard(errors, () -> {
                        dev.berth.internal.swarm.Placement.answering(h.docker(), "the probe of " + h.name());
                        h.dropProbe();
                    });
                }
                guard(errors, () -> dev.berth.internal.swarm.Placement.answering(env.placement().engineOf(id), "container " + id).client().removeContainerCmd(id).withForce(true).withRemoveVolumes(true).exec());
            }, Workers.POOL));
        }
        removals.forEach(CompletableFuture::join);
        removals.clear();
        for (StackHandle st : new ArrayList<>(env.stacks().values())) {
            removals.add(CompletableFuture.runAsync(() -> guard(errors, st::down), Workers.POOL));
        }
        removals.forEach(CompletableFuture::join);
        removals.clear();
        for (Specs.BuildSpec b : env.spec().builds()) {
            if (!b.keep() && env.images().containsKey(b.tag())) {
                guard(errors, () -> ImageBuild.remove(b.tag()));
            }
        }
        for (NetworkHandle n : new ArrayList<>(env.networks().values())) {
            CompletableFuture<Boolean> first = early.get(n.id());
            if (first != null && first.join()) {
                continue; // gone while the containers went
            }
            removals.add(CompletableFuture.runAsync(() -> guard(errors, () -> env.placement().removeNetwork(
                    dev.berth.internal.swarm.Placement.answering(env.placement().networkEngine(n.name()), "network " + n.dockerName()), n.id())), Workers.POOL));
        }
        for (VolumeHandle v : new ArrayList<>(env.volumes().values())) {
            removals.add(CompletableFuture.runAsync(() -> guard(errors, () -> dev.berth.internal.swarm.Placement.answering(env.placement().volumeEngine(v.name()), "volume " + v.dockerName()).client().removeVolumeCmd(v.dockerName()).exec()), Workers.POOL));
        }
        removals.forEach(CompletableFuture::join);
        if (!errors.isEmpty()) {
            BerthException e = new BerthException("Berth could not remove all of the environment of " + env.spec().scopeName()
                    + ": " + EngineMessage.of(errors.get(0)) + ". Remove the rest with: " + removalCommand(), errors.get(0));
            errors.stream().skip(1).forEach(e::addSuppressed);
            throw e;
        }
    }

    /**
     * Starts removing this environment's networks while its containers are removed: each network's
     * containers (of this environment) are disconnected by force, then the network is removed. The
     * engine releases a running container's endpoint at once, while a killed container releases it
     * only after its exit and clean-up, so the network no longer waits for the containers (about 60-80
     * ms of a teardown on a local engine: docs/performance.md). Only on one engine without compose
     * stacks (a stack may join a declared network, a swarm node needs its own order).
     *
     * @return per network id, a future telling whether the network is gone; a network whose early
     *     removal fails (another container joined it, the engine raced) is removed again, and any
     *     failure reported, once the containers are gone
     */
    private Map<String, CompletableFuture<Boolean>> removeNetworksEarly(DockerClient client, Collection<ContainerHandle> handles) {
        Map<String, CompletableFuture<Boolean>> early = new HashMap<>();
        if (env.placement().onSwarm() || !env.stacks().isEmpty()) {
            return early;
        }
        Set<String> created = new HashSet<>(env.createdContainerIds());
        for (NetworkHandle n : new ArrayList<>(env.networks().values())) {
            // its containers, and any container still being set up (no handle yet: its networks are not known)
            List<String> members = created.stream().filter(id -> handles.stream().filter(h -> h.id().equals(id))
                    .allMatch(h -> h.joined(n.id()))).toList();
            early.put(n.id(), CompletableFuture.supplyAsync(() -> {
                try {
                    Workers.runAll(members.stream().<java.util.function.Supplier<Object>>map(id -> () -> {
                        disconnect(client, n.id(), id);
                        return null;
                    }).toList());
                    client.removeNetworkCmd(n.id()).exec();
                    return true;
                } catch (NotFoundException alreadyGone) {
                    return true;
                } catch (RuntimeException raced) {
                    // not lost: the network is removed once more after its containers, which reports a failure
                    LOG.debug("Berth removes network {} after its containers: {}", n.dockerName(), EngineMessage.of(raced));
                    return false;
                }
            }, Workers.POOL));
        }
        return early;
    }

    /** Disconnects a container from a network by force; one that is already gone or off it is done. */
    private static void disconnect(DockerClient client, String network, String container) {
        try {
            client.disconnectFromNetworkCmd().withNetworkId(network).withContainerId(container).withForce(true).exec();
        } catch (com.github.dockerjava.api.exception.DockerException offOrGone) {
            // already removed, or off the network, by the concurrent removal (the engine answers 404 or 500 depending
            // on how far it got). Not lost: a container still on it makes the network's removal fail, which is retried
            // after the containers and reported if it fails then
        }
    }

    /** Runs a removal, taking "already gone" as done and collecting any other failure. */
    static void guard(List<RuntimeException> errors, Runnable action) {
        try {
            action.run();
        } catch (NotFoundException alreadyGone) {
            // removed by the test itself or by Docker (auto-remove): the goal is reached
        } catch (RuntimeException e) {
            errors.add(e);
        }
    }
}
