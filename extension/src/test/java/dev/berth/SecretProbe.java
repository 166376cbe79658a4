package dev.berth;

import java.util.Map;

/**
 * The secret values of the secret-leak probe: the fixtures {@code SecretProbe*OnPurpose} print them
 * into logs, files, command output and build output and fail on purpose; {@link SecretGrepCheck}
 * then searches every file under {@code target/} for them. Each value is unique to the probe, so
 * a hit can only come from the probe's outputs.
 */
final class SecretProbe {

    /** An env value found secret by its name ({@code DB_PASSWORD}). */
    static final String BY_NAME = "PrbByName-4711qz";
    /** The password inside a URL held by a variable whose name says nothing ({@code DATABASE_URL}). */
    static final String IN_URL = "PrbInUrl-8812qz";
    /** A build arg found secret by its name ({@code API_TOKEN}). */
    static final String BUILD_ARG = "PrbBuildArg-3301qz";
    /** The password inside a URL in a build arg whose name says nothing ({@code REPO_URL}). */
    static final String BUILD_URL = "PrbBuildUrl-5150qz";
    /** A @WithRegistry password. */
    static final String REGISTRY = "PrbRegistry-9923qz";

    static final String DATABASE_URL = "mysql://root:" + IN_URL + "@db/app";

    private SecretProbe() {
    }

    /** Every secret value of the probe, by what it stands for. */
    static Map<String, String> all() {
        return Map.of("env value by name", BY_NAME, "password in a URL", IN_URL, "build arg", BUILD_ARG,
                "password in a build-arg URL", BUILD_URL, "registry password", REGISTRY);
    }
}
