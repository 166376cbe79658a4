package dev.berth;

import static org.apiguardian.api.API.Status.STABLE;

import java.util.List;
import org.apiguardian.api.API;

/**
 * A handle to a Docker Compose stack that Berth brought up for the current scope.
 *
 * <p>Services are returned as the same {@link BerthContainer} handles that {@link WithContainer}
 * gives, so every assertion works on them; networks and volumes as {@link BerthNetwork} and
 * {@link BerthVolume}, named by their keys in the compose file.
 */
@API(status = STABLE, since = "0.1")
public interface BerthStack {

    /** The logical name it was declared with. */
    String name();

    /** The unique compose project name ({@code docker compose -p}). */
    String dockerName();

    /** The names of the services that have containers. */
    List<String> services();

    /**
     * The container of a service (the first one, when scaled).
     *
     * @throws IllegalArgumentException for an unknown service, listing the known ones
     */
    BerthContainer container(String service);

    /** All containers of a service, in instance order (several when scaled). */
    List<BerthContainer> containers(String service);

    /** The host port compose published for a service's container port. */
    int hostPort(String service, int containerPort);

    /** The output of a service (all its containers). */
    String logs(String service);

    /** Runs a command in a service's (first) container. */
    ExecResult exec(String service, String... command);

    /** A network of the stack by its key in the compose file ({@code default} for the implicit one). */
    BerthNetwork network(String name);

    /** A named volume of the stack by its key in the compose file. */
    BerthVolume volume(String name);
}
