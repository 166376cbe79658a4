package dev.berth.examples.lessons;

import static dev.berth.assertions.BerthAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.BerthContainer;
import dev.berth.BerthStack;
import dev.berth.ComposeStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Course: "Docker compose 개념" — one YAML file with services, networks, volumes, environment,
 * depends_on and secrets; {@code docker compose up} starts all of it, {@code docker compose down}
 * removes it. The file is examples/src/test/resources/lessons/compose/compose.yml.
 */
@DisplayName("Lesson 6: one compose file declares services, networks, volumes, environment, start order and secrets;"
        + " up starts them all and down removes them all")
class Lesson06ComposeTest {

    static String project;

    // tag::up[]
    @Nested
    @DisplayName("docker compose up")
    @ComposeStack(name = "course", files = "classpath:lessons/compose/compose.yml", env = "APP_GREETING=hello compose")
    class Up {

        @Test
        @DisplayName("services: every service runs, web is published to the host")
        void services(BerthStack course) {
            project = course.dockerName();
            assertThat(course.services()).containsExactlyInAnyOrder("db", "web");
            assertThat(course.container("web")).servesHttp(80, "/").hasStatus(200).bodyContains("Welcome to nginx!");
        }

        @Test
        @DisplayName("networks: web reaches db by its service name on the network they share")
        void networks(BerthStack course) {
            BerthContainer web = course.container("web");
            assertThat(web).canResolve("db").canReach("db", 5432).sharesNetworkWith(course.container("db"));
            assertThat(course.container("db").networks()).containsExactly("back");
        }

        @Test
        @DisplayName("volumes: db's data lands in the named volume db-data")
        void volumes(BerthStack course) {
            assertThat(course.volume("db-data")).file("/marker").hasContent("created-by-db\n");
        }

        @Test
        @DisplayName("environment: values (interpolated from the caller) reach the service")
        void environment(BerthStack course) {
            assertThat(course.exec("web", "printenv", "APP_GREETING").stdout()).isEqualTo("hello compose\n");
        }

        @Test
        @DisplayName("depends_on (service_healthy): web started only after db accepted connections")
        void dependsOn(BerthStack course) {
            assertThat(course.container("web")).logContains("web started after db was ready");
        }

        @Test
        @DisplayName("secrets: the file is mounted at /run/secrets/db_password in db only, and is not in its environment")
        void secrets(BerthStack course) {
            assertThat(course.container("db")).file("/run/secrets/db_password").hasContent("correct-horse-battery-staple\n");
            assertThat(course.exec("db", "env").stdout()).doesNotContain("correct-horse-battery-staple");
            assertThat(course.container("web")).file("/run/secrets/db_password").doesNotExist();
        }
    }
    // end::up[]

    // tag::down[]
    @AfterAll
    @DisplayName("docker compose down: no container, network or volume of the project is left")
    static void downRemovesEverything() {
        assertThat(project).as("the project name recorded while the stack was up").isNotNull();
        String label = "label=com.docker.compose.project=" + project;
        assertThat(LessonSupport.docker("ps", "-a", "-q", "--filter", label)).isBlank();
        assertThat(LessonSupport.docker("network", "ls", "-q", "--filter", label)).isBlank();
        assertThat(LessonSupport.docker("volume", "ls", "-q", "--filter", label)).isBlank();
    }
    // end::down[]
}
