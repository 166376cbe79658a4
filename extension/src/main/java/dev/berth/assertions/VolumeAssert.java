package dev.berth.assertions;

import dev.berth.BerthVolume;
import dev.berth.internal.Config;
import dev.berth.internal.FileFacts;
import java.time.Duration;
import org.assertj.core.api.AbstractAssert;

/**
 * Assertions on a named volume's contents, read without any user container: Berth mounts the
 * volume read-only into a helper container that is created but never started.
 *
 * <pre>{@code
 * assertThat(dbData).file("/ibdata1").exists();
 * }</pre>
 */
public final class VolumeAssert extends AbstractAssert<VolumeAssert, BerthVolume> {

    private Duration within = Duration.ZERO;
    private final Config config;

    VolumeAssert(BerthVolume actual, Config config) {
        super(actual, VolumeAssert.class);
        this.config = config;
    }

    /** Makes the following checks retry until they pass or the duration runs out. */
    public VolumeAssert within(Duration patience) {
        this.within = patience;
        return this;
    }

    /** Assertions on a path inside the volume, relative to its root ({@code "/data.txt"}). */
    public FileAssert file(String path) {
        isNotNull();
        return new FileAssert(path, "volume " + actual.name(), () -> FileFacts.readVolume(actual.dockerName(), path, config), within);
    }
}
