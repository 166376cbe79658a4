package dev.berth.examples.redmine;

import static dev.berth.assertions.BerthAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.Berth;
import dev.berth.BerthContainer;
import dev.berth.WaitFor;
import dev.berth.WithContainer;
import dev.berth.WithNetwork;
import dev.berth.WithVolume;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.ClassOrderer;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestClassOrder;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The course's Redmine + MySQL lesson, declared the way it is typed: one network, one named
 * volume and two {@code docker run} commands, here {@link SomeMysql} and {@link SomeRedmine}
 * (berth/mariadb and berth/redmine, built from Debian's packages by scripts/ensure-images.sh,
 * stand in for mysql:8 and redmine with the same environment variables).
 *
 * <p><b>How containers are recreated.</b> Annotations cannot remove and recreate a declared
 * container inside one test (a {@code BerthEnvironment} can, with {@code replace}), and stopping and starting the same container would prove nothing
 * about volumes (its writable layer survives a stop). So recreation is done with scopes: the
 * network and the volume are declared on this class and outlive everything below; the database
 * container is declared on each {@code @Nested} class and the Redmine container on each test
 * method, so every scope that ends removes its containers and the next one creates new ones on
 * the same network and volume. The order is fixed ({@link Order}):
 * <ol>
 *   <li>{@link FirstDatabaseContainer#wiredAndWritable}: the wiring (DNS, port, home page from
 *       the host, migrated schema) and a project created through Redmine's REST API;</li>
 *   <li>{@link FirstDatabaseContainer#projectSurvivesANewRedmineContainer}: a new Redmine
 *       container (different id) on the same database still serves the project;</li>
 *   <li>{@link SecondDatabaseContainer#projectSurvivesANewDatabaseContainer}: a new database
 *       container on the same named volume (different id; its log says it kept the data) and a
 *       new Redmine container still have the project.</li>
 * </ol>
 * The later tests depend on the first one's project on purpose: surviving recreation is what
 * they check. Run alone, they fail (the project is missing), they are never skipped.
 * Readiness: the database's HEALTHCHECK, then Redmine's home page answering 200; no sleeps.
 */
// tag::environment[]
@WithNetwork(name = "redmine-network")          // docker network create redmine-network
@WithVolume(name = "db-data")                   // docker volume create db-data
@TestClassOrder(ClassOrderer.OrderAnnotation.class)
class RedmineDockerRunStyleTest {

    /** docker run --name some-mysql --network redmine-network -v db-data:/var/lib/mysql -e ... -d mysql:8 */
    @Retention(RetentionPolicy.RUNTIME)
    @Target({ElementType.TYPE, ElementType.METHOD})
    @WithContainer(name = "some-mysql", image = "berth/mariadb:latest", networks = "redmine-network",
            env = {"MYSQL_ROOT_PASSWORD=my-secret-pw", "MYSQL_DATABASE=redmine"},
            volumes = "db-data:/var/lib/mysql",
            waitFor = @WaitFor(healthy = true, timeout = "120s"))
    @interface SomeMysql {
    }

    /** docker run --name some-redmine --network redmine-network -e ... -p 3000:3000 -d redmine */
    @Retention(RetentionPolicy.RUNTIME)
    @Target({ElementType.TYPE, ElementType.METHOD})
    @WithContainer(name = "some-redmine", image = "berth/redmine:latest", networks = "redmine-network",
            env = {"REDMINE_DB_MYSQL=some-mysql", "REDMINE_DB_PASSWORD=my-secret-pw"},
            ports = "3000",                                    // a free host port on 127.0.0.1
            dependsOn = "some-mysql",
            waitFor = @WaitFor(http = "/", port = 3000, status = 200, timeout = "300s"))
    @interface SomeRedmine {
    }
    // end::environment[]

    static final String PROJECT = "berth-flagship";

    /** Ids of the containers of the earlier scopes, to prove the later ones are new containers. */
    static String firstDbId;
    static String firstRedmineId;

    @Nested
    @Order(1)
    @SomeMysql
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    class FirstDatabaseContainer {

        // tag::wired[]
        @Test
        @Order(1)
        @SomeRedmine
        void wiredAndWritable(@Berth("some-redmine") BerthContainer redmine, @Berth("some-mysql") BerthContainer mysql)
                throws Exception {
            firstDbId = mysql.id();
            firstRedmineId = redmine.id();

            assertThat(redmine).canResolve("some-mysql")                  // Docker's DNS on redmine-network
                    .resolvesTo("some-mysql", mysql)
                    .canReach(mysql, 3306)                                // MariaDB listens on 0.0.0.0:3306
                    .servesHttp(3000, "/").hasStatus(200).bodyContains("<title>Redmine</title>"); // from the host
            assertThat(RedmineDb.query(mysql, "SHOW TABLES"))            // db:migrate ran against some-mysql
                    .contains("projects", "users", "issues", "schema_migrations");

            HttpResponse<String> created = new RedmineApi(redmine).createProject(PROJECT, "Berth flagship");
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            assertThat(RedmineDb.query(mysql, "SELECT identifier FROM projects")).containsExactly(PROJECT);
        }
        // end::wired[]

        // tag::new-redmine[]
        @Test
        @Order(2)
        @SomeRedmine  // the previous test's Redmine container was removed: this is a new one
        void projectSurvivesANewRedmineContainer(@Berth("some-redmine") BerthContainer redmine,
                                                 @Berth("some-mysql") BerthContainer mysql) throws Exception {
            assertThat(redmine.id()).as("a new Redmine container").isNotEqualTo(firstRedmineId);
            assertThat(mysql.id()).as("the same database container").isEqualTo(firstDbId);

            HttpResponse<String> project = new RedmineApi(redmine).project(PROJECT);
            assertThat(project.statusCode()).as(project.body()).isEqualTo(200);
            assertThat(project.body()).contains("\"identifier\":\"" + PROJECT + "\"");
        }
        // end::new-redmine[]
    }

    // tag::new-database[]
    @Nested
    @Order(2)
    @SomeMysql    // the first database container was removed with its scope; db-data was not
    @SomeRedmine
    class SecondDatabaseContainer {

        @Test
        void projectSurvivesANewDatabaseContainer(@Berth("some-redmine") BerthContainer redmine,
                                                  @Berth("some-mysql") BerthContainer mysql) throws Exception {
            assertThat(mysql.id()).as("a new database container").isNotEqualTo(firstDbId);
            assertThat(mysql).logContains("already initialised: keeping its data"); // it found db-data's files

            assertThat(RedmineDb.query(mysql, "SELECT identifier FROM projects")).containsExactly(PROJECT);
            HttpResponse<String> project = new RedmineApi(redmine).project(PROJECT);
            assertThat(project.statusCode()).as(project.body()).isEqualTo(200);
            assertThat(project.body()).contains("\"name\":\"Berth flagship\"");
        }
    }
    // end::new-database[]
}
