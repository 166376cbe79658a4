package dev.berth.assertions;

import static dev.berth.assertions.BerthAssertions.assertThat;
import static dev.berth.assertions.BerthAssertions.assertThatImage;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.Berth;
import dev.berth.BerthContainer;
import dev.berth.BerthException;
import dev.berth.BerthVolume;
import dev.berth.WaitFor;
import dev.berth.WithContainer;
import dev.berth.WithNetwork;
import dev.berth.WithVolume;
import dev.berth.internal.ContainerHandle;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Every assertion of {@link BerthAssertions}, positive and negative, on the real engine,
 * including a shell-less container and the wording of failure messages.
 */
@WithNetwork(name = "frontend")
@WithNetwork(name = "backend")
@WithVolume(name = "site", seedFrom = "classpath:assertions/site")
@WithContainer(name = "web", image = "busybox:1.35", networks = {"frontend", "backend"}, aliases = "www",
        command = {"httpd", "-f", "-p", "80", "-h", "/www"}, volumes = "site:/www:ro", ports = "80",
        waitFor = @WaitFor(port = 80))
@WithContainer(name = "db", image = "busybox:1.35", networks = "backend",
        command = {"httpd", "-f", "-p", "5432", "-h", "/"}, waitFor = @WaitFor(port = 5432))
@WithContainer(name = "app", image = "busybox:1.35", networks = "frontend", command = {"sleep", "3600"})
@WithContainer(name = "scratch", image = "berth/shell-less:latest", networks = "backend", waitFor = @WaitFor(port = 8080))
@WithContainer(name = "loner", image = "busybox:1.35", command = {"sleep", "3600"})
@WithContainer(name = "loner2", image = "busybox:1.35", command = {"sleep", "3600"})
@WithContainer(name = "job", image = "busybox:1.35", command = {"sh", "-c", "echo job-done; exit 0"})
class ContainerAssertIT {

    @Nested
    @DisplayName("DNS")
    class Dns {
        @Test
        @DisplayName("a neighbour resolves a name, and to the target's address on the network they share")
        void resolves(@Berth("app") BerthContainer app, @Berth("web") BerthContainer web) {
            assertThat(app).canResolve("web").canResolve("www").resolvesTo("web", web).resolvesTo("www", web);
        }

        @Test
        @DisplayName("a container on another network does not resolve the name, and the message says why")
        void isolationExplained(@Berth("app") BerthContainer app) {
            assertThat(app).cannotResolve("db").cannotResolve("no-such-name");
            assertThatThrownBy(() -> assertThat(app).canResolve("db"))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("app cannot resolve \"db\": they share no network (app: [frontend], db: [backend])");
            assertThatThrownBy(() -> assertThat(app).canResolve("nobody"))
                    .hasMessageContaining("no container of this environment is named or aliased \"nobody\"");
        }

        @Test
        @DisplayName("the default bridge has no DNS for container names, and the message teaches it")
        void defaultBridge(@Berth("loner") BerthContainer loner) {
            assertThat(loner).cannotResolve("loner2");
            assertThatThrownBy(() -> assertThat(loner).canResolve("loner2"))
                    .hasMessageContaining("default bridge, which has no DNS for container names");
        }

        @Test
        @DisplayName("an unexpected resolution fails with the address it got")
        void unexpectedResolution(@Berth("app") BerthContainer app) {
            assertThatThrownBy(() -> assertThat(app).cannotResolve("web"))
                    .hasMessageContaining("Expecting app not to resolve \"web\" but it resolves to [")
                    .hasMessageContaining("network frontend");
        }
    }

    @Nested
    @DisplayName("ports")
    class Ports {
        @Test
        @DisplayName("a neighbour reaches a port by name and by IP; a closed port and another network are unreachable")
        void reach(@Berth("app") BerthContainer app, @Berth("web") BerthContainer web, @Berth("db") BerthContainer db) {
            assertThat(app).canReach(web, 80).canReach(web.ipAddress("frontend"), 80)
                    .cannotReach(web, 81).cannotReach(db.ipAddress("backend"), 5432);
        }

