package dev.berth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.internal.Docker;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pulls use the credentials the user already has (DOCKER_CONFIG or ~/.docker/config.json, read by
 * Testcontainers' RegistryAuthLocator): an image pushed to a basic-auth {@link WithRegistry} is pulled
 * by a later environment in another JVM only when that JVM's user has a login for the registry, and
 * the error without one says so.
 */
@WithRegistry(name = "login-registry", username = "ci", password = "l0gin-s3cret-pw")
class PrivateRegistryPullIT {

    private static final String PASSWORD = "l0gin-s3cret-pw";

    /** A child JVM (fresh user.home, no DOCKER_CONFIG unless given) whose environment's probe image is {@code image}. */
    private static String child(Path home, Map<String, String> env, String image) throws Exception {
        Files.createDirectories(home);
        ProcessBuilder pb = ChildJvm.command(List.of(), List.of("-Duser.home=" + home, "-Dberth.pull.timeout=30s"),
                RemoteEngineScenarios.Child.class, "Seeded;berth.probe.image=" + image);
        pb.environment().remove("DOCKER_CONFIG");
        pb.environment().remove("DOCKER_AUTH_CONFIG");
        pb.environment().putAll(env);
        String log = ChildJvm.start(pb, home.resolve("child.log")).awaitSuccess(Duration.ofMinutes(3));
        return log;
    }

    private static boolean presentLocally(String reference) {
        try {
            Docker.get().client().inspectImageCmd(reference).exec();
            return true;
        } catch (com.github.dockerjava.api.exception.NotFoundException absent) {
            return false;
        }
    }

    @Test
    @DisplayName("a later environment pulls the pushed image only with a docker login for the registry; without one the error says so")
    void pullUsesTheUsersLogin(BerthRegistry registry, @TempDir Path tmp) throws Exception {
        String pushed = registry.push("busybox:1.35", "team/probe:1");
        try {
            registry.removeLocal(pushed);
            assertThat(presentLocally(pushed)).isFalse();

            String noLogin = child(tmp.resolve("no-login"), Map.of(), pushed);
            assertThat(noLogin).contains(RemoteEngineScenarios.RESULT + "Seeded succeeded=0 failed=1");
            String failure = noLogin.lines().filter(l -> l.startsWith("BERTH-FAILURE Seeded:")).findFirst().orElseThrow();
            assertThat(failure).contains(pushed, "requires a login", "docker login " + registry.address());
            assertThat(presentLocally(pushed)).as("pulled without a login").isFalse();

            // tag::login[]
            // the login as `docker login` writes it, in a DOCKER_CONFIG directory
            Path config = tmp.resolve("docker-config");
            Files.createDirectories(config);
            String auth = Base64.getEncoder().encodeToString(("ci:" + PASSWORD).getBytes(StandardCharsets.UTF_8));
            Files.writeString(config.resolve("config.json"), "{\"auths\":{\"" + registry.address() + "\":{\"auth\":\"" + auth + "\"}}}");
            String withLogin = child(tmp.resolve("login"), Map.of("DOCKER_CONFIG", config.toString()), pushed);
            assertThat(withLogin).contains(RemoteEngineScenarios.RESULT + "Seeded succeeded=1 failed=0", "Berth pulled " + pushed, "BERTH-SEEDED");
            assertThat(withLogin).doesNotContain(PASSWORD).doesNotContain(auth);
            assertThat(presentLocally(pushed)).as("pulled with the login").isTrue();
            // end::login[]
            registry.removeLocal(pushed);

            // the same login in ~/.docker/config.json of the child's user.home
            Path home = tmp.resolve("home");
            Files.createDirectories(home.resolve(".docker"));
            Files.copy(config.resolve("config.json"), home.resolve(".docker").resolve("config.json"));
            String homeLogin = child(home, Map.of(), pushed);
            assertThat(homeLogin).contains(RemoteEngineScenarios.RESULT + "Seeded succeeded=1 failed=0");
        } finally {
            if (presentLocally(pushed)) {
                registry.removeLocal(pushed);
            }
        }
    }
}
