package dev.berth.examples.docs;

import static dev.berth.assertions.BerthAssertions.assertThat;

import dev.berth.Berth;
import dev.berth.BerthContainer;
import dev.berth.SharedEnvironment;
import dev.berth.WithContainer;
import org.junit.jupiter.api.Test;

/** One of two classes sharing {@link SharedBackend} (docs/scopes-and-injection.md). */
// tag::first[]
@SharedEnvironment(SharedBackend.class)
@WithContainer(name = "client", image = "busybox:1.35", networks = "shared-net", command = {"sleep", "3600"})
class SharedFirstDocsTest {
    @Test
    void clientOfThisClassReachesTheSharedDb(@Berth("client") BerthContainer client, @Berth("db") BerthContainer db) {
        assertThat(client).canReach(db, 5432);
        SharedBackend.assertSameContainerAsOtherClasses(db.id());
    }
}
// end::first[]
