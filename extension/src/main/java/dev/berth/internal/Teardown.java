package dev.berth.internal;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import dev.berth.BerthException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Removes what one {@link Environment} created: containers and their probes first, then compose
 * stacks, built images, networks and volumes. Every removal is attempted; failures are collected
 * and reported together with the command that removes the rest.
 */
final class Teardown {

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
        List<CompletableFuture<Void>> removals = new ArrayList<>();
        for (String id : new ArrayList<>(env.createdContainerIds())) {
            ContainerHandle h = handles.stream().filter(x -> x.id().equals(id)).findFirst().orElse(null);
            removals.add(CompletableFuture.runAsync(() -> {
                if (h != null) {
                    guard(errors, h::dropProbe);
                }
                guard(errors, () -> client.removeContainerCmd(id).withForce(true).withRemoveVolumes(true).exec());
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
            removals.add(CompletableFuture.runAsync(() -> guard(errors, () -> client.removeNetworkCmd(n.id()).exec()), Workers.POOL));
        }
        for (VolumeHandle v : new ArrayList<>(env.volumes().values())) {
            removals.add(CompletableFuture.runAsync(() -> guard(errors, () -> client.removeVolumeCmd(v.dockerName()).exec()), Workers.POOL));
        }
        removals.forEach(CompletableFuture::join);
        if (!errors.isEmpty()) {
            BerthException e = new BerthException("Berth could not remove all of the environment of " + env.spec().scopeName()
                    + ": " + EngineMessage.of(errors.get(0)) + ". Remove the rest with: " + removalCommand(), errors.get(0));
            errors.stream().skip(1).forEach(e::addSuppressed);
            throw e;
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
