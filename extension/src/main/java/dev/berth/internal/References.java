package dev.berth.internal;

import dev.berth.internal.Specs.ContainerSpec;
import dev.berth.internal.Specs.EnvironmentSpec;
import dev.berth.internal.Specs.MountKind;
import dev.berth.internal.Specs.MountSpec;
import dev.berth.internal.Specs.NetworkSpec;
import dev.berth.internal.Specs.VolumeSpec;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

/**
 * Checks, without Docker, that what a scope's containers refer to is declared in that scope or an
 * enclosing one: networks, volumes, compose stacks, containers they depend on; and that
 * {@code dependsOn} has no cycle.
 */
final class References {

    private References() {
    }

    /**
     * Throws an {@link ExtensionConfigurationException} naming the first reference that is not
     * declared in {@code spec} or in the already started {@code outer} scopes.
     */
    static void check(EnvironmentSpec spec, ScopeChain outer) {
        Set<String> local = new HashSet<>();
        spec.containers().forEach(c -> local.add(c.name()));
        for (ContainerSpec c : spec.containers()) {
            for (String n : c.networks()) {
                int slash = n.indexOf('/');
                if (slash > 0) {
                    String st = n.substring(0, slash);
                    if (spec.stacks().stream().noneMatch(x -> x.name().equals(st)) && !outer.has(Environment::stacks, st)) {
                        throw Declarations.fail(c.origin(), "it joins network \"" + n + "\" of stack \"" + st + "\", which is not declared",
                                "declare @ComposeStack(name = \"" + st + "\", ...), or fix the name (written STACK/NETWORK, e.g. \"shop/default\")",
                                "declare it with composeStack(\"" + st + "\", s -> s.files(...)) on the builder, or fix the name (written"
                                        + " STACK/NETWORK, e.g. \"shop/default\")");
                    }
                    continue;
                }
                if (spec.networks().stream().noneMatch(x -> x.name().equals(n)) && !outer.has(Environment::networks, n)) {
                    throw Declarations.fail(c.origin(), "it joins network \"" + n + "\", which is not declared (declared: "
                            + visible(spec.networks().stream().map(NetworkSpec::name).toList(), outer, e -> e.spec().networks().stream().map(NetworkSpec::name).toList())
                            + ")", "add @WithNetwork(name = \"" + n + "\") to the class or method, or fix the name",
                            "add network(\"" + n + "\") to the builder, or fix the name");
                }
            }
            for (MountSpec m : c.mounts()) {
                if (m.kind() == MountKind.VOLUME && spec.volumes().stream().noneMatch(x -> x.name().equals(m.source()))
                        && !outer.has(Environment::volumes, m.source())) {
                    throw Declarations.fail(c.origin(), "it mounts volume \"" + m.source() + "\" (\"" + m.declared()
                            + "\"), which is not declared (declared: "
                            + visible(spec.volumes().stream().map(VolumeSpec::name).toList(), outer, e -> e.spec().volumes().stream().map(VolumeSpec::name).toList())
                            + ")", "add @WithVolume(name = \"" + m.source() + "\"), or write a project path as \"./" + m.source() + "\" for a bind mount",
                            "add volume(\"" + m.source() + "\") to the builder, or write a project path as \"./" + m.source() + "\" for a bind mount");
                }
            }
            for (String d : c.dependsOn()) {
                if (!local.contains(d) && !outer.has(Environment::containers, d)) {
                    throw Declarations.fail(c.origin(), "it depends on container \"" + d + "\", which is not declared (declared: "
                            + visible(spec.containers().stream().map(ContainerSpec::name).toList(), outer,
                                    e -> e.spec().containers().stream().map(ContainerSpec::name).toList())
                            + ")", "declare it with @WithContainer(name = \"" + d + "\", ...), or fix dependsOn",
                            "declare it with container(\"" + d + "\", c -> ...) on the builder, or fix dependsOn");
                }
            }
        }
        Map<String, ContainerSpec> byName = new LinkedHashMap<>();
        spec.containers().forEach(c -> byName.put(c.name(), c));
        for (ContainerSpec c : spec.containers()) {
            detectCycle(c, byName, new LinkedHashSet<>());
        }
    }

    private static List<String> visible(List<String> here, ScopeChain outer, java.util.function.Function<Environment, java.util.Collection<String>> names) {
        List<String> all = new ArrayList<>(here);
        all.addAll(outer.names(names));
        return all;
    }

    private static void detectCycle(ContainerSpec c, Map<String, ContainerSpec> byName, LinkedHashSet<String> path) {
        if (!path.add(c.name())) {
            List<String> cycle = new ArrayList<>(path);
            cycle.add(c.name());
            throw Declarations.fail(c.origin(), "dependsOn forms a cycle " + String.join(" -> ", cycle),
                    "remove one of these dependencies");
        }
        for (String d : c.dependsOn()) {
            ContainerSpec dep = byName.get(d);
            if (dep != null) {
                detectCycle(dep, byName, path);
            }
        }
        path.remove(c.name());
    }
}
