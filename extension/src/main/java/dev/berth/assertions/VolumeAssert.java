package dev.berth.assertions;

import static org.apiguardian.api.API.Status.STABLE;

import dev.berth.BerthVolume;
import dev.berth.internal.Probes;
import java.time.Duration;
import org.apiguardian.api.API;
import org.assertj.core.api.AbstractAssert;
import org.assertj.core.api.AbstractSoftAssertions;

/**
 * Assertions on a named volume's contents, read without any user container: Berth mounts the
 * volume read-only into a helper container that is created but never started.
 *
 * <pre>{@code
 * assertThat(dbData).file("/ibdata1").exists();
 * }</pre>
 */
@API(status = STABLE, since = "0.1")
public class VolumeAssert extends AbstractAssert<VolumeAssert, BerthVolume> {

    // Extending AssertJ's self-typed AbstractAssert is AssertJ's own pattern (and what makes as(...),
    // withFailMessage(...) and soft assertions work); Berth's own API declares no self-typed generics.
    // Not final, with a protected constructor: AssertJ's soft-assertion proxies are subclasses made at
    // run time.

    private Duration within = Duration.ZERO;
    /** The soft assertions this assert belongs to (they collect its failures), or null. */
    AbstractSoftAssertions soft;

    /**
     * Creates the assertions on a volume; use {@code BerthAssertions.assertThat(volume)} or
     * {@code BerthSoftAssertions}.
     */
    protected VolumeAssert(BerthVolume actual) {
        super(actual, VolumeAssert.class);
    }

    /** Makes the following checks retry until they pass or the duration runs out. */
    public VolumeAssert within(Duration patience) {
        this.within = patience;
        return this;
    }

    /** Assertions on a path inside the volume, relative to its root ({@code "/data.txt"}). */
    public FileAssert file(String path) {
        isNotNull();
        return FileAssert.of(soft, path, "volume " + actual.name(), () -> Probes.volumeFile(actual, path), within);
    }
}
