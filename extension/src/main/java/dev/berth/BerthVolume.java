package dev.berth;

import static org.apiguardian.api.API.Status.STABLE;

import org.apiguardian.api.API;

/**
 * A handle to a named Docker volume that Berth created for the current scope.
 */
@API(status = STABLE, since = "0.1")
public interface BerthVolume {

    /** The logical name it was declared with. */
    String name();

    /** The real, unique Docker volume name (what {@code docker volume ls} shows). */
    String dockerName();
}
