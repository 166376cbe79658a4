package dev.berth.assertions;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;
import static org.apiguardian.api.API.Status.STABLE;

import dev.berth.BerthContainer;
import dev.berth.BerthImage;
import dev.berth.BerthVolume;
import org.apiguardian.api.API;
import org.junit.jupiter.api.function.Executable;

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

    /**
     * Runs independent checks at the same time, each on its own thread (at most
     * {@value ChecksAtOnce#MAX_THREADS} at once), waits for all of them, and reports every failure
     * together, like JUnit's {@code assertAll}: one {@link org.opentest4j.MultipleFailuresError} that
     * lists each failed check's message in the order the checks were given, or the single failure as
     * it is. Any throwable counts as a failure, not only {@link AssertionError}s.
     *
     * <pre>{@code
     * assertAllAtOnce(
     *         () -> assertThat(app).canResolve("web"),
     *         () -> assertThat(app).canReach(web, 80),
     *         () -> assertThat(app).fileContent("/data/hello.txt").isEqualTo("hello"));
     * }</pre>
     *
     * <p>Each Berth check waits for its own exec; run at once, checks of different containers (or
     * several of one) take about as long as the slowest instead of their sum. The checks must not
     * depend on each other's order. When the calling thread is interrupted while it waits, the
     * checks still running are interrupted, the interrupt flag is kept and a
     * {@link dev.berth.BerthException} says so.
     *
     * @param checks the checks, each typically one {@code assertThat(...)} chain; not null, none null
     * @throws IllegalArgumentException when {@code checks} is null or holds a null check
     */
    @API(status = EXPERIMENTAL, since = "0.9")
    public static void assertAllAtOnce(Executable... checks) {
        ChecksAtOnce.run(checks);
    }
}
