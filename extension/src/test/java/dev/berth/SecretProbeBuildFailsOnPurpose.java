package dev.berth;

import org.junit.jupiter.api.Test;

/**
 * Secret probe, part 2 (fails on purpose, see {@link SecretGrepCheck}): a build whose RUN step
 * prints its build args and fails. The output goes to Berth's build log (SLF4J) and to the
 * "Last lines of the build output" of the failure.
 */
@BuildImage(context = "src/test/resources/images/secret-probe", name = "berth-test/secret-probe:1", keep = false,
        buildArgs = {"API_TOKEN=" + SecretProbe.BUILD_ARG, "REPO_URL=https://deploy:" + SecretProbe.BUILD_URL + "@repo.example/x"})
class SecretProbeBuildFailsOnPurpose {

    @Test
    void neverRuns() {
        throw new AssertionError("the build of this fixture must fail");
    }
}
