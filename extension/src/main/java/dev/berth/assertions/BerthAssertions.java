package dev.berth.assertions;

import static org.apiguardian.api.API.Status.STABLE;

import dev.berth.BerthContainer;
import dev.berth.BerthImage;
import dev.berth.BerthVolume;
import org.apiguardian.api.API;

/**
 * The entry point of Berth's assertions: {@code assertThat(container)}, {@code assertThat(volume)}
 * and {@code assertThatImage(name)}, in AssertJ style.
 *
 * <pre>{@code
 * import static dev.berth.assertions.BerthAssertions.assertThat;
 *
 * assertThat(redmine).canResolve("some-mysql").canReach(mysql, 3306);
 * assertThat(outsider).cannotResolve("some-mysql");
 * }</pre>
 */
@API(status = STABLE, since = "0.1")
public final class BerthAssertions {

    private BerthAssertions() {
    }

    /** Assertions on a container Berth started: DNS, ports, HTTP, files and state. */
    public static ContainerAssert assertThat(BerthContainer container) {
        return new ContainerAssert(container);
    }

    /** Assertions on the files of a named volume Berth created. */
    public static VolumeAssert assertThat(BerthVolume volume) {
        return new VolumeAssert(volume);
    }

    /** Assertions on an image Berth built or looked up: size, layers, history, configuration, files, secrets. */
    public static ImageAssert assertThat(BerthImage image) {
        return new ImageAssert(image.name());
    }

    /** Assertions on a local image by name, without running it: size, layers, history, configuration, files, secrets. */
    public static ImageAssert assertThatImage(String image) {
        return new ImageAssert(image);
    }
}
