package dev.berth;

import static dev.berth.assertions.BerthAssertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Secret probe, part 3 (every test fails on purpose, see {@link SecretGrepCheck}): a container
 * that logs its secrets and writes them to a file, next to a registry with a password. Each test
 * fails on a channel that shows content: a file's content, the log tail, an exec result. Every
 * failure also gets Berth's environment diagnostics (report entries, published log files).
 */
@WithRegistry(name = "probe-registry", username = "probe", password = SecretProbe.REGISTRY)
@WithContainer(name = "app", image = "busybox:1.35",
        env = {"DB_PASSWORD=" + SecretProbe.BY_NAME, "DATABASE_URL=" + SecretProbe.DATABASE_URL},
        command = {"sh", "-c", "echo \"db=$DATABASE_URL password=$DB_PASSWORD\" > /tmp/app.conf;"
                + " echo \"app: connecting to $DATABASE_URL with $DB_PASSWORD\"; sleep 3600"},
        waitFor = @WaitFor(log = "app: connecting"))
class SecretProbeChecksFailOnPurpose {

    @Test
    void fileContent(@Berth("app") BerthContainer app) {
        assertThat(app).file("/tmp/app.conf").contains("secret-probe: text that is not there");
    }

    @Test
    void registryPasswordInAFile(@Berth("app") BerthContainer app) {
        app.writeFile("/tmp/auth.json", "{\"auths\": {\"probe-registry\": {\"auth\": \"probe:" + SecretProbe.REGISTRY + "\"}}}");
        assertThat(app).file("/tmp/auth.json").hasContent("secret-probe: other content");
    }

    @Test
    void logTail(@Berth("app") BerthContainer app) {
        assertThat(app).logContains("secret-probe: a line that is not there");
    }

    @Test
    void execResult(@Berth("app") BerthContainer app) {
        ExecResult r = app.exec("sh", "-c", "echo \"$DATABASE_URL $DB_PASSWORD\"; echo \"$DB_PASSWORD\" >&2; exit 3");
        org.assertj.core.api.Assertions.assertThat(r).matches(ExecResult::succeeded, "secret-probe: exec succeeded");
    }
}
