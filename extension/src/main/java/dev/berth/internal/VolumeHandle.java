package dev.berth.internal;

import dev.berth.BerthVolume;
import dev.berth.internal.Specs.VolumeSpec;

/** The created volume behind a {@link BerthVolume}. */
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
