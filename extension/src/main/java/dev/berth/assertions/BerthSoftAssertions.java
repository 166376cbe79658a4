package dev.berth.assertions;

import static org.apiguardian.api.API.Status.STABLE;

import dev.berth.BerthContainer;
import dev.berth.BerthImage;
import dev.berth.BerthVolume;
import org.apiguardian.api.API;
import org.assertj.core.api.AbstractSoftAssertions;

/**
 * Soft assertions on Berth's subjects: every failed check is collected, and {@link #assertAll()}
 * reports them all in one error, so one run shows every broken wire instead of the first.
 *
 * <p>Use it like AssertJ's {@code SoftAssertions}: create one and call {@code assertAll()}, or let
 * JUnit's {@code SoftAssertionsExtension} inject one and call {@code assertAll()} after the test:
 *
 * <pre>{@code
 * @ExtendWith(SoftAssertionsExtension.class)
 * class WiringTest {
 *     @InjectSoftAssertions
 *     BerthSoftAssertions softly;
 *
 *     @Test
 *     void wiring(@Berth("app") BerthContainer app) {
 *         softly.assertThat(app).canResolve("db").canReach("db", 5432);
 *         softly.assertThat(app).file("/etc/app.conf").exists();
 *     }
 * }
 * }</pre>
 *
 * <p>A check that could not run (the engine broke: a {@link dev.berth.BerthException}) is not
 * collected; it ends the test at once.
 */
@API(status = STABLE, since = "0.1")
public class BerthSoftAssertions extends AbstractSoftAssertions {

    /** Creates an empty collection of soft assertions. */
    public BerthSoftAssertions() {
    }

    /** Soft assertions on a container Berth started: DNS, ports, HTTP, files and state. */
    public ContainerAssert assertThat(BerthContainer container) {
        ContainerAssert soft = proxy(ContainerAssert.class, BerthContainer.class, container);
        soft.soft = this;
        return soft;
    }

    /** Soft assertions on the files of a named volume Berth created. */
    public VolumeAssert assertThat(BerthVolume volume) {
        VolumeAssert soft = proxy(VolumeAssert.class, BerthVolume.class, volume);
        soft.soft = this;
        return soft;
    }

    /** Soft assertions on an image Berth built or looked up. */
    public ImageAssert assertThat(BerthImage image) {
        return assertThatImage(image.name());
    }

    /** Soft assertions on a local image by name, without running it. */
    public ImageAssert assertThatImage(String image) {
        ImageAssert soft = proxy(ImageAssert.class, String.class, image);
        soft.soft = this;
        return soft;
    }
}
