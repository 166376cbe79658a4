package dev.berth.examples.docs;

import static dev.berth.assertions.BerthAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.BerthEnvironment;
import dev.berth.BerthImage;
import java.time.Duration;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The programmatic twin of the build example of docs/images.md (other tags than the annotation example's: both run at once). */
class ImagesBuilderDocsTest {

    @Nested
    // tag::build[]
    class Built {
        @RegisterExtension
        static BerthEnvironment env = BerthEnvironment.builder()
                .image("docs/app-built:fat", i -> i.context("src/test/resources/docs/images/app").target("build").keep(false))
                .image("docs/app-built:slim", i -> i.context("src/test/resources/docs/images/app").target("runtime")
                        .label("org.opencontainers.image.title", "docs app").keep(false))
                .container("app", c -> c.image("docs/app-built:slim"))        // containers may run what was built
                .build();

        @Test
        void factsOfTheBuiltImage() {
            BerthImage slim = env.image("docs/app-built:slim");
            assertThat(slim.wasBuilt()).isTrue();                      // false when the cache matched
            assertThat(slim.user()).isEqualTo("app");
            assertThat(slim.entrypoint()).containsExactly("/app/run");
            assertThat(slim.exposedPorts()).containsExactly("8080/tcp");
            assertThat(slim.history()).anyMatch(h -> h.startsWith("COPY /out/run /app/run"));
            assertThat(env.container("app")).within(Duration.ofSeconds(10)).hasExitedWithCode(0).logContains("hello from the app");
        }
    }
    // end::build[]
}
