package dev.berth.examples.docs;

import dev.berth.BerthEnvironment;
import java.util.function.Consumer;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Builder twins of documentation examples whose annotations declare a larger environment (run by
 * their own pages' tests): {@link DocsBuildersTest} proves each reads into the same environment as
 * the annotations it stands beside, without an engine.
 */
final class DocsBuilders {

    private DocsBuilders() {
    }

    static final class Assertions {
        // tag::assertions-environment[]
        static BerthEnvironment env = BerthEnvironment.builder()
                .network("frontend")
                .network("backend")
                .volume("site", v -> v.seedFrom("classpath:docs/site"))
                .container("web", c -> c.image("busybox:1.35").networks("frontend", "backend").ports("80")
                        .volumes("site:/www:ro").command("httpd", "-f", "-p", "80", "-h", "/www").waitFor(w -> w.port(80)))
                .container("db", c -> c.image("busybox:1.35").networks("backend")
                        .command("httpd", "-f", "-p", "5432", "-h", "/").waitFor(w -> w.port(5432)))
                .container("app", c -> c.image("busybox:1.35").networks("frontend").command("sleep", "3600"))
                .container("scratch", c -> c.image("berth/shell-less:latest").networks("backend").waitFor(w -> w.port(8080)))
                .container("job", c -> c.image("busybox:1.35").command("sh", "-c", "echo job done; exit 0"))
                .build();
        // end::assertions-environment[]
    }

    static final class Diagrams {
        // tag::diagrams-failing[]
        static BerthEnvironment env = BerthEnvironment.builder()
                .network("shop")
                .network("billing", n -> n.internal(true))
                .container("cart", c -> c.image("busybox:1.35").networks("shop").command("sleep", "3600"))
                .container("ledger", c -> c.image("busybox:1.35").networks("billing")
                        .command("httpd", "-f", "-p", "9000", "-h", "/").waitFor(w -> w.port(9000)))
                .build();
        // end::diagrams-failing[]
    }

    static final class RedmineIsolated {
        // tag::redmine-isolated[]
        static BerthEnvironment env = BerthEnvironment.builder()
                .network("frontend")
                .network("backend")
                .container("some-mysql", c -> c.image("berth/mariadb:latest").networks("backend")
                        .env("MYSQL_ROOT_PASSWORD", "my-secret-pw").env("MYSQL_DATABASE", "redmine")
                        .waitFor(w -> w.healthy().timeout("120s")))
                .container("some-redmine", c -> c.image("berth/redmine:latest").networks("frontend")
                        .env("REDMINE_DB_MYSQL", "some-mysql").env("REDMINE_DB_PASSWORD", "my-secret-pw")
                        .env("REDMINE_DB_WAIT_SECONDS", "600").ports("3000").dependsOn("some-mysql")
                        .waitFor(w -> w.log("database not ready").timeout("60s")))   // it never gets further
                .build();
        // end::redmine-isolated[]
    }

    static final class RedmineFirstStack {
        // tag::redmine-first-stack[]
        static BerthEnvironment env = BerthEnvironment.builder()
                .composeStack("redmine", s -> s.files("src/test/resources/redmine/compose.yml").waitTimeout("300s"))
                .build();
        // end::redmine-first-stack[]
    }

    static final class SecretHygiene {
        // tag::images-leaky[]
        static BerthEnvironment env = BerthEnvironment.builder()
                .image("docs/leaky:1", i -> i.context("src/test/resources/docs/images/leaky").keep(false)
                        .buildArg("API_TOKEN", "tok-abc-123"))                // ARG used by a RUN: recorded in the history
                .build();
        // end::images-leaky[]
    }

    static final class CacheKept {
        // tag::images-cache[]
        static BerthEnvironment kept = BerthEnvironment.builder()
                .image("docs/cached:1", i -> i.context("src/test/resources/docs/images/cached"))              // keep(true)
                .build();
        // end::images-cache[]
    }

    static final class CacheRemoved {
        // tag::images-cache[]
        static BerthEnvironment removed = BerthEnvironment.builder()
                .image("docs/cached:1", i -> i.context("src/test/resources/docs/images/cached").keep(false))
                .build();
        // end::images-cache[]
    }

    static final class ProbeImageMissing {
        // tag::assertions-probe-missing[]
        static BerthEnvironment env = BerthEnvironment.builder()   // run with berth.probe.image=berth/no-such-probe:1
                .container("scratch", c -> c.image("berth/shell-less:latest").waitFor(w -> w.port(8080)))
                .build();
        // end::assertions-probe-missing[]
    }

    static final class RedmineSecondStack {
        // tag::redmine-second-stack[]
        static BerthEnvironment env = BerthEnvironment.builder()   // the same declaration as the first stack: a new project
                .composeStack("redmine", s -> s.files("src/test/resources/redmine/compose.yml").waitTimeout("300s"))
                .build();
        // end::redmine-second-stack[]
    }

    /** The twin of RedmineDockerRunStyleTest: its two meta-annotations become two reusable settings, one builder per scope. */
    static final class RedmineDockerRun {
        // tag::redmine-docker-run[]
        /** docker run --name some-mysql --network redmine-network -v db-data:/var/lib/mysql -e ... -d mysql:8 */
        static Consumer<BerthEnvironment.Container> someMysql() {
            return c -> c.image("berth/mariadb:latest").networks("redmine-network")
                    .env("MYSQL_ROOT_PASSWORD", "my-secret-pw").env("MYSQL_DATABASE", "redmine")
                    .volumes("db-data:/var/lib/mysql")
                    .waitFor(w -> w.healthy().timeout("120s"));
        }

        /** docker run --name some-redmine --network redmine-network -e ... -p 3000:3000 -d redmine */
        static Consumer<BerthEnvironment.Container> someRedmine() {
            return c -> c.image("berth/redmine:latest").networks("redmine-network")
                    .env("REDMINE_DB_MYSQL", "some-mysql").env("REDMINE_DB_PASSWORD", "my-secret-pw")
                    .ports("3000")                                     // a free host port on 127.0.0.1
                    .dependsOn("some-mysql")
                    .waitFor(w -> w.http("/").port(3000).status(200).timeout("300s"));
        }

        static BerthEnvironment classEnv = BerthEnvironment.builder()  // static field of the test class
                .network("redmine-network")                            // docker network create redmine-network
                .volume("db-data")                                     // docker volume create db-data
                .build();

        static BerthEnvironment databaseEnv = BerthEnvironment.builder()   // static field of each @Nested class
                .container("some-mysql", someMysql())
                .build();

        static BerthEnvironment redmineEnv = BerthEnvironment.builder()    // an instance field: a new one for each test
                .container("some-redmine", someRedmine())
                .build();

        static BerthEnvironment bothEnv = BerthEnvironment.builder()       // the second @Nested class declares both
                .container("some-mysql", someMysql())
                .container("some-redmine", someRedmine())
                .build();
        // end::redmine-docker-run[]
    }

    static final class SoftWiring {
        // tag::soft-extension[]
        static BerthEnvironment env = BerthEnvironment.builder()
                .container("web", c -> c.image("busybox:1.35").command("sleep", "3600"))
                .build();
        // end::soft-extension[]
    }

    static final class Placeholders {
        // tag::placeholders[]
        static BerthEnvironment env = BerthEnvironment.builder()
                .container("app", c -> c.image("${app.image:busybox:1.35}").command("sleep", "3600")
                        .env("GREETING", "${greeting}").env("LITERAL", "$${greeting}"))
                .build();
        // end::placeholders[]
    }

    /** The twin of RedmineReusedTestCases (docs/reuse.md): the same environment, kept between runs. */
    static final class RedmineReused {
        // tag::redmine-reused[]
        @RegisterExtension
        static BerthEnvironment env = BerthEnvironment.builder()      // a static field: reuse() keeps a class's environment
                .network("redmine-network")
                .volume("db-data")
                .container("some-mysql", c -> c.image("berth/mariadb:latest").networks("redmine-network")
                        .env("MYSQL_ROOT_PASSWORD", "my-secret-pw").env("MYSQL_DATABASE", "redmine")
                        .volumes("db-data:/var/lib/mysql")
                        .waitFor(w -> w.healthy().timeout("120s")))
                .container("some-redmine", c -> c.image("berth/redmine:latest").networks("redmine-network")
                        .env("REDMINE_DB_MYSQL", "some-mysql").env("REDMINE_DB_PASSWORD", "my-secret-pw")
                        .ports("3000").dependsOn("some-mysql")
                        .waitFor(w -> w.http("/").port(3000).status(200).timeout("300s")))
                .reuse(r -> r.resetVolumes(true))   // kept after the run; db-data back to its first state on every adoption
                .build();
        // end::redmine-reused[]
    }
}