        @Test
        @DisplayName("a refused connection is explained by what the target really listens on")
        void refusedExplained(@Berth("app") BerthContainer app) {
            assertThatThrownBy(() -> assertThat(app).canReach("web", 81))
                    .hasMessageContaining("app cannot reach web:81: they share network frontend, but the connection failed")
                    .hasMessageContaining("nothing listens on port 81 in web (it listens on [80");
        }

        @Test
        @DisplayName("an unexpected connection fails")
        void unexpectedConnection(@Berth("app") BerthContainer app) {
            assertThatThrownBy(() -> assertThat(app).cannotReach("web", 80))
                    .hasMessageContaining("Expecting app not to reach web:80 but the connection succeeded (they share network frontend)");
        }

        @Test
        @DisplayName("the host reaches a published port; an unpublished one is explained")
        void fromHost(@Berth("web") BerthContainer web, @Berth("db") BerthContainer db) {
            assertThat(web).isReachableFromHost(80);
            assertThatThrownBy(() -> assertThat(db).isReachableFromHost(5432))
                    .hasMessageContaining("not published (EXPOSE alone does not publish a port)");
        }

        @Test
        @DisplayName("isolation means no shared network and no connection; sharing is detected")
        void isolation(@Berth("app") BerthContainer app, @Berth("db") BerthContainer db, @Berth("web") BerthContainer web) {
            assertThat(app).isIsolatedFrom(db, 5432);
            assertThat(web).sharesNetworkWith(db).sharesNetworkWith(app);
            assertThatThrownBy(() -> assertThat(app).isIsolatedFrom(web, 80)).hasMessageContaining("they share network frontend");
            assertThatThrownBy(() -> assertThat(app).sharesNetworkWith(db))
                    .hasMessageContaining("app: [frontend], db: [backend]");
        }
    }

    @Nested
    @DisplayName("a FROM scratch container without any tool")
    class ShellLess {
        @Test
        @DisplayName("is checked through a probe in its network namespace")
        void probed(@Berth("scratch") BerthContainer scratch) {
            assertThat(scratch).canResolve("db").canReach("db", 5432).cannotResolve("app").cannotReach("db", 5433);
            org.assertj.core.api.Assertions.assertThat(((ContainerHandle) scratch).checksRunInside()).isFalse();
            assertThat(scratch).file("/www/index.html").contains("hello from scratch");
            assertThat(scratch).file("/bin/sh").doesNotExist();
        }

        @Test
        @DisplayName("a neighbour with tools checks from inside itself (no probe)")
        void insideRoute(@Berth("db") BerthContainer db) {
            assertThat(db).canReach("scratch", 8080);
            org.assertj.core.api.Assertions.assertThat(((ContainerHandle) db).checksRunInside()).isTrue();
        }
    }

    @Nested
    @DisplayName("HTTP")
    class Http {
        @Test
        @DisplayName("the course's Hello, Docker! page is served to the host and to a neighbour")
        void helloDocker(@Berth("web") BerthContainer web, @Berth("app") BerthContainer app) {
            assertThat(web).servesHttp(80, "/").hasStatus(200).bodyContains("Hello, Docker!");
            assertThat(web).servesHttp(80, "/missing.html").hasStatus(404);
            assertThat(app).fetches("http://web/index.html").hasStatus(200).bodyContains("Hello, Docker!");
            assertThatThrownBy(() -> assertThat(web).servesHttp(80, "/").bodyContains("Goodbye"))
                    .hasMessageContaining("to contain \"Goodbye\" but it is:").hasMessageContaining("Hello, Docker!");
            assertThatThrownBy(() -> assertThat(app).fetches("http://db:5999/").hasStatus(200))
                    .hasMessageContaining("there was no answer");
        }
    }

