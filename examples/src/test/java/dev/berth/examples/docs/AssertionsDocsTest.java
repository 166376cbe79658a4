package dev.berth.examples.docs;

import static dev.berth.assertions.BerthAssertions.assertAllAtOnce;
import static dev.berth.assertions.BerthAssertions.assertThat;
import static dev.berth.assertions.BerthAssertions.assertThatImage;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.berth.Berth;
import dev.berth.BerthContainer;
import dev.berth.BerthException;
import dev.berth.BerthVolume;
import dev.berth.WaitFor;
import dev.berth.WithContainer;
import dev.berth.WithNetwork;
import dev.berth.WithVolume;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.opentest4j.MultipleFailuresError;

/** The examples of docs/assertions.md. */
// tag::environment[]
@WithNetwork(name = "frontend")
@WithNetwork(name = "backend")
@WithVolume(name = "site", seedFrom = "classpath:docs/site")
@WithContainer(name = "web", image = "busybox:1.35", networks = {"frontend", "backend"}, ports = "80",
        volumes = "site:/www:ro", command = {"httpd", "-f", "-p", "80", "-h", "/www"}, waitFor = @WaitFor(port = 80))
@WithContainer(name = "db", image = "busybox:1.35", networks = "backend",
        command = {"httpd", "-f", "-p", "5432", "-h", "/"}, waitFor = @WaitFor(port = 5432))
@WithContainer(name = "app", image = "busybox:1.35", networks = "frontend", command = {"sleep", "3600"})
@WithContainer(name = "scratch", image = "berth/shell-less:latest", networks = "backend", waitFor = @WaitFor(port = 8080))
@WithContainer(name = "job", image = "busybox:1.35", command = {"sh", "-c", "echo job done; exit 0"})
class AssertionsDocsTest {
    // end::environment[]

    @Test
    void dnsAndPorts(@Berth("app") BerthContainer app, @Berth("web") BerthContainer web, @Berth("db") BerthContainer db) {
        // tag::network[]
        assertThat(app).canResolve("web").resolvesTo("web", web).canReach(web, 80)
                .cannotResolve("db").cannotReach("db", 5432)       // db is on backend only
                .sharesNetworkWith(web).isIsolatedFrom(db, 5432);
        assertThat(web).passesNetworkChecks(checks -> checks      // one exec, every failure reported
                .canResolve("app").canResolve("db").canReach("db", 5432).cannotReach("db", 6379));
        // end::network[]
    }

    @Test
    void fromTheHostAndHttp(@Berth("web") BerthContainer web, @Berth("app") BerthContainer app) {
        // tag::http[]
        assertThat(web).isReachableFromHost(80)
                .servesHttp(80, "/index.html").hasStatus(200).bodyContains("Hello from a seeded volume");
        assertThat(app).fetches("http://web/index.html").hasStatus(200);   // from inside app's network namespace
        assertThat(app).fetches("http://web/missing").hasStatus(404);
        // end::http[]
    }

    @Test
    void files(@Berth("app") BerthContainer app, BerthVolume site) {
        // tag::files[]
        app.writeFile("/etc/app.conf", "mode=fast\n");
        app.exec("chmod", "600", "/etc/app.conf");
        assertThat(app).file("/etc/app.conf").exists().isRegularFile().hasContent("mode=fast\n")
                .contains("mode").matches("mode=\\w+").doesNotContain("slow").hasMode("0600").isOwnedBy("0:0");
        assertThat(app).file("/etc").isDirectory();
        assertThat(app).file("/etc/nothing-here").doesNotExist();
        assertThat(site).file("/index.html").contains("seeded");                   // a volume
        assertThatImage("berth/shell-less:latest").file("/bin/sh").doesNotExist(); // an image, not run
        assertThatImage("berth/shell-less:latest").file("/www/index.html").contains("hello from scratch");
        // end::files[]
    }

