package dev.berth.examples.redmine;

import static dev.berth.assertions.BerthAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.Berth;
import dev.berth.BerthContainer;
import dev.berth.ReuseEnvironment;
import dev.berth.WaitFor;
import dev.berth.WithContainer;
import dev.berth.WithNetwork;
import dev.berth.WithVolume;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The Redmine docker-run environment of {@link RedmineDockerRunStyleTest} in one scope, kept between
 * runs: the second run adopts the running MariaDB and Redmine instead of initialising the database
 * and migrating Redmine again, and puts {@code db-data} back to its state of the first run's start
 * ({@code resetVolumes}), so the project the test creates can be created again.
 *
 * <p>The assertions are those of the docker-run class's first test (wiring, schema, a project
 * created through the REST API) and of its reading tests; the ones about recreated containers are
 * not, since not recreating them is the point. Not a {@code *Test}: a kept environment outlives the
 * run, so the suite (and its leak check) does not run it; {@link RedmineReuseBenchmark} does, and
 * removes it at its end.
 */
// tag::reused[]
@WithNetwork(name = "redmine-network")
@WithVolume(name = "db-data")
@WithContainer(name = "some-mysql", image = "berth/mariadb:latest", networks = "redmine-network",
        env = {"MYSQL_ROOT_PASSWORD=my-secret-pw", "MYSQL_DATABASE=redmine"},
        volumes = "db-data:/var/lib/mysql",
        waitFor = @WaitFor(healthy = true, timeout = "120s"))
@WithContainer(name = "some-redmine", image = "berth/redmine:latest", networks = "redmine-network",
        env = {"REDMINE_DB_MYSQL=some-mysql", "REDMINE_DB_PASSWORD=my-secret-pw"},
        ports = "3000", dependsOn = "some-mysql",
        waitFor = @WaitFor(http = "/", port = 3000, status = 200, timeout = "300s"))
@ReuseEnvironment(resetVolumes = true)   // kept after the run; db-data back to its first state on every adoption
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
public class RedmineReusedTestCases {
    // end::reused[]

    static final String PROJECT = RedmineDockerRunStyleTest.PROJECT;

    @Test
    @Order(1)
    void wiredAndWritable(@Berth("some-redmine") BerthContainer redmine, @Berth("some-mysql") BerthContainer mysql)
            throws Exception {
        assertThat(redmine).canResolve("some-mysql")
                .resolvesTo("some-mysql", mysql)
                .canReach(mysql, 3306)
                .servesHttp(3000, "/").hasStatus(200).bodyContains("<title>Redmine</title>");
        assertThat(RedmineDb.query(mysql, "SHOW TABLES")).contains("projects", "users", "issues", "schema_migrations");

        HttpResponse<String> created = new RedmineApi(redmine).createProject(PROJECT, "Berth flagship");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(RedmineDb.query(mysql, "SELECT identifier FROM projects")).containsExactly(PROJECT);
    }

    @Test
    @Order(2)
    void projectIsServed(@Berth("some-redmine") BerthContainer redmine, @Berth("some-mysql") BerthContainer mysql)
            throws Exception {
        assertThat(RedmineDb.query(mysql, "SELECT identifier FROM projects")).containsExactly(PROJECT);
        HttpResponse<String> project = new RedmineApi(redmine).project(PROJECT);
        assertThat(project.statusCode()).as(project.body()).isEqualTo(200);
        assertThat(project.body()).contains("\"name\":\"Berth flagship\"");
    }
}