    @Nested
    @DisplayName("files")
    class Files {
        @Test
        @DisplayName("in a container, a volume and an image, with content, mode and owner")
        void files(@Berth("web") BerthContainer web, @Berth("site") BerthVolume site) {
            assertThat(web).file("/www/index.html").exists().isRegularFile().contains("Hello, Docker!")
                    .matches("<h1>.*</h1>").doesNotContain("Goodbye");
            assertThat(web).file("/www").isDirectory();
            assertThat(web).file("/etc/no-such-file").doesNotExist();
            assertThat(site).file("/index.html").hasContent("<html><body><h1>Hello, Docker!</h1></body></html>\n");
            assertThatImage("berth/shell-less:latest").file("/httpd").isRegularFile().hasMode("0755").isOwnedBy("0:0");
            assertThatImage("berth/shell-less:latest").file("/bin/sh").doesNotExist();
            assertThatImage("busybox:1.35").file("/bin/sh").exists();
        }

        @Test
        @DisplayName("failures say what was expected and what was found")
        void messages(@Berth("web") BerthContainer web, @Berth("site") BerthVolume site) {
            assertThatThrownBy(() -> assertThat(web).file("/www/nope.html").exists())
                    .hasMessageContaining("Expecting /www/nope.html to exist in container web but it does not");
            assertThatThrownBy(() -> assertThat(web).file("/www").isRegularFile())
                    .hasMessageContaining("to be a regular file but it is directory");
            assertThatThrownBy(() -> assertThat(site).file("/index.html").hasContent("other"))
                    .hasMessageContaining("in volume site to have content:");
            assertThatThrownBy(() -> assertThatImage("berth/shell-less:latest").file("/httpd").hasMode("0644"))
                    .hasMessageContaining("to have mode 0644 but it has 0755");
        }
    }

    @Nested
    @DisplayName("state and patience")
    class State {
        @Test
        @DisplayName("running, exited with code, log contents")
        void state(@Berth("web") BerthContainer web, @Berth("job") BerthContainer job) {
            assertThat(web).isRunning();
            assertThat(job).within(Duration.ofSeconds(10)).hasExitedWithCode(0).logContains("job-done").logMatches("^job-d.ne$");
            assertThatThrownBy(() -> assertThat(job).isRunning()).hasMessageContaining("to be running but it is exited (exit code 0)");
            assertThatThrownBy(() -> assertThat(web).isHealthy()).hasMessageContaining("defines no HEALTHCHECK");
            assertThatThrownBy(() -> assertThat(web).hasExitedWithCode(0)).hasMessageContaining("it is still running");
        }

        @Test
        @DisplayName("within() waits for a port that opens later, and gives up with the last failure")
        void eventually(@Berth("app") BerthContainer app, @Berth("web") BerthContainer web) {
            CompletableFuture<?> later = CompletableFuture.runAsync(() -> web.exec("sh", "-c", "sleep 1; httpd -p 8181 -h /www"));
            assertThat(app).within(Duration.ofSeconds(15)).canReach(web, 8181);
            later.join();
            assertThatThrownBy(() -> assertThat(app).within(Duration.ofSeconds(3)).canReach(web, 8282))
                    .hasMessageStartingWith("Still failing after 3000 ms of retrying: app cannot reach web:8282");
        }

        @Test
        @DisplayName("a check that cannot run is a BerthException, never an assertion failure")
        void infrastructureFailure(@Berth("job") BerthContainer job) {
            assertThatThrownBy(() -> assertThat(job).canResolve("web"))
                    .isInstanceOf(BerthException.class)
                    .hasMessageContaining("is not running");
        }
    }

    @Nested
    @DisplayName("a batch of checks")
    class Batch {
        @Test
        @DisplayName("ten checks in one exec, every failure reported")
        void batch(@Berth("app") BerthContainer app, @Berth("web") BerthContainer web) {
            assertThat(app).passesNetworkChecks(c -> c
                    .canResolve("web").canResolve("www").canReach(web, 80).canReach("www", 80)
                    .cannotResolve("db").cannotResolve("scratch").cannotReach("web", 81).cannotReach("web", 82)
                    .canReach(web.ipAddress("frontend"), 80).cannotResolve("loner"));
            assertThatThrownBy(() -> assertThat(app).passesNetworkChecks(c -> c
                    .canResolve("db").canReach("web", 80).cannotReach("web", 80)))
                    .hasMessageContaining("2 of 3 network checks from app failed")
                    .hasMessageContaining("cannot resolve \"db\": they share no network")
                    .hasMessageContaining("reaches web:80 but should not");
        }
    }
}
