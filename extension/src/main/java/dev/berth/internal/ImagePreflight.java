package dev.berth.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.internal.Specs.ContainerSpec;
import dev.berth.internal.Specs.EnvironmentSpec;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.apiguardian.api.API;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

/** The image preflight: before anything is created, every image the declarations need is present or pulled. */
@API(status = INTERNAL, since = "0.1")
public final class ImagePreflight {

    private ImagePreflight() {
    }

    /** Checks the images of a test class and its methods' declarations together, before the class starts. */
    public static void checkAll(String what, List<EnvironmentSpec> specs, Set<String> builtOutside, Config config) {
        check(what, specs, builtOutside, config, placeholderEnv(specs), null);
    }

    /**
     * Checks, before anything is created, that every image the given declarations need exists or
     * can be pulled: container images, compose services' images and the FROM lines of Dockerfiles
     * (images built by an earlier {@code @BuildImage} excepted). All missing images are reported
     * together in one {@link ExtensionConfigurationException}.
     */
    static void check(String what, List<EnvironmentSpec> specs, Set<String> builtOutside, Config config,
                                 Map<String, String> stackEnv, Map<String, JsonNode> models) {
        specs.forEach(Secrets::register);
        Docker docker = Docker.get();
        Map<String, List<String>> needed = new LinkedHashMap<>();
        Set<String> builtHere = new HashSet<>(builtOutside);
        for (EnvironmentSpec spec : specs) {
            for (Specs.BuildSpec b : spec.builds()) {
                builtHere.add(b.tag());
            }
        }
        Map<String, Specs.Pull> policies = new LinkedHashMap<>();
        for (EnvironmentSpec spec : specs) {
            for (Specs.BuildSpec b : spec.builds()) {
                for (String base : ImageBuild.baseImages(b)) {
                    if (!builtHere.contains(base)) {
                        needed.computeIfAbsent(base, k -> new ArrayList<>()).add("FROM in " + b.dockerfile() + " of " + b.origin());
                    }
                }
            }
            for (ContainerSpec c : spec.containers()) {
                if (!builtHere.contains(c.image())) {
                    needed.computeIfAbsent(c.image(), k -> new ArrayList<>()).add(c.origin().toString());
                }
            }
            if (spec.volumes().stream().anyMatch(v -> v.seed() != null)) {
                needed.computeIfAbsent(config.probeImage(), k -> new ArrayList<>()).add("volume seeding (" + Config.PROBE_IMAGE + ")");
            }
            needed.keySet().forEach(i -> policies.putIfAbsent(i, Specs.Pull.MISSING));
            for (Specs.StackSpec st : spec.stacks()) {
                StackHandle.imagesOf(st, config, stackEnv, models).forEach((image, who) -> {
                    if (builtHere.contains(image)) {
                        return;
                    }
                    needed.computeIfAbsent(image, k -> new ArrayList<>()).addAll(who);
                    policies.merge(image, st.pull(), (a, b) -> a == Specs.Pull.ALWAYS || b == Specs.Pull.ALWAYS ? Specs.Pull.ALWAYS
                            : a == Specs.Pull.MISSING || b == Specs.Pull.MISSING ? Specs.Pull.MISSING : Specs.Pull.NEVER);
                });
            }
        }
        Map<String, String> missing = Collections.synchronizedMap(new LinkedHashMap<>());
        List<CompletableFuture<Void>> checks = new ArrayList<>();
        for (String image : needed.keySet()) {
            checks.add(CompletableFuture.runAsync(() -> Images.ensure(docker.client(), image,
                    policies.getOrDefault(image, Specs.Pull.MISSING), config.pullTimeout())
                    .ifPresent(reason -> missing.put(image, reason)), Workers.POOL));
        }
        checks.forEach(CompletableFuture::join);
        if (!missing.isEmpty()) {
            StringBuilder msg = new StringBuilder("Berth cannot start " + what + ": "
                    + missing.size() + " image(s) are not present locally and could not be pulled:");
            needed.keySet().stream().filter(missing::containsKey).forEach(image -> msg.append("\n  - ").append(image)
                    .append(" (needed by ").append(String.join(", ", needed.get(image))).append("): ").append(missing.get(image)));
            msg.append("\nFix: build them locally (docker build -t NAME ...),"
                    + " pull them where a registry answers, or correct the image names. Nothing was created.");
            throw new ExtensionConfigurationException(msg.toString());
        }
    }

    /** Placeholder BERTH_NETWORK_X / BERTH_VOLUME_X values for reading compose files before anything exists. */
    static Map<String, String> placeholderEnv(List<EnvironmentSpec> specs) {
        Map<String, String> env = new LinkedHashMap<>();
        for (EnvironmentSpec spec : specs) {
            spec.networks().forEach(n -> env.put(ScopeChain.networkVariable(n.name()), "berth-pending-" + n.name()));
            spec.volumes().forEach(v -> env.put(ScopeChain.volumeVariable(v.name()), "berth-pending-" + v.name()));
        }
        return env;
    }
}
