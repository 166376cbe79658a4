package dev.berth;

import static org.apiguardian.api.API.Status.STABLE;

import java.util.Locale;
import org.apiguardian.api.API;

/**
 * Kinds of access to the host that Berth refuses unless a test allows them by name, with
 * {@link AllowHostAccess} or the configuration key {@code berth.host-access.allow}.
 *
 * <p>Each one lets a test container (or compose service) reach beyond the sandbox a test
 * environment should be: a mistake or a hostile image can then read or change the host.
 */
@API(status = STABLE, since = "0.1")
public enum HostAccess {

    /**
     * A bind mount of the host's root directory {@code /} (or a build context of {@code /}): the
     * container sees, and with {@code :rw} changes, every file of the host.
     */
    HOST_ROOT,

    /**
     * A bind mount of the Docker engine socket ({@code /var/run/docker.sock}, {@code /run/docker.sock}):
     * the container controls the engine, and through it the host (it can start a privileged
     * container that mounts {@code /}).
     */
    ENGINE_SOCKET,

    /**
     * A path outside the project directory (the working directory of the test JVM): bind sources,
     * {@code seedFrom}, env files, compose files, env files and project directories, build
     * contexts, and bind sources of compose services. The test then depends on, and may expose or
     * change, files that are not part of the project.
     */
    OUTSIDE_PROJECT,

    /**
     * A privileged container ({@code @WithContainer(privileged = true)}) or compose service
     * ({@code privileged: true}, {@code cap_add: [ALL]}): it has every capability and every device
     * of the host, which is root on the host.
     */
    PRIVILEGED;

    /** The name used in {@code berth.host-access.allow}, e.g. {@code engine-socket}. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
