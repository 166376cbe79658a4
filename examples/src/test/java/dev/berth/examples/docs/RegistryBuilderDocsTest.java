package dev.berth.examples.docs;

import static dev.berth.assertions.BerthAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.BerthEnvironment;
import dev.berth.BerthRegistry;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The programmatic twin of the credentials example of docs/images.md, with a generated password. */
class RegistryBuilderDocsTest {

    @Nested
    // tag::credentials[]
    class WithCredentials {
        @RegisterExtension
        static BerthEnvironment env = BerthEnvironment.builder()
                .registry("private", r -> r.username("ci").password("${random.registry}"))  // generated, masked
                .image("docs/share-built:2", i -> i.context("src/test/resources/docs/images/app").target("runtime").keep(false))
                .build();

        @Test
        void basicAuth() {
            BerthRegistry registry = env.registry("private");
            assertThat(registry.container()).servesHttp(5000, "/v2/").hasStatus(401);  // anonymous: refused
            String pushed = registry.push("docs/share-built:2", "team/private:1");     // with ci's credentials
            assertThat(registry.tags("team/private")).containsExactly("1");
            registry.removeLocal(pushed);
            registry.pull("team/private:1");
            registry.removeLocal(pushed);
            assertThat(registry.container().logs()).doesNotContain(env.generated("registry"));
        }
    }
    // end::credentials[]
}
