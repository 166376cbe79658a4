package dev.berth;

import org.junit.jupiter.api.Test;

/**
 * Secret probe, part 1 (fails on purpose; run only by the secret-probe execution of the pom, see
 * {@link SecretGrepCheck}): a {@code @WaitFor(command)} that writes the secrets to stderr and
 * never succeeds, in a container that also logs them. The class fails in beforeAll with Berth's
 * "was not ready" message, which shows the last observed stderr and the last log lines.
 */
@WithContainer(name = "waiter", image = "busybox:1.35",
        env = {"DB_PASSWORD=" + SecretProbe.BY_NAME, "DATABASE_URL=" + SecretProbe.DATABASE_URL},
        command = {"sh", "-c", "echo \"boot: db $DATABASE_URL password $DB_PASSWORD\"; sleep 3600"},
        waitFor = @WaitFor(command = {"sh", "-c", "echo \"not ready: $DATABASE_URL $DB_PASSWORD\" >&2; exit 1"}, timeout = "1500ms"))
class SecretProbeWaitFailsOnPurpose {

    @Test
    void neverRuns() {
        throw new AssertionError("the environment of this fixture must not start");
    }
}
