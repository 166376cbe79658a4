package dev.berth.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.apiguardian.api.API;

/**
 * The one reading of a path written in an annotation: {@code classpath:some/dir} is a resource of
 * the test class path (a leading {@code /} is ignored), anything else is relative to the project
 * directory ({@code user.dir}). Every attribute that names a file or directory goes through here.
 */
@API(status = INTERNAL, since = "0.1")
public record DeclaredPath(String declared, boolean classpath, Path path, URL url) {

    private static final String PREFIX = "classpath:";

    /** Resolves a declared path; for a classpath resource, {@link #path()} is null when it is absent or not a plain file. */
    public static DeclaredPath of(String declared) {
        if (!declared.startsWith(PREFIX)) {
            return new DeclaredPath(declared, false, projectDirectory().resolve(declared).normalize().toAbsolutePath(), null);
        }
        URL url = Thread.currentThread().getContextClassLoader().getResource(resource(declared));
        if (url == null || !"file".equals(url.getProtocol())) {
            return new DeclaredPath(declared, true, null, url);
        }
        try {
            return new DeclaredPath(declared, true, Paths.get(url.toURI()), url);
        } catch (URISyntaxException | IllegalArgumentException e) {
            return new DeclaredPath(declared, true, null, url);
        }
    }

    /** The resource name of a {@code classpath:} declaration, without the prefix and a leading {@code /}. */
    public static String resource(String declared) {
        return declared.substring(PREFIX.length()).replaceFirst("^/", "");
    }

    /** The directory relative paths start at. */
    public static Path projectDirectory() {
        return Paths.get(System.getProperty("user.dir"));
    }

    /** True when a classpath resource exists but lies inside a jar or another non-file location. */
    public boolean notAFile() {
        return classpath && path == null && url != null;
    }
}
