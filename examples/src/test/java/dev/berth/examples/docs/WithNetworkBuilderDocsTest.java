package dev.berth.examples.docs;

import static dev.berth.assertions.BerthAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.BerthContainer;
import dev.berth.BerthEnvironment;
import dev.berth.BerthNetwork;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The programmatic twins of the examples of docs/with-network.md. */
class WithNetworkBuilderDocsTest {

    @Nested
    // tag::basic[]
    class Basic {
        @RegisterExtension
        static BerthEnvironment env = BerthEnvironment.builder()
                .network("backend")
                .container("db", c -> c.image("busybox:1.35").networks("backend")
                        .command("httpd", "-f", "-p", "5432", "-h", "/").waitFor(w -> w.port(5432)))
                .container("app", c -> c.image("busybox:1.35").networks("backend").command("sleep", "3600"))
                .build();

        @Test
        void appFindsDbByItsLogicalName() {
            BerthContainer app = env.container("app");
            BerthNetwork backend = env.network("backend");
            assertThat(app).canResolve("db").canReach("db", 5432);
            assertThat(backend.name()).isEqualTo("backend");
            assertThat(backend.dockerName()).startsWith("backend-"); // unique per run and scope
            assertThat(backend.isInternal()).isFalse();
            assertThat(app.exec("ip", "route").stdout()).contains("default via"); // a way out
        }
    }
    // end::basic[]

    @Nested
    // tag::internal[]
    class Internal {
        @RegisterExtension
        static BerthEnvironment env = BerthEnvironment.builder()
                .network("private", n -> n.internal(true))
                .container("db", c -> c.image("busybox:1.35").networks("private")
                        .command("httpd", "-f", "-p", "5432", "-h", "/").waitFor(w -> w.port(5432)))
                .container("app", c -> c.image("busybox:1.35").networks("private").command("sleep", "3600"))
                .build();

        @Test
        void neighboursButNoWayOut() {
            BerthContainer app = env.container("app");
            assertThat(env.network("private").isInternal()).isTrue();
            assertThat(app).canReach("db", 5432);
            assertThat(app.exec("ip", "route").stdout()).doesNotContain("default"); // no route outside
        }
    }
    // end::internal[]

    @Nested
    // tag::subnet[]
    class FixedSubnet {
        @RegisterExtension
        static BerthEnvironment env = BerthEnvironment.builder()
                .network("fixed", n -> n.subnet("10.213.78.0/24").gateway("10.213.78.1"))
                .container("app", c -> c.image("busybox:1.35").networks("fixed").command("sleep", "3600"))
                .build();

        @Test
        void addressesComeFromTheDeclaredSubnet() {
            BerthContainer app = env.container("app");
            assertThat(env.network("fixed").subnet()).isEqualTo("10.213.78.0/24");
            assertThat(app.ipAddress("fixed")).startsWith("10.213.78.");
            assertThat(app.exec("ip", "route").stdout()).contains("default via 10.213.78.1");
        }
    }
    // end::subnet[]

    @Nested
    // tag::two-networks[]
    class TwoNetworks {
        @RegisterExtension
        static BerthEnvironment env = BerthEnvironment.builder()
                .network("frontend")
                .network("backend")
                .container("db", c -> c.image("busybox:1.35").networks("backend")
                        .command("httpd", "-f", "-p", "5432", "-h", "/").waitFor(w -> w.port(5432)))
                .container("api", c -> c.image("busybox:1.35").networks("frontend", "backend")
                        .command("httpd", "-f", "-p", "8080", "-h", "/").waitFor(w -> w.port(8080)))
                .container("web", c -> c.image("busybox:1.35").networks("frontend").command("sleep", "3600"))
                .build();

        @Test
        void onlyTheApiSpansBoth() {
            BerthContainer web = env.container("web");
            BerthContainer api = env.container("api");
            assertThat(api.networks()).containsExactly("frontend", "backend");
            assertThat(web).canReach("api", 8080).cannotResolve("db");
            assertThat(api).canReach("db", 5432);
            assertThat(api.ipAddress("backend")).isNotEqualTo(api.ipAddress("frontend"));
        }
    }
    // end::two-networks[]

    // tag::undeclared-fixture[]
    @Fixture
    static class UndeclaredNetwork {
        @RegisterExtension
        static BerthEnvironment env = BerthEnvironment.builder()
                .network("backend")
                .container("web", c -> c.image("busybox:1.35").networks("frontend").command("sleep", "3600"))
                .build();

        @Test
        void neverRuns() {
        }
    }
    // end::undeclared-fixture[]

    @Test
    void anUndeclaredNetworkFailsBeforeAnythingIsCreated() {
        FixtureRunner.Outcome run = FixtureRunner.run(UndeclaredNetwork.class);
        assertThat(run.testsSucceeded()).isZero();
        // tag::undeclared-message[]
        assertThat(run.onlyClassFailure()).isInstanceOf(ExtensionConfigurationException.class).hasMessage(
                "@WithContainer(name = \"web\") on BerthEnvironment in field UndeclaredNetwork.env: it joins network"
                + " \"frontend\", which is not declared (declared: [backend]). Fix: add network(\"frontend\") to the"
                + " builder, or fix the name.");
        // end::undeclared-message[]
    }
}
