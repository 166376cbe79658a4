package dev.berth;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;
import static org.apiguardian.api.API.Status.STABLE;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.apiguardian.api.API;

/**
 * A handle to a running container that Berth started for the current scope.
 *
 * <p>Everything a test needs to look at or drive the container: its identity, its addresses,
 * published ports, commands run inside it, files copied in and out ({@code docker cp} both ways),
 * its logs, and its lifecycle.
 *
 * <p>On a container that was removed (by the test, or outside it) every method but the identity
 * ones ({@link #name()}, {@link #dockerName()}, {@link #id()}, {@link #image()},
 * {@link #networks()}, {@link #host()}, {@link #node()}) throws {@link BerthException}; on a stopped one, what
 * needs it running (addresses, published ports, exec) throws {@link BerthException} too.
 */
@API(status = STABLE, since = "0.1")
public interface BerthContainer {

    /** The logical name it was declared with (its DNS alias on its networks). */
    String name();

    /** The real, unique Docker container name. */
    String dockerName();

    /**
     * The swarm node it runs on, such as {@code node-2} ({@link WithContainer#node()}); empty on the
     * default engine.
     */
    @API(status = EXPERIMENTAL, since = "0.9")
    String node();

    /** The Docker container id. */
    String id();

    /** The image it runs, as declared. */
    String image();

    /** Logical names of the declared networks it is attached to (empty on the default bridge). */
    List<String> networks();

    /**
     * Its IPv4 address on a network.
     *
     * @param network the logical name of a declared network, or {@code "bridge"} for the default bridge
     * @throws IllegalArgumentException when the container is not on that network
     * @throws BerthException when it is not running (it has no address then) or no longer exists
     */
    String ipAddress(String network);

    /** The host that published ports are reachable on, usually {@code 127.0.0.1}. */
    String host();

    /**
     * The host port published for a container port.
     *
     * @param containerPort a TCP port of the container that was declared in {@code ports}
     * @throws IllegalArgumentException when that port was not published as TCP
     * @throws BerthException when the container is not running (nothing is published then) or no longer exists
     */
    int hostPort(int containerPort);

    /**
     * The host port published for a container port of the given protocol.
     *
     * @param containerPort a port of the container that was declared in {@code ports}
     * @param protocol {@code "tcp"} or {@code "udp"}
     * @throws IllegalArgumentException when that port was not published with that protocol
     * @throws BerthException when the container is not running (nothing is published then) or no longer exists
     */
    int hostPort(int containerPort, String protocol);

    /** Runs a command inside the container and waits for it to finish. */
    ExecResult exec(String... command);

    /** Copies a host file or directory into the container ({@code docker cp HOST CONTAINER}). */
    void copyIn(Path hostPath, String containerPath);

    /** Writes text to a file inside the container, creating parent directories. */
    void writeFile(String containerPath, String content);

    /** Copies a file or directory out of the container into a host directory ({@code docker cp CONTAINER HOST}). */
    void copyOut(String containerPath, Path hostDirectory);

    /**
     * Reads a file inside the container as UTF-8 text, if it exists (empty when the file does not).
     *
     * @throws BerthException when the container itself no longer exists
     */
    Optional<String> readFile(String containerPath);

    /** All output the container wrote so far, stdout and stderr interleaved. */
    String logs();

    /** Whether the container is running now. */
    boolean isRunning();

    /** Stops the container (SIGTERM, then SIGKILL after the given seconds); a stopped container stays stopped. */
    void stop(int timeoutSeconds);

    /** Starts the stopped container again (a running one keeps running) and waits for its readiness conditions. */
    void start();

    /**
     * Restarts the container (SIGTERM, SIGKILL after 2 s, start) and waits for its readiness
     * conditions; use {@link #stop(int)} and {@link #start()} for a longer grace period.
     */
    void restart();
}
