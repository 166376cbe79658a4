package dev.berth;

/**
 * A handle to a named Docker volume that Berth created for the current scope.
 */
public interface BerthVolume {

    /** The logical name it was declared with. */
    String name();

    /** The real, unique Docker volume name (what {@code docker volume ls} shows). */
    String dockerName();
}
