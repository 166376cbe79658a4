package dev.berth.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import dev.berth.BerthNetwork;
import dev.berth.internal.Specs.NetworkSpec;
import org.apiguardian.api.API;

/**
 * The created network behind a {@link BerthNetwork}. Its subnet is read from the engine when first
 * asked for (one inspect), not when the network is created: most environments never ask, and the
 * inspect would sit between creating the network and starting its containers.
 */
@API(status = INTERNAL, since = "0.1")
public final class NetworkHandle implements BerthNetwork {

    private final NetworkSpec spec;
    private final String id;
    private final String dockerName;
    private volatile String subnet;

    /** {@code subnet}: as the engine recorded it, or null to read it from the engine when first asked for. */
    public NetworkHandle(NetworkSpec spec, String id, String dockerName, String subnet) {
        this.spec = spec;
        this.id = id;
        this.dockerName = dockerName;
        this.subnet = subnet;
    }

    public NetworkSpec spec() {
        return spec;
    }

    public String id() {
        return id;
    }

    public String dockerName() {
        return dockerName;
    }

    @Override
    public String subnet() {
        String known = subnet;
        if (known == null) {
            String assigned = subnetOf(Docker.get().client().inspectNetworkCmd().withNetworkId(id).exec());
            known = assigned.isEmpty() ? spec.subnet() : assigned;
            subnet = known;
        }
        return known;
    }

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
        String known = subnet;
        return "network " + spec.name() + " (" + dockerName + (known == null ? "" : ", " + known) + ")";
    }
}
