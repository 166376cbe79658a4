package dev.berth.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import dev.berth.BerthContainer;
import dev.berth.BerthImage;
import dev.berth.BerthVolume;
import org.apiguardian.api.API;

/**
 * The one entry point through which {@code dev.berth.assertions} reaches Docker. It takes the
 * public handle interfaces (so a wrapper around a Berth handle works too) and hands back probes
 * and facts, never the handle implementations.
 */
@API(status = INTERNAL, since = "0.1")
public final class Probes {

    private Probes() {
    }

    /** Probing for a container Berth started (or a wrapper around one). */
    public static ContainerProbe container(BerthContainer container) {
        return ContainerProbe.of(container);
    }

    /** The facts of a local image by name: one inspect and one history call. */
    public static BerthImage image(String name) {
        return ImageHandle.of(name, false);
    }

    /** A path inside an image, read from a container that is created but never started. */
    public static FileFacts imageFile(String image, String path) {
        return FileFacts.readImage(image, path);
    }

    /** A path inside a volume, read through a helper container with the volume mounted read-only. */
    public static FileFacts volumeFile(BerthVolume volume, String path) {
        Config config = volume instanceof VolumeHandle h ? h.config() : Config.fromSystemProperties();
        return FileFacts.readVolume(dev.berth.internal.swarm.Placement.engineOfVolume(volume.dockerName()).client(),
                volume.dockerName(), path, config);
    }
}
