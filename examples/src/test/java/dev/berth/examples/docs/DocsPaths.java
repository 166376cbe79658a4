package dev.berth.examples.docs;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the repository root is, seen from a test's working directory (the module directory under Maven). */
public final class DocsPaths {

    private DocsPaths() {
    }

    /** The nearest directory upwards that holds README.md and the examples module. */
    public static Path root() {
        Path dir = Path.of("").toAbsolutePath();
        for (Path d = dir; d != null; d = d.getParent()) {
            if (Files.isRegularFile(d.resolve("README.md")) && Files.isDirectory(d.resolve("examples"))) {
                return d;
            }
        }
        throw new IllegalStateException("no repository root (README.md + examples/) above " + dir);
    }
}
