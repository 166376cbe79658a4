package dev.berth.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import dev.berth.BerthVolume;
import dev.berth.internal.Specs.VolumeSpec;
import org.apiguardian.api.API;

/** The created volume behind a {@link BerthVolume}. */
@API(status = INTERNAL, since = "0.1")
public record VolumeHandle(VolumeSpec spec, String dockerName, Config config) implements BerthVolume {

    @Override
    public String name() {
        return spec.name();
    }

    @Override
    public String toString() {
        return "volume " + spec.name() + " (" + dockerName + ")";
    }
}
