package dev.berth.examples.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.Berth;
import dev.berth.BerthContainer;
import dev.berth.BerthEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The other class sharing {@link SharedBackendBuilder} (docs/scopes-and-injection.md). */
// tag::second[]
class SharedSecondBuilderDocsTest {
    @RegisterExtension
    static BerthEnvironment shared = SharedBackendBuilder.ENV;

    @Test
    void sameDbAsTheFirstClass(@Berth("db") BerthContainer db) {     // injected like the annotations' handles
        assertThat(db.id()).isEqualTo(shared.container("db").id());
    }
}
// end::second[]
