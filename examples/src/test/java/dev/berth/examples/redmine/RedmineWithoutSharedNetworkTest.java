package dev.berth.examples.redmine;

import static dev.berth.assertions.BerthAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.Berth;
import dev.berth.BerthContainer;
import dev.berth.WaitFor;
import dev.berth.WithContainer;
import dev.berth.WithNetwork;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The lesson's mistake: the database on another network than Redmine. Redmine then cannot even
 * resolve {@code some-mysql} (Docker's DNS answers only for containers on a shared user-defined
 * network), keeps waiting for its database, and never serves a page. The assertion's message
 * says why. (REDMINE_DB_WAIT_SECONDS keeps Redmine waiting for longer than the test runs, so it
 * is still up to be checked; Berth removes it afterwards.)
 */
// tag::isolated[]
@WithNetwork(name = "frontend")
@WithNetwork(name = "backend")
@WithContainer(name = "some-mysql", image = "berth/mariadb:latest", networks = "backend",
        env = {"MYSQL_ROOT_PASSWORD=my-secret-pw", "MYSQL_DATABASE=redmine"},
        waitFor = @WaitFor(healthy = true, timeout = "120s"))
@WithContainer(name = "some-redmine", image = "berth/redmine:latest", networks = "frontend",
        env = {"REDMINE_DB_MYSQL=some-mysql", "REDMINE_DB_PASSWORD=my-secret-pw", "REDMINE_DB_WAIT_SECONDS=600"},
        ports = "3000", dependsOn = "some-mysql",
        waitFor = @WaitFor(log = "database not ready", timeout = "60s"))   // it never gets further
class RedmineWithoutSharedNetworkTest {

    @Test
    void redmineCannotFindTheDatabaseAndTheMessageSaysWhy(@Berth("some-redmine") BerthContainer redmine,
                                                          @Berth("some-mysql") BerthContainer mysql) {
        assertThatThrownBy(() -> assertThat(redmine).canResolve("some-mysql"))
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("some-redmine cannot resolve \"some-mysql\": "
                        + "they share no network (some-redmine: [frontend], some-mysql: [backend])");
        assertThatThrownBy(() -> assertThat(redmine).canReach(mysql, 3306))
                .hasMessageStartingWith("some-redmine cannot reach some-mysql:3306: "
                        + "they share no network (some-redmine: [frontend], some-mysql: [backend])");
        assertThat(redmine).isIsolatedFrom(mysql, 3306)                         // not even by IP address
                .logContains("Unknown server host 'some-mysql'");        // what Redmine itself says
        assertThatThrownBy(() -> assertThat(redmine).within(Duration.ofSeconds(3)).servesHttp(3000, "/").hasStatus(200))
                .hasMessageContaining("to answer 200 but there was no answer");
    }
}
// end::isolated[]
