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

/** The examples of docs/scopes-and-injection.md. */
// tag::scopes[]
@WithNetwork(name = "net")
@WithContainer(name = "db", image = "busybox:1.35", networks = "net",
        command = {"httpd", "-f", "-p", "5432", "-h", "/"}, waitFor = @WaitFor(port = 5432))
class ScopesDocsTest {

    @Berth("db") static BerthContainer db;   // class-level resources: static or instance fields
    @Berth("net") BerthNetwork net;           // (fields need @Berth; it may name the resource)

    @Test
    @WithContainer(name = "client", image = "busybox:1.35", networks = "net", command = {"sleep", "3600"})
    void methodLevelContainer(@Berth("client") BerthContainer client) { // started for this test only
        assertThat(client).canReach(db, 5432);
        assertThat(client.networks()).containsExactly(net.name());
    }

    @Test
    void typeAloneIsEnoughWhenUnambiguous(BerthContainer onlyOne) {  // "client" is gone: db is the only one
        assertThat(onlyOne.name()).isEqualTo("db");
    }

    @Nested
    @WithContainer(name = "worker", image = "busybox:1.35", networks = "net", command = {"sleep", "3600"})
    class WithAWorker {                        // sees the enclosing class's network and containers
        @Test
        void workerReachesDb(@Berth("worker") BerthContainer worker) {
            assertThat(worker).canReach(db, 5432);
        }
    }
}
// end::scopes[]
