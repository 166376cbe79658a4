package dev.berth.examples.lessons;

import static dev.berth.assertions.BerthAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.Berth;
import dev.berth.BerthContainer;
import dev.berth.BerthVolume;
import dev.berth.WaitFor;
import dev.berth.WithContainer;
import dev.berth.WithNetwork;
import dev.berth.WithVolume;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Course, interview question: "docker 컨테이너를 나누는 기준은 무엇으로 잡으셨나요?" — not the
 * database and the application in one container (the database would restart with every
 * application change); split by the units that change and run separately (DB, backend, frontend),
 * connected by networks. busybox stands in for each part (listeners on 8080 and 5432).
 */
@DisplayName("Lesson 11 (interview): one process per container, the parts wired by networks,"
        + " so replacing one part leaves the others and their data untouched")
// tag::declaration[]
@WithNetwork(name = "front")
@WithNetwork(name = "back")
@WithVolume(name = "db-data")
@WithContainer(name = "db", image = "busybox:1.35", networks = "back", volumes = "db-data:/data",
        command = {"sh", "-c", "date +%s%N > /tmp/started && echo row-1 > /data/table && exec httpd -f -p 5432 -h /data"},
        waitFor = @WaitFor(port = 5432))
@WithContainer(name = "api", image = "busybox:1.35", networks = {"front", "back"},
        command = {"sh", "-c", "date +%s%N > /tmp/started && exec httpd -f -p 8080 -h /"}, waitFor = @WaitFor(port = 8080))
@WithContainer(name = "frontend", image = "busybox:1.35", networks = "front", command = {"sleep", "3600"})
// end::declaration[]
class Lesson11SplittingContainersTest {

    // tag::proofs[]
    @Test
    @DisplayName("one process per container: db runs only its server, and cannot see the api's process")
    void oneProcessPerContainer(@Berth("db") BerthContainer db) {
        List<String> processes = db.exec("ps", "-o", "pid,args").stdout().lines()
                .skip(1).filter(line -> !line.contains("ps -o")).toList();
        assertThat(processes).singleElement().asString().contains("httpd -f -p 5432");
    }

    @Test
    @DisplayName("wired by networks: frontend reaches the api, only the api reaches the db")
    void wiredByNetworks(@Berth("frontend") BerthContainer frontend, @Berth("api") BerthContainer api) {
        assertThat(frontend).passesNetworkChecks(checks -> checks
                .canResolve("api").canReach("api", 8080)
                .cannotResolve("db"));
        assertThat(api).canReach("db", 5432);
    }

    @Test
    @DisplayName("replacing the api (a restart) leaves the db process and its data as they were")
    void replaceOnePart(@Berth("api") BerthContainer api, @Berth("db") BerthContainer db,
                        @Berth("db-data") BerthVolume data) {
        String apiBefore = api.readFile("/tmp/started").orElseThrow();
        String dbBefore = db.readFile("/tmp/started").orElseThrow();

        api.restart();

        assertThat(api.readFile("/tmp/started")).isNotEmpty().get().isNotEqualTo(apiBefore);
        assertThat(db.readFile("/tmp/started")).contains(dbBefore);
        assertThat(data).file("/table").hasContent("row-1\n");
        assertThat(api).canReach("db", 5432);
    }
    // end::proofs[]
}
