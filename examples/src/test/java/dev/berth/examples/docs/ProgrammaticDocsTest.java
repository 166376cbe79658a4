package dev.berth.examples.docs;

import static dev.berth.assertions.BerthAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.Berth;
import dev.berth.BerthContainer;
import dev.berth.BerthEnvironment;
import dev.berth.WaitFor;
import dev.berth.WithContainer;
import dev.berth.WithNetwork;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The examples of docs/programmatic.md and of the placeholders section of docs/configuration.md. */
class ProgrammaticDocsTest {

    @Nested
    // tag::loop[]
    class OneContainerPerVersion {
        static final List<String> VERSIONS = List.of("1.0", "1.1", "2.0");

        @RegisterExtension
        static BerthEnvironment env = versions();

        static BerthEnvironment versions() {
            BerthEnvironment.Builder builder = BerthEnvironment.builder().network("backend");
            for (String version : VERSIONS) {
                builder.container("app-" + version.replace('.', '-'), c -> c.image("busybox:1.35").networks("backend")
                        .env("APP_VERSION", version).command("sleep", "3600"));
            }
            return builder.build();
        }

        @Test
        void everyVersionRuns() {
            for (String version : VERSIONS) {
                BerthContainer app = env.container("app-" + version.replace('.', '-'));
                assertThat(app.exec("sh", "-c", "echo $APP_VERSION").stdout()).isEqualTo(version + "\n");
            }
        }
    }
    // end::loop[]

    @Nested
    // tag::generated[]
    class GeneratedPassword {
        @RegisterExtension
        static BerthEnvironment env = BerthEnvironment.builder()
                .network("backend")
                .container("db", c -> c.image("busybox:1.35").networks("backend")
                        .env("DB_PASSWORD", "${random.db-password}").command("sleep", "3600"))
                .container("app", c -> c.image("busybox:1.35").networks("backend")
                        .env("DB_URL", "mysql://app:${random.db-password}@db/shop").command("sleep", "3600"))
                .build();

        @Test
        void bothSideSeeTheSamePassword() {
            String password = env.generated("db-password");                 // 24 random letters and digits
            assertThat(env.container("db").exec("sh", "-c", "echo $DB_PASSWORD").stdout()).isEqualTo(password + "\n");
            assertThat(env.container("app").exec("sh", "-c", "echo $DB_URL").stdout()).contains(":" + password + "@");
        }
    }
    // end::generated[]

    @Nested
    // tag::generated-annotations[]
    @WithContainer(name = "db", image = "busybox:1.35", env = "DB_PASSWORD=${random.db-password}", command = {"sleep", "3600"})
    class GeneratedPasswordAnnotated {
        @Test
        void injected(@Berth("random.db-password") String password, BerthContainer db) {
            assertThat(db.exec("sh", "-c", "echo $DB_PASSWORD").stdout()).isEqualTo(password + "\n");
        }
    }
    // end::generated-annotations[]

    @Nested
    // tag::during-a-test[]
    class ChangedDuringATest {
        @RegisterExtension
        BerthEnvironment env = BerthEnvironment.builder()
                .network("backend")
                .container("server", c -> c.image("busybox:1.35").networks("backend")
                        .command("httpd", "-f", "-p", "8080", "-h", "/").waitFor(w -> w.port(8080)))
                .build();

        @Test
        void startReplaceRemove() {
            BerthContainer client = env.start("client", c -> c.image("busybox:1.35").networks("backend")
                    .env("ROLE", "first").command("sleep", "3600"));       // checked like a declaration, then started
            assertThat(client).canReach("server", 8080);
            BerthContainer second = env.replace("client", c -> c.image("busybox:1.35").networks("backend")
                    .env("ROLE", "second").command("sleep", "3600"));      // the old one is removed first
            assertThat(second.exec("sh", "-c", "echo $ROLE").stdout()).isEqualTo("second\n");
            env.remove("client");                                          // now; otherwise with the environment
            assertThat(env.container("server")).cannotResolve("client");
        }
    }
    // end::during-a-test[]

    @Nested
    // tag::mixed[]
    @WithNetwork(name = "backend")
    @WithContainer(name = "db", image = "busybox:1.35", networks = "backend",
            command = {"httpd", "-f", "-p", "5432", "-h", "/"}, waitFor = @WaitFor(port = 5432))
    class AnnotationsAndBuilder {
        @RegisterExtension
        static BerthEnvironment env = BerthEnvironment.builder()   // starts after the annotations' environment
                .container("app", c -> c.image("busybox:1.35").networks("backend").command("sleep", "3600"))
                .build();

        @Test
        void oneScope(@Berth("db") BerthContainer db) {
            assertThat(env.container("app")).canReach(db, 5432);
        }
    }
    // end::mixed[]

    // tag::placeholders[]
    @WithContainer(name = "app", image = "${app.image:busybox:1.35}", command = {"sleep", "3600"},
            env = {"GREETING=${greeting}", "LITERAL=$${greeting}"})
    // end::placeholders[]
    @Fixture
    static class Placeholders {
        @Test
        void resolved(BerthContainer app) {
            assertThat(app.exec("sh", "-c", "echo \"$GREETING $LITERAL\"").stdout()).isEqualTo("hello ${greeting}\n");
        }
    }

    @Test
    void placeholdersResolveFromTheConfigurationOrFailNamingTheAttribute() {
        FixtureRunner.Outcome set = FixtureRunner.run(Placeholders.class, Map.of("greeting", "hello"));
        assertThat(set.testFailures()).isEmpty();
        assertThat(set.testsSucceeded()).isEqualTo(1);
        FixtureRunner.Outcome unset = FixtureRunner.run(Placeholders.class);
        assertThat(unset.testsSucceeded()).isZero();
        // tag::placeholder-message[]
        assertThat(unset.onlyClassFailure()).isInstanceOf(ExtensionConfigurationException.class).hasMessage(
                "@WithContainer(name = \"app\") on class dev.berth.examples.docs.ProgrammaticDocsTest$Placeholders, attribute env[0]:"
                + " the placeholder ${greeting} has no value: it is not a JUnit configuration parameter, system property or"
                + " environment variable greeting or GREETING. Fix: set one of them (e.g. -Dgreeting=VALUE, or greeting=VALUE"
                + " in junit-platform.properties), or give a default: ${greeting:VALUE}.");
        // end::placeholder-message[]
    }
}
