package dev.berth.examples.docs;

import static dev.berth.assertions.BerthAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.Berth;
import dev.berth.BerthContainer;
import dev.berth.BerthNetwork;
import dev.berth.WaitFor;
import dev.berth.WithContainer;
import dev.berth.WithNetwork;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

/** The examples of docs/with-network.md. */
class WithNetworkDocsTest {

    @Nested
    // tag::basic[]
    @WithNetwork(name = "backend")
    @WithContainer(name = "db", image = "busybox:1.35", networks = "backend",
            command = {"httpd", "-f", "-p", "5432", "-h", "/"}, waitFor = @WaitFor(port = 5432))
    @WithContainer(name = "app", image = "busybox:1.35", networks = "backend", command = {"sleep", "3600"})
    class Basic {
        @Test
        void appFindsDbByItsLogicalName(@Berth("app") BerthContainer app, BerthNetwork backend) {
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
    @WithNetwork(name = "private", internal = true)
    @WithContainer(name = "db", image = "busybox:1.35", networks = "private",
            command = {"httpd", "-f", "-p", "5432", "-h", "/"}, waitFor = @WaitFor(port = 5432))
    @WithContainer(name = "app", image = "busybox:1.35", networks = "private", command = {"sleep", "3600"})
    class Internal {
        @Test
        void neighboursButNoWayOut(@Berth("app") BerthContainer app, BerthNetwork net) {
            assertThat(net.isInternal()).isTrue();
            assertThat(app).canReach("db", 5432);
            assertThat(app.exec("ip", "route").stdout()).doesNotContain("default"); // no route outside
        }
    }
    // end::internal[]

    @Nested
    // tag::subnet[]
    @WithNetwork(name = "fixed", subnet = "10.213.77.0/24", gateway = "10.213.77.1")
    @WithContainer(name = "app", image = "busybox:1.35", networks = "fixed", command = {"sleep", "3600"})
    class FixedSubnet {
        @Test
        void addressesComeFromTheDeclaredSubnet(@Berth("app") BerthContainer app, BerthNetwork fixed) {
            assertThat(fixed.subnet()).isEqualTo("10.213.77.0/24");
            assertThat(app.ipAddress("fixed")).startsWith("10.213.77.");
            assertThat(app.exec("ip", "route").stdout()).contains("default via 10.213.77.1");
        }
    }
    // end::subnet[]

    @Nested
    // tag::two-networks[]
    @WithNetwork(name = "frontend")
    @WithNetwork(name = "backend")
    @WithContainer(name = "db", image = "busybox:1.35", networks = "backend",
            command = {"httpd", "-f", "-p", "5432", "-h", "/"}, waitFor = @WaitFor(port = 5432))
    @WithContainer(name = "api", image = "busybox:1.35", networks = {"frontend", "backend"},
            command = {"httpd", "-f", "-p", "8080", "-h", "/"}, waitFor = @WaitFor(port = 8080))
    @WithContainer(name = "web", image = "busybox:1.35", networks = "frontend", command = {"sleep", "3600"})
    class TwoNetworks {
        @Test
        void onlyTheApiSpansBoth(@Berth("web") BerthContainer web, @Berth("api") BerthContainer api,
                                 @Berth("backend") BerthNetwork backend) {
            assertThat(api.networks()).containsExactly("frontend", "backend");
            assertThat(web).canReach("api", 8080).cannotResolve("db");
            assertThat(api).canReach("db", 5432);
            assertThat(api.ipAddress("backend")).isNotEqualTo(api.ipAddress("frontend"));
        }
    }
    // end::two-networks[]

    @Fixture
    // tag::undeclared-fixture[]
    @WithNetwork(name = "backend")
    @WithContainer(name = "web", image = "busybox:1.35", networks = "frontend", command = {"sleep", "3600"})
    static class UndeclaredNetwork {
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
                "@WithContainer(name = \"web\") on class " + UndeclaredNetwork.class.getName() + ": it joins network"
                + " \"frontend\", which is not declared (declared: [backend]). Fix: add @WithNetwork(name = \"frontend\")"
                + " to the class or method, or fix the name.");
        // end::undeclared-message[]
    }
}
