package dev.berth.examples.docs;

import static dev.berth.assertions.BerthAssertions.assertThat;

import dev.berth.BerthEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** One of two classes sharing {@link SharedBackendBuilder} (docs/scopes-and-injection.md). */
// tag::first[]
class SharedFirstBuilderDocsTest {
    @RegisterExtension
    static BerthEnvironment shared = SharedBackendBuilder.ENV;      // the same object in every class that shares it

    @RegisterExtension
    static BerthEnvironment env = BerthEnvironment.builder()        // this class's own, on the shared network
            .container("client", c -> c.image("busybox:1.35").networks("shared-net").command("sleep", "3600"))
            .build();

    @Test
    void clientOfThisClassReachesTheSharedDb() {
        assertThat(env.container("client")).canReach(shared.container("db"), 5432);
    }
}
// end::first[]
