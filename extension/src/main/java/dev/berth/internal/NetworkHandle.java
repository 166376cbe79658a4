package dev.berth.internal;

import dev.berth.BerthNetwork;
import dev.berth.internal.Specs.NetworkSpec;

/** The created network behind a {@link BerthNetwork}. */
public record NetworkHandle(NetworkSpec spec, String id, String dockerName, String subnet) implements BerthNetwork {

    @Override
    public String name() {
        return spec.name();
    }

    @Override
    public boolean isInternal() {
        return spec.internal();
    }

    @Override
    public String toString() {
        return "network " + spec.name() + " (" + dockerName + ", " + subnet + ")";
    }
}
