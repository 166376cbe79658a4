package dev.berth.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The environments a scope can see, nearest first: its own, then its enclosing ones (the method's,
 * the class's, enclosing classes', shared ones). Every "here, then in enclosing scopes" lookup
 * goes through {@link #find}.
 */
final class ScopeChain {

    private final List<Environment> scopes;

    ScopeChain(List<Environment> nearestFirst) {
        this.scopes = List.copyOf(nearestFirst);
    }

    static ScopeChain of(Environment here, List<Environment> outer) {
        List<Environment> all = new ArrayList<>();
        all.add(here);
        all.addAll(outer);
        return new ScopeChain(all);
    }

    /** The value under {@code name} in the nearest scope that has one. */
    <T> Optional<T> find(Function<Environment, Map<String, T>> map, String name) {
        for (Environment e : scopes) {
            T value = map.apply(e).get(name);
            if (value != null) {
                return Optional.of(value);
            }
        }
        return Optional.empty();
    }

    /** True when some scope has {@code name} in the given map. */
    boolean has(Function<Environment, Map<String, ?>> map, String name) {
        return scopes.stream().anyMatch(e -> map.apply(e).containsKey(name));
    }

    /** All names a function gives, nearest scope first. */
    List<String> names(Function<Environment, Collection<String>> names) {
        List<String> all = new ArrayList<>();
        scopes.forEach(e -> all.addAll(names.apply(e)));
        return all;
    }

    /** The scopes, nearest first. */
    List<Environment> scopes() {
        return scopes;
    }

    /** A container by logical name, then by extra alias, then as a compose service, nearest scope first at each step. */
    Optional<ContainerHandle> container(String nameOrAlias) {
        Optional<ContainerHandle> byName = find(Environment::containers, nameOrAlias);
        if (byName.isPresent()) {
            return byName;
        }
        for (Environment e : scopes) {
            for (ContainerHandle h : new ArrayList<>(e.containers().values())) {
                if (h.spec().aliases().contains(nameOrAlias)) {
                    return Optional.of(h);
                }
            }
        }
        for (Environment e : scopes) {
            for (StackHandle st : new ArrayList<>(e.stacks().values())) {
                Optional<ContainerHandle> service = st.serviceContainer(nameOrAlias);
                if (service.isPresent()) {
                    return service;
                }
            }
        }
        return Optional.empty();
    }

    /** The nearest scope that created the declared network {@code name} (not a stack's). */
    Optional<Environment> ownerOfNetwork(String name) {
        return scopes.stream().filter(e -> e.networks().containsKey(name)).findFirst();
    }

    /** A network by logical name, or a compose stack's network written STACK/NETWORK. */
    Optional<NetworkHandle> network(String name) {
        int slash = name.indexOf('/');
        if (slash > 0) {
            return find(Environment::stacks, name.substring(0, slash)).map(st -> st.networkHandles().get(name.substring(slash + 1)));
        }
        return find(Environment::networks, name);
    }

    /**
     * BERTH_NETWORK_X / BERTH_VOLUME_X for compose: the Docker names of every visible network and
     * volume, the nearest scope winning.
     */
    Map<String, String> resourceEnv(Map<String, String> into) {
        List<Environment> farthestFirst = new ArrayList<>(scopes);
        java.util.Collections.reverse(farthestFirst);
        for (Environment e : farthestFirst) {
            new ArrayList<>(e.networks().values()).forEach(n -> into.put(networkVariable(n.name()), n.dockerName()));
            new ArrayList<>(e.volumes().values()).forEach(v -> into.put(volumeVariable(v.name()), v.dockerName()));
        }
        return into;
    }

    static String networkVariable(String logical) {
        return "BERTH_NETWORK_" + envName(logical);
    }

    static String volumeVariable(String logical) {
        return "BERTH_VOLUME_" + envName(logical);
    }

    private static String envName(String logical) {
        return logical.toUpperCase(Locale.ROOT).replace('-', '_').replace('.', '_');
    }
}
