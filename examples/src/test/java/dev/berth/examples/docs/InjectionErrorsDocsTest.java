package dev.berth.examples.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.BerthContainer;
import dev.berth.WithContainer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ParameterResolutionException;

/** Injection errors, run as fixtures by {@link InjectionErrorsDocsTest}. */
class InjectionErrorsDocsTest {

    @Fixture
    // tag::ambiguous-fixture[]
    @WithContainer(name = "a", image = "busybox:1.35", command = {"sleep", "3600"})
    @WithContainer(name = "b", image = "busybox:1.35", command = {"sleep", "3600"})
    static class Ambiguous {
        @Test
        void which(BerthContainer container) {
        }
    }
    // end::ambiguous-fixture[]

    @Test
    void twoContainersNeedAName() {
        FixtureRunner.Outcome run = FixtureRunner.run(Ambiguous.class);
        // tag::ambiguous-message[]
        assertThat(run.onlyTestFailure()).isInstanceOf(ParameterResolutionException.class).hasMessageEndingWith(
                ": 2 containers are declared [a, b]. Fix: say which with @Berth(\"a\").");
        // end::ambiguous-message[]
    }
}
