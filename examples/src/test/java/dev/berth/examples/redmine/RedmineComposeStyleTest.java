package dev.berth.examples.redmine;

import static dev.berth.assertions.BerthAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.BerthContainer;
import dev.berth.BerthStack;
import dev.berth.BerthVolume;
import dev.berth.ComposeStack;
import dev.berth.WithVolume;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.ClassOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestClassOrder;

/**
 * The same lesson as {@link RedmineDockerRunStyleTest}, from a Compose file
 * (src/test/resources/redmine/compose.yml: network, healthchecks, {@code depends_on} with
 * {@code condition: service_healthy}, and the named volume db-data). Berth runs
 * {@code docker compose up --wait}, so a stack is ready when both healthchecks pass.
 *
 * <p><b>How containers are recreated.</b> Each {@code @Nested} class brings up its own stack and
 * takes it down ({@code down -v}) when it ends, which removes both containers and the stack's
 * own network. The volume db-data is declared with {@link WithVolume} on this class and passed
 * to Compose as an external volume ({@code BERTH_VOLUME_DB_DATA}), so it outlives the first
 * stack and the second stack, all new containers, finds the project the first one wrote.
 * {@link SecondStack} depends on {@link FirstStack}'s project on purpose ({@link Order}); run
 * alone it fails, it is never skipped.
 */
@WithVolume(name = "db-data")
@TestClassOrder(ClassOrderer.OrderAnnotation.class)
class RedmineComposeStyleTest {

    static final String PROJECT = "berth-compose";

    static String firstDbId;
    static String firstRedmineId;

    // tag::first-stack[]
    @Nested
    @Order(1)
    @ComposeStack(name = "redmine", files = "src/test/resources/redmine/compose.yml", waitTimeout = "300s")
    class FirstStack {

        @Test
        void wiredAndWritable(BerthStack redmineStack) throws Exception {
            BerthContainer redmine = redmineStack.container("some-redmine");
            BerthContainer mysql = redmineStack.container("some-mysql");
            firstDbId = mysql.id();
            firstRedmineId = redmine.id();

            assertThat(redmine).isHealthy()
                    .canResolve("some-mysql").resolvesTo("some-mysql", mysql)  // the service name is its DNS name
                    .canReach(mysql, 3306)
                    .servesHttp(3000, "/").hasStatus(200).bodyContains("<title>Redmine</title>");
            assertThat(mysql).isHealthy();
            assertThat(RedmineDb.query(mysql, "SHOW TABLES")).contains("projects", "users", "issues", "schema_migrations");

            HttpResponse<String> created = new RedmineApi(redmine).createProject(PROJECT, "Berth compose");
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            assertThat(RedmineDb.query(mysql, "SELECT identifier FROM projects")).containsExactly(PROJECT);
        }
    }
    // end::first-stack[]

    // tag::second-stack[]
    @Nested
    @Order(2)
    @ComposeStack(name = "redmine", files = "src/test/resources/redmine/compose.yml", waitTimeout = "300s")
    class SecondStack {

        @Test
        void projectSurvivesANewStackOnTheSameVolume(BerthStack redmineStack, BerthVolume dbData) throws Exception {
            BerthContainer redmine = redmineStack.container("some-redmine");
            BerthContainer mysql = redmineStack.container("some-mysql");
            assertThat(mysql.id()).as("a new database container").isNotEqualTo(firstDbId);
            assertThat(redmine.id()).as("a new Redmine container").isNotEqualTo(firstRedmineId);
            assertThat(dbData).file("/redmine/projects.ibd").exists();     // the table's file lives in the volume
            assertThat(mysql).logContains("already initialised: keeping its data");

            HttpResponse<String> project = new RedmineApi(redmine).project(PROJECT);
            assertThat(project.statusCode()).as(project.body()).isEqualTo(200);
            assertThat(project.body()).contains("\"identifier\":\"" + PROJECT + "\"");
        }
    }
    // end::second-stack[]
}
