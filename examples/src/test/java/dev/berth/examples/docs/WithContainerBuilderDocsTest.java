package dev.berth.examples.docs;

import static dev.berth.assertions.BerthAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.BerthContainer;
import dev.berth.BerthEnvironment;
import dev.berth.ExecResult;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The programmatic twins of the examples of docs/with-container.md. */
class WithContainerBuilderDocsTest {

    @Nested
    // tag::ports[]
    class Ports {
        @RegisterExtension
        static BerthEnvironment env = BerthEnvironment.builder()
                .container("web", c -> c.image("busybox:1.35").ports("80")
                        .command("sh", "-c", "mkdir -p /www && echo it-works > /www/index.html && exec httpd -f -p 80 -h /www")
                        .waitFor(w -> w.port(80)))
                .build();

        @Test
        void publishedOnAFreeHostPort() {
            BerthContainer web = env.container("web");
            assertThat(web.host()).isEqualTo("127.0.0.1");
            assertThat(web.hostPort(80)).isPositive(); // chosen by Docker
            assertThat(web).isReachableFromHost(80)
                    .servesHttp(80, "/index.html").hasStatus(200).bodyContains("it-works");
        }
    }
    // end::ports[]

    @Nested
    // tag::env[]
    class Environment {
        @RegisterExtension
        static BerthEnvironment env = BerthEnvironment.builder()
                .container("app", c -> c.image("busybox:1.35").command("sleep", "3600")
                        .envFile("classpath:docs/app.env")     // GREETING=from-the-file, export LEVEL=debug
                        .env("GREETING", "from-the-builder").env("MODE", "test"))
                .build();

        @Test
        void envWinsOverEnvFile() {
            ExecResult r = env.container("app").exec("sh", "-c", "echo $GREETING $LEVEL $MODE");
            assertThat(r.stdout()).isEqualTo("from-the-builder debug test\n");
        }
    }
    // end::env[]

    @Nested
    // tag::bind[]
    class BindMount {
        @RegisterExtension
        static BerthEnvironment env = BerthEnvironment.builder()
                .container("app", c -> c.image("busybox:1.35").command("sleep", "3600")
                        .volumes("./src/test/resources/docs/site:/site")) // a project directory, read-only unless ":rw"
                .build();

        @Test
        void projectFilesAreVisibleButReadOnly() {
            BerthContainer app = env.container("app");
            assertThat(app.readFile("/site/index.html")).hasValueSatisfying(html -> assertThat(html).contains("Hello"));
            assertThat(app.exec("touch", "/site/new-file").exitCode()).isNotZero();
        }
    }
    // end::bind[]

    @Nested
    // tag::aliases[]
    class Aliases {
        @RegisterExtension
        static BerthEnvironment env = BerthEnvironment.builder()
                .network("backend")
                .container("db", c -> c.image("busybox:1.35").networks("backend").aliases("database", "db.internal")
                        .command("httpd", "-f", "-p", "5432", "-h", "/").waitFor(w -> w.port(5432)))
                .container("app", c -> c.image("busybox:1.35").networks("backend").command("sleep", "3600"))
                .build();

        @Test
        void everyAliasResolvesToTheSameContainer() {
            BerthContainer db = env.container("db");
            assertThat(env.container("app")).resolvesTo("db", db).resolvesTo("database", db).resolvesTo("db.internal", db)
                    .canReach("database", 5432);
        }
    }
    // end::aliases[]

    @Nested
    // tag::depends-on[]
    class DependsOn {
        @RegisterExtension
        static BerthEnvironment env = BerthEnvironment.builder()
                .network("backend")
                .container("db", c -> c.image("busybox:1.35").networks("backend")
                        .command("sh", "-c", "sleep 2; exec httpd -f -p 5432 -h /").waitFor(w -> w.port(5432)))
                .container("app", c -> c.image("busybox:1.35").networks("backend").dependsOn("db")
                        .command("sh", "-c", "nc -w 2 db 5432 </dev/null && echo db-was-ready; exec sleep 3600"))
                .build();

        @Test
        void appStartsAfterDbIsReady() {
            assertThat(env.container("app")).within(java.time.Duration.ofSeconds(5)).logContains("db-was-ready");
        }
    }
    // end::depends-on[]

    @Nested
    // tag::user-workdir[]
    class UserAndWorkdir {
        @RegisterExtension
        static BerthEnvironment env = BerthEnvironment.builder()
                .container("app", c -> c.image("busybox:1.35").command("sleep", "3600").user("1000:1000").workdir("/work"))
                .build();

        @Test
        void commandsRunAsThatUserInThatDirectory() {
            BerthContainer app = env.container("app");
            assertThat(app.exec("id", "-u").stdout()).isEqualTo("1000\n");
            assertThat(app.exec("pwd").stdout()).isEqualTo("/work\n");
        }
    }
    // end::user-workdir[]

    @Nested
    // tag::handle[]
    class Handle {
        @RegisterExtension
        static BerthEnvironment env = BerthEnvironment.builder()
                .container("app", c -> c.image("busybox:1.35").command("sh", "-c", "echo started; exec sleep 3600")
                        .waitFor(w -> w.log("started")))
                .build();

        @Test
        void driveTheContainer(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp) {
            BerthContainer app = env.container("app");
            app.writeFile("/etc/app/app.conf", "mode=fast\n");               // parents are created
            assertThat(app.readFile("/etc/app/app.conf")).contains("mode=fast\n");
            app.copyOut("/etc/app", tmp);                                     // docker cp app:/etc/app tmp
            assertThat(tmp.resolve("app/app.conf")).hasContent("mode=fast");
            assertThat(app.logs()).contains("started");
            app.restart();                                                    // waits for the waitFor conditions again
            assertThat(app.isRunning()).isTrue();
        }
    }
    // end::handle[]

    @Nested
    // tag::shell-less[]
    class ShellLess {
        @RegisterExtension
        static BerthEnvironment env = BerthEnvironment.builder()
                .container("scratch", c -> c.image("berth/shell-less:latest").waitFor(w -> w.port(8080)))
                .build();

        @Test
        void execNeedsTheProgramInTheImage() {
            BerthContainer scratch = env.container("scratch");
            ExecResult r = scratch.exec("sh", "-c", "echo hi");               // FROM scratch: no /bin/sh
            assertThat(r.exitCode()).isEqualTo(126);                          // the runtime could not start it
            assertThat(r.stdout()).contains("exec: \"sh\": executable file not found in $PATH");
            assertThat(r.stderr()).isEmpty();
            assertThat(scratch.exec("/httpd", "--help").stderr()).contains("Usage: httpd"); // what the image has runs
        }
    }
    // end::shell-less[]
}
