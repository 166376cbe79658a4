package dev.berth.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.BerthException;
import dev.berth.ExecResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The one masker, without Docker. The registry is per JVM by design, so every test registers
 * values of its own (prefix {@code ut-} plus the test's name) that no other test prints.
 */
class SecretsTests {

    @Test
    @DisplayName("an env value is secret by its name; a value of an innocent name is not")
    void byName() {
        Secrets.registerEnv(List.of("DB_PASSWORD=ut-byName-pw1", "GREETING=ut-byName-hello"));
        assertThat(Secrets.mask("connect with ut-byName-pw1, say ut-byName-hello"))
                .isEqualTo("connect with ****, say ut-byName-hello");
    }

    @Test
    @DisplayName("the password inside a URL is secret whatever the variable's name, also percent-encoded")
    void urlInAnyValue() {
        Secrets.registerEnv(List.of("DATABASE_URL=mysql://root:ut-url-Pw%40x@db/app"));
        assertThat(Secrets.mask("DATABASE_URL=mysql://root:ut-url-Pw%40x@db/app; the app printed ut-url-Pw%40x and ut-url-Pw@x"))
                .isEqualTo("DATABASE_URL=mysql://root:****@db/app; the app printed **** and ****");
    }

    @Test
    @DisplayName("a URL password in any text is masked, even one Berth never saw; the user name and host stay")
    void urlPatternWithoutRegistration() {
        assertThat(Secrets.mask("failed: https://deploy:ut-never-seen@repo.example:8443/x and http://host:8080/a@b"))
                .isEqualTo("failed: https://deploy:****@repo.example:8443/x and http://host:8080/a@b");
    }

    @Test
    @DisplayName("a long unbroken run (a base64 blob in a log) is masked in linear time")
    void longRunIsLinear() {
        String blob = "a".repeat(200_000) + " http://u:ut-long-pw@h/";
        // unbounded, the URL pattern scanned the rest of the run from every letter: minutes for this text
        String masked = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(10),
                () -> Secrets.mask(blob));
        assertThat(masked).endsWith(" http://u:****@h/");
    }

    @Test
    @DisplayName("1-2 characters are never masked, 3-5 only as a whole token, switches such as yes never")
    void shortValues() {
        Secrets.registerEnv(List.of("SHORT_PASSWORD=q9", "API_KEY=zq7", "MYSQL_ALLOW_EMPTY_PASSWORD=yes"));
        assertThat(Secrets.mask("q9 zq7 zq7x xzq7 (zq7) yes")).isEqualTo("q9 **** zq7x xzq7 (****) yes");
    }

    @Test
    @DisplayName("a secret inside a longer secret does not break the longer one's mask")
    void longestFirst() {
        Secrets.registerValue("ut-longest-abc");
        Secrets.registerValue("ut-longest-abcdef");
        assertThat(Secrets.mask("ut-longest-abcdef ut-longest-abc")).isEqualTo("**** ****");
    }

    @Test
    @DisplayName("registry: the password and the base64 user:password of its auth")
    void registry() {
        Secrets.registerRegistry("ci", "ut-registry-pw");
        String auth = Base64.getEncoder().encodeToString("ci:ut-registry-pw".getBytes(StandardCharsets.UTF_8));
        assertThat(Secrets.mask("password ut-registry-pw, auth " + auth)).isEqualTo("password ****, auth ****");
    }

    @Test
    @DisplayName("the env files of a compose stack: NAME=value lines, quotes and export taken off")
    void envFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("stack.env");
        Files.writeString(file, "# comment\nexport SHOP_TOKEN=\"ut-envfile-token\"\nSHOP_URL=postgres://u:ut-envfile-pw@db/s\nNAME=ut-envfile-name\n");
        Secrets.registerEnvFile(file);
        assertThat(Secrets.mask("ut-envfile-token ut-envfile-pw ut-envfile-name")).isEqualTo("**** **** ut-envfile-name");
    }

    @Test
    @DisplayName("BerthException messages, ExecResult.toString and maskEnv mask; the ExecResult keeps the real output")
    void outputPoints() {
        Secrets.registerEnv(List.of("APP_SECRET=ut-points-s3cr3t"));
        assertThat(new BerthException("it said ut-points-s3cr3t")).hasMessage("it said ****");
        assertThat(new BerthException("it said ut-points-s3cr3t", new RuntimeException())).hasMessage("it said ****");
        RuntimeException docker = new IllegalStateException("engine said ut-points-s3cr3t", new RuntimeException("deeper ut-points-s3cr3t"));
        Throwable cause = new BerthException("failed", docker).getCause();
        assertThat(cause).isInstanceOf(Secrets.MaskedCause.class)
                .hasMessage("java.lang.IllegalStateException: engine said ****");
        assertThat(cause.getStackTrace()).isEqualTo(docker.getStackTrace());
        assertThat(cause.getCause()).hasMessage("java.lang.RuntimeException: deeper ****");
        RuntimeException innocent = new RuntimeException("nothing secret");
        assertThat(new BerthException("failed", innocent).getCause()).isSameAs(innocent);
        ExecResult r = new ExecResult(1, "out ut-points-s3cr3t", "err ut-points-s3cr3t");
        assertThat(r.toString()).isEqualTo("ExecResult[exitCode=1, stdout=out ****, stderr=err ****]");
        assertThat(r.stdout()).isEqualTo("out ut-points-s3cr3t");
        assertThat(Secrets.maskEnv(List.of("APP_SECRET=x", "URL=http://a:ut-points-s3cr3t@h", "MODE=fast")))
                .containsExactly("APP_SECRET=****", "URL=http://a:****@h", "MODE=fast");
    }
}
