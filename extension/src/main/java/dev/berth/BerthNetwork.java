package dev.berth;

import static org.apiguardian.api.API.Status.STABLE;

import org.apiguardian.api.API;

/**
 * A handle to a Docker network that Berth created for the current scope.
 */
@API(status = STABLE, since = "0.1")
public interface BerthNetwork {

    /** The logical name it was declared with. */
    String name();

    /** The real, unique Docker network name. */
    String dockerName();

    /** The Docker network id. */
    String id();

    /** The network's IPv4 subnet in CIDR form, as Docker assigned or as declared. */
    String subnet();

    /** Whether the network is internal (no route outside). */
    boolean isInternal();
}
