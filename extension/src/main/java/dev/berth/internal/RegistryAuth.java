package dev.berth.internal;

import com.github.dockerjava.api.model.AuthConfig;
import java.util.Locale;
import java.util.Optional;
import org.testcontainers.utility.DockerImageName;
import org.testcontainers.utility.RegistryAuthLocator;

/**
 * The credentials a user already has for an image's registry: what Testcontainers'
 * {@link RegistryAuthLocator} finds in {@code $DOCKER_CONFIG/config.json} or
 * {@code ~/.docker/config.json} ({@code auths}, {@code credsStore}, {@code credHelpers}) or in
 * {@code DOCKER_AUTH_CONFIG}. Every secret found is registered with the masker before use.
 */
final class RegistryAuth {

    private RegistryAuth() {
    }

    /** The credentials for the registry of {@code image}, or empty when the user has none for it. */
    static Optional<AuthConfig> forImage(String image) {
        DockerImageName name;
        try {
            name = DockerImageName.parse(image);
        } catch (IllegalArgumentException notParsable) {
            return Optional.empty(); // the engine reports the bad reference itself
        }
        AuthConfig none = new AuthConfig();
        AuthConfig found = RegistryAuthLocator.instance().lookupAuthConfig(name, none);
        if (found == null || found == none || (isBlank(found.getUsername()) && isBlank(found.getIdentitytoken())
                && isBlank(found.getAuth()) && isBlank(found.getRegistrytoken()))) {
            return Optional.empty();
        }
        Secrets.registerRegistry(found.getUsername() == null ? "" : found.getUsername(),
                found.getPassword() == null ? "" : found.getPassword());
        for (String token : new String[] {found.getAuth(), found.getIdentitytoken(), found.getRegistrytoken()}) {
            if (!isBlank(token)) {
                Secrets.registerValue(token);
            }
        }
        return Optional.of(found);
    }

    /** The registry part of an image reference, as {@code docker login} wants it. */
    static String registryOf(String image) {
        try {
            return DockerImageName.parse(image).getRegistry();
        } catch (IllegalArgumentException e) {
            return "?";
        }
    }

    /** A hint for a pull failure: what to do when the registry wanted credentials. */
    static String hint(String image, boolean hadCredentials, String reason) {
        String r = String.valueOf(reason).toLowerCase(Locale.ROOT);
        boolean authProblem = r.contains("unauthorized") || r.contains("authentication required") || r.contains("no basic auth")
                || r.contains("401") || r.contains("denied");
        if (!authProblem) {
            return "";
        }
        String registry = registryOf(image);
        return hadCredentials
                ? " The registry " + registry + " refused the credentials found for it in the Docker configuration"
                        + " (DOCKER_CONFIG or ~/.docker/config.json): run 'docker login " + registry + "' again."
                : " The registry " + registry + " requires a login, and no credentials for it were found in DOCKER_CONFIG,"
                        + " ~/.docker/config.json (auths, credsStore, credHelpers) or DOCKER_AUTH_CONFIG: run 'docker login "
                        + registry + "' as the user who runs the tests.";
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}
