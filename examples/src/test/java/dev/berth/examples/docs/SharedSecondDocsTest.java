package dev.berth.examples.docs;

import dev.berth.Berth;
import dev.berth.BerthContainer;
import dev.berth.SharedEnvironment;
import org.junit.jupiter.api.Test;

/** The other class sharing {@link SharedBackend} (docs/scopes-and-injection.md). */
// tag::second[]
@SharedEnvironment(SharedBackend.class)
class SharedSecondDocsTest {
    @Test
    void sameDbAsTheFirstClass(@Berth("db") BerthContainer db) {
        SharedBackend.assertSameContainerAsOtherClasses(db.id()); // one container for the whole run
    }
}
// end::second[]
