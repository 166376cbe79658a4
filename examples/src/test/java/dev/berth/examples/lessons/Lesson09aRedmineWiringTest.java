package dev.berth.examples.lessons;

import static dev.berth.assertions.BerthAssertions.assertThat;

import dev.berth.Berth;
import dev.berth.BerthContainer;
import dev.berth.WaitFor;
import dev.berth.WithContainer;
import dev.berth.WithNetwork;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Course: the Redmine + MySQL exercise of the network chapter, with the real programs: MariaDB
 * (berth/mariadb, Debian's package, the same MYSQL_* variables as mysql:8) and Redmine
 * (berth/redmine, Debian's redmine on puma, the same REDMINE_DB_* variables as the redmine image),
 * both built here by scripts/ensure-images.sh because no registry is reachable. The full example,
 * with data surviving recreated containers and the compose style, is
 * {@code dev.berth.examples.redmine} (docs/examples/redmine-mysql.md).
 */
@DisplayName("Lesson 9a: Redmine finds MySQL by the name some-mysql on redmine-network, migrates its schema there,"
        + " and serves its home page on the published port 3000")
// tag::declaration[]
// docker network create redmine-network
@WithNetwork(name = "redmine-network")
// docker run --name some-mysql --network redmine-network -e MYSQL_ROOT_PASSWORD=my-secret-pw -e MYSQL_DATABASE=redmine -d mysql:8
@WithContainer(name = "some-mysql", image = "berth/mariadb:latest", networks = "redmine-network",
        env = {"MYSQL_ROOT_PASSWORD=my-secret-pw", "MYSQL_DATABASE=redmine"},
        waitFor = @WaitFor(healthy = true, timeout = "180s"))
// docker run --name some-redmine --network redmine-network -e REDMINE_DB_MYSQL=some-mysql
//            -e REDMINE_DB_PASSWORD=my-secret-pw -p 3000:3000 -d redmine
@WithContainer(name = "some-redmine", image = "berth/redmine:latest", networks = "redmine-network",
        env = {"REDMINE_DB_MYSQL=some-mysql", "REDMINE_DB_PASSWORD=my-secret-pw"}, ports = "3000",
        dependsOn = "some-mysql", waitFor = @WaitFor(http = "/", port = 3000, status = 200, timeout = "400s"))
// end::declaration[]
class Lesson09aRedmineWiringTest {

    // tag::proofs[]
    @Test
    @DisplayName("some-redmine resolves some-mysql to its address on redmine-network and reaches port 3306")
    void redmineFindsMysqlByName(@Berth("some-redmine") BerthContainer redmine, @Berth("some-mysql") BerthContainer mysql) {
        assertThat(redmine).resolvesTo("some-mysql", mysql).canReach(mysql, 3306);
    }

    @Test
    @DisplayName("Redmine migrated its schema into the redmine database of some-mysql")
    void schemaMigrated(@Berth("some-mysql") BerthContainer mysql) {
        org.assertj.core.api.Assertions.assertThat(
                mysql.exec("mariadb", "-uroot", "-pmy-secret-pw", "redmine", "-N", "-e", "SHOW TABLES").stdout())
                .contains("projects", "users", "issues");
    }

    @Test
    @DisplayName("the host opens Redmine's home page through the published port")
    void homePageFromTheHost(@Berth("some-redmine") BerthContainer redmine) {
        assertThat(redmine).servesHttp(3000, "/").hasStatus(200).bodyContains("<title>Redmine</title>");
    }
    // end::proofs[]
}
