package dev.berth.examples.docs;

import static dev.berth.assertions.BerthAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.BerthContainer;
import dev.berth.BerthEnvironment;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The programmatic twin of the scopes example of docs/scopes-and-injection.md. */
// tag::scopes[]
class ScopesBuilderDocsTest {

    @RegisterExtension
    static BerthEnvironment classEnv = BerthEnvironment.builder()   // static field: for the whole class
            .network("net")
            .container("db", c -> c.image("busybox:1.35").networks("net")
                    .command("httpd", "-f", "-p", "5432", "-h", "/").waitFor(w -> w.port(5432)))
            .build();

    @RegisterExtension
    BerthEnvironment testEnv = BerthEnvironment.builder()           // instance field: for each test
            .container("client", c -> c.image("busybox:1.35").networks("net").command("sleep", "3600"))
            .build();

    @Test
    void methodLevelContainer() {                                   // "client" is started for this test only
        BerthContainer client = testEnv.container("client");
        assertThat(client).canReach(classEnv.container("db"), 5432);
        assertThat(client.networks()).containsExactly(classEnv.network("net").name());
    }

    @Test
    void theTestEnvironmentSeesTheClassEnvironment() {
        assertThat(testEnv.container("db").id()).isEqualTo(classEnv.container("db").id());
    }

    @Nested
    class WithAWorker {                                             // sees the enclosing class's network and containers
        @RegisterExtension
        static BerthEnvironment workerEnv = BerthEnvironment.builder()
                .container("worker", c -> c.image("busybox:1.35").networks("net").command("sleep", "3600"))
                .build();

        @Test
        void workerReachesDb() {
            assertThat(workerEnv.container("worker")).canReach(classEnv.container("db"), 5432);
        }
    }
}
// end::scopes[]
