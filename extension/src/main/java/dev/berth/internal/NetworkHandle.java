package dev.berth.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import dev.berth.BerthNetwork;
import dev.berth.internal.Specs.NetworkSpec;
import org.apiguardian.api.API;

/** The created network behind a {@link BerthNetwork}. */
@API(status = INTERNAL, since = "0.1")
public record NetworkHandle(NetworkSpec spec, String id, String dockerName, String subnet) implements BerthNetwork {

    @Override
    public String name() {
        return spec.name();
    }

    @Override
    public boolean isInternal() {
        return spec.internal();
    }

    /** The first IPAM subnet Docker records for a network, or empty when it records none. */
    static String subnetOf(com.github.dockerjava.api.model.Network n) {
        String subnet = n.getIpam() != null && n.getIpam().getConfig() != null && !n.getIpam().getConfig().isEmpty()
                ? n.getIpam().getConfig().get(0).getSubnet() : null;
        return subnet == null ? "" : subnet;
    }

    @Override
    public String toString() {
        return "network " + spec.name() + " (" + dockerName + ", " + subnet + ")";
    }
}
