package dev.berth.examples.docs;

import static dev.berth.assertions.BerthAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.Berth;
import dev.berth.BerthContainer;
import dev.berth.ExecResult;
import dev.berth.WaitFor;
import dev.berth.WithContainer;
import dev.berth.WithNetwork;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The examples of docs/with-container.md. */
class WithContainerDocsTest {

    @Nested
    // tag::ports[]
    @WithContainer(name = "web", image = "busybox:1.35", ports = "80",
            command = {"sh", "-c", "mkdir -p /www && echo it-works > /www/index.html && exec httpd -f -p 80 -h /www"},
            waitFor = @WaitFor(port = 80))
    class Ports {
        @Test
        void publishedOnAFreeHostPort(@Berth("web") BerthContainer web) {
            assertThat(web.host()).isEqualTo("127.0.0.1");
            assertThat(web.hostPort(80)).isPositive(); // chosen by Docker
            assertThat(web).isReachableFromHost(80)
                    .servesHttp(80, "/index.html").hasStatus(200).bodyContains("it-works");
        }
    }
    // end::ports[]

    @Nested
    // tag::env[]
    @WithContainer(name = "app", image = "busybox:1.35", command = {"sleep", "3600"},
            envFile = "classpath:docs/app.env",        // GREETING=from-the-file, export LEVEL=debug
            env = {"GREETING=from-the-annotation", "MODE=test"})
    class Environment {
        @Test
        void envWinsOverEnvFile(@Berth("app") BerthContainer app) {
            ExecResult r = app.exec("sh", "-c", "echo $GREETING $LEVEL $MODE");
            assertThat(r.stdout()).isEqualTo("from-the-annotation debug test\n");
        }
    }
    // end::env[]

    @Nested
    // tag::bind[]
    @WithContainer(name = "app", image = "busybox:1.35", command = {"sleep", "3600"},
            volumes = "./src/test/resources/docs/site:/site") // a project directory, read-only unless ":rw"
    class BindMount {
        @Test
        void projectFilesAreVisibleButReadOnly(@Berth("app") BerthContainer app) {
            assertThat(app.readFile("/site/index.html")).hasValueSatisfying(html -> assertThat(html).contains("Hello"));
            assertThat(app.exec("touch", "/site/new-file").exitCode()).isNotZero();
        }
    }
    // end::bind[]

    @Nested
    // tag::aliases[]
    @WithNetwork(name = "backend")
    @WithContainer(name = "db", image = "busybox:1.35", networks = "backend", aliases = {"database", "db.internal"},
            command = {"httpd", "-f", "-p", "5432", "-h", "/"}, waitFor = @WaitFor(port = 5432))
    @WithContainer(name = "app", image = "busybox:1.35", networks = "backend", command = {"sleep", "3600"})
    class Aliases {
        @Test
        void everyAliasResolvesToTheSameContainer(@Berth("app") BerthContainer app, @Berth("db") BerthContainer db) {
            assertThat(app).resolvesTo("db", db).resolvesTo("database", db).resolvesTo("db.internal", db)
                    .canReach("database", 5432);
        }
    }
    // end::aliases[]

    @Nested
    // tag::depends-on[]
    @WithNetwork(name = "backend")
    @WithContainer(name = "db", image = "busybox:1.35", networks = "backend",
            command = {"sh", "-c", "sleep 2; exec httpd -f -p 5432 -h /"}, waitFor = @WaitFor(port = 5432))
    @WithContainer(name = "app", image = "busybox:1.35", networks = "backend", dependsOn = "db",
            command = {"sh", "-c", "nc -w 2 db 5432 </dev/null && echo db-was-ready; exec sleep 3600"})
    class DependsOn {
        @Test
        void appStartsAfterDbIsReady(@Berth("app") BerthContainer app) {
            assertThat(app).within(java.time.Duration.ofSeconds(5)).logContains("db-was-ready");
        }
    }
    // end::depends-on[]

    @Nested
    // tag::user-workdir[]
    @WithContainer(name = "app", image = "busybox:1.35", command = {"sleep", "3600"},
            user = "1000:1000", workdir = "/work")
    class UserAndWorkdir {
        @Test
        void commandsRunAsThatUserInThatDirectory(@Berth("app") BerthContainer app) {
            assertThat(app.exec("id", "-u").stdout()).isEqualTo("1000\n");
            assertThat(app.exec("pwd").stdout()).isEqualTo("/work\n");
        }
    }
    // end::user-workdir[]

    @Nested
    // tag::handle[]
    @WithContainer(name = "app", image = "busybox:1.35", command = {"sh", "-c", "echo started; exec sleep 3600"},
            waitFor = @WaitFor(log = "started"))
    class Handle {
        @Test
        void driveTheContainer(@Berth("app") BerthContainer app, @org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp) {
            app.writeFile("/etc/app/app.conf", "mode=fast\n");               // parents are created
            assertThat(app.readFile("/etc/app/app.conf")).contains("mode=fast\n");
            app.copyOut("/etc/app", tmp);                                     // docker cp app:/etc/app tmp
            assertThat(tmp.resolve("app/app.conf")).hasContent("mode=fast");
            assertThat(app.logs()).contains("started");
            app.restart();                                                    // waits for @WaitFor again
            assertThat(app.isRunning()).isTrue();
        }
    }
    // end::handle[]

    @Nested
    // tag::shell-less[]
    @WithContainer(name = "scratch", image = "berth/shell-less:latest", waitFor = @WaitFor(port = 8080))
    class ShellLess {
        @Test
        void execNeedsTheProgramInTheImage(@Berth("scratch") BerthContainer scratch) {
            ExecResult r = scratch.exec("sh", "-c", "echo hi");               // FROM scratch: no /bin/sh
            assertThat(r.exitCode()).isEqualTo(126);                          // the runtime could not start it
            assertThat(r.stdout()).contains("exec: \"sh\": executable file not found in $PATH");
            assertThat(r.stderr()).isEmpty();
            assertThat(scratch.exec("/httpd", "--help").stderr()).contains("Usage: httpd"); // what the image has runs
        }
    }
    // end::shell-less[]
}