    @Test
    void state(@Berth("job") BerthContainer job, @Berth("app") BerthContainer app) {
        // tag::state[]
        assertThat(app).isRunning();
        assertThat(job).hasExitedWithCode(0).logContains("job done").logMatches("^job \\w+$");
        assertThat(app).within(Duration.ofSeconds(10)).canReach("web", 80); // retry until it holds
        // end::state[]
    }

    @Test
    void checksAtOnce(@Berth("app") BerthContainer app, @Berth("web") BerthContainer web, @Berth("db") BerthContainer db) {
        // tag::at-once[]
        assertAllAtOnce(                                   // each on its own thread: as long as the slowest
                () -> assertThat(app).canResolve("web").canReach(web, 80),
                () -> assertThat(web).canReach(db, 5432),
                () -> assertThat(app).file("/etc/hostname").exists());
        // end::at-once[]
        // tag::at-once-failures[]
        Throwable failed = catchThrowable(() -> assertAllAtOnce(
                () -> assertThat(app).canResolve("db"),        // fails: no shared network
                () -> assertThat(app).canReach(web, 80),       // holds
                () -> assertThat(app).sharesNetworkWith(db))); // fails
        assertThat(failed).isInstanceOf(MultipleFailuresError.class)
                .hasMessageStartingWith("Checks run at once (2 failures)")
                .hasMessageContaining("app cannot resolve \"db\": they share no network")
                .hasMessageContaining("Expecting app and db to share a network but they share none");
        // end::at-once-failures[]
    }

    @Test
    void shellLessContainersAreCheckedThroughAProbe(@Berth("scratch") BerthContainer scratch,
                                                    @Berth("db") BerthContainer db) {
        // tag::shell-less[]
        assertThat(scratch.exec("sh", "-c", "true").exitCode()).isNotZero(); // ... or Docker refuses the exec
        assertThat(scratch).canResolve("db").canReach(db, 5432);              // runs in a busybox probe
        assertThat(db).fetches("http://scratch:8080/").hasStatus(200).bodyContains("hello from scratch");
        // end::shell-less[]
    }

    @Test
    void failureMessages(@Berth("app") BerthContainer app, @Berth("db") BerthContainer db) {
        // tag::failure-messages[]
        assertThatThrownBy(() -> assertThat(app).sharesNetworkWith(db))
                .isInstanceOf(AssertionError.class)
                .hasMessage("Expecting app and db to share a network but they share none (app: [frontend], db: [backend])");
        assertThatThrownBy(() -> assertThat(app).canResolve("db"))
                .hasMessageStartingWith("app cannot resolve \"db\": they share no network (app: [frontend], db: [backend])");
        app.writeFile("/etc/mode", "fast\n");
        assertThatThrownBy(() -> assertThat(app).file("/etc/mode").hasContent("slow\n"))
                .hasMessage("Expecting /etc/mode in container app to have content:\n  \"slow\n\"\nbut it has:\n  \"fast\n\"");
        // end::failure-messages[]
    }

    @Fixture
    // tag::berth-exception-fixture[]
    @WithContainer(name = "scratch", image = "berth/shell-less:latest", waitFor = @WaitFor(port = 8080))
    static class ProbeImageMissing {   // run with berth.probe.image=berth/no-such-probe:1
        @Test
        void check(@Berth("scratch") BerthContainer scratch) {
            assertThat(scratch).canResolve("localhost");
        }
    }
    // end::berth-exception-fixture[]

    @Test
    void aCheckThatCannotRunIsABerthException() {
        FixtureRunner.Outcome run = FixtureRunner.run(ProbeImageMissing.class,
                Map.of("berth.probe.image", "berth/no-such-probe:1"));
        // tag::berth-exception[]
        assertThat(run.onlyTestFailure()).isInstanceOf(BerthException.class).isNotInstanceOf(AssertionError.class)
                .hasMessage("The probe image berth/no-such-probe:1 is not present. Build or pull it,"
                        + " or set berth.probe.image to an image with sh, nc, nslookup and wget.");
        // end::berth-exception[]
    }
}
