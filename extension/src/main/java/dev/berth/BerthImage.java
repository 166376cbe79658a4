package dev.berth;

import static org.apiguardian.api.API.Status.STABLE;

import java.util.List;
import java.util.Map;
import org.apiguardian.api.API;

/**
 * A handle to a local image and the facts Docker records about it: size, layers, the
 * instruction behind each layer, and its configuration.
 *
 * <p>Injected for each {@link BuildImage} (by its tag); {@link dev.berth.assertions.BerthAssertions#assertThatImage(String)}
 * asserts on the same facts for any local image.
 */
@API(status = STABLE, since = "0.1")
public interface BerthImage {

    /** The reference it was built or looked up as, e.g. {@code example/hello:1}. */
    String name();

    /** The image id ({@code sha256:...}). */
    String id();

    /** The image size in bytes, as {@code docker image ls} reports it. */
    long sizeBytes();

    /** The number of file system layers. */
    int layerCount();

    /** The instruction that made each history entry, oldest first (e.g. {@code RUN /bin/sh -c apt-get ...}). */
    List<String> history();

    /** The environment as {@code NAME=value}. */
    List<String> env();

    /** The exposed ports, e.g. {@code 80/tcp}. */
    List<String> exposedPorts();

    /** The user the image runs as; empty means root. */
    String user();

    /** The working directory; empty means {@code /}. */
    String workdir();

    /** The image labels. */
    Map<String, String> labels();

    /** The entrypoint. */
    List<String> entrypoint();

    /** The default command. */
    List<String> cmd();

    /** Whether this run built it (false: the cached image matched the context hash). */
    boolean wasBuilt();
}
