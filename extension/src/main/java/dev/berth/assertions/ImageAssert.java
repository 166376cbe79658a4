package dev.berth.assertions;

import dev.berth.internal.FileFacts;
import org.assertj.core.api.AbstractAssert;

/**
 * Assertions on an image's files without running it (like container-structure-test): Berth
 * creates a container from the image, never starts it, and reads through the archive API.
 *
 * <pre>{@code
 * assertThatImage("berth/shell-less:latest").file("/bin/sh").doesNotExist();
 * }</pre>
 */
public final class ImageAssert extends AbstractAssert<ImageAssert, String> {

    ImageAssert(String image) {
        super(image, ImageAssert.class);
    }

    /** Assertions on a path inside the image. */
    public FileAssert file(String path) {
        isNotNull();
        return new FileAssert(path, "image " + actual, () -> FileFacts.readImage(actual, path), null);
    }
}
