package dev.berth.assertions;

import static org.apiguardian.api.API.Status.STABLE;

import dev.berth.BerthVolume;
import dev.berth.internal.Probes;
import java.time.Duration;
import org.apiguardian.api.API;
import org.assertj.core.api.AbstractAssert;

/**
 * Assertions on a named volume's contents, read without any user container: Berth mounts the
 * volume read-only into a helper container that is created but never started.
 *
 * <pre>{@code
 * assertThat(dbData).file("/ibdata1").exists();
 * }</pre>
 */
@API(status = STABLE, since = "0.1")
public final class VolumeAssert extends AbstractAssert<VolumeAssert, BerthVolume> {

    private Duration within = Duration.ZERO;

    VolumeAssert(BerthVolume actual) {
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
        return new FileAssert(path, "volume " + actual.name(), () -> Probes.volumeFile(actual, path), within);
    }
}
