package dev.berth.examples.docs;

import static dev.berth.assertions.BerthAssertions.assertThat;
import static dev.berth.assertions.BerthAssertions.assertThatImage;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.BerthEnvironment;
import dev.berth.BerthException;
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

    @Nested
    // tag::round-trip[]
    class RoundTrip {
        @RegisterExtension
        static BerthEnvironment env = BerthEnvironment.builder()
                .registry()
                .image("docs/share-built:1", i -> i.context("src/test/resources/docs/images/app").target("runtime").keep(false))
                .build();

        @Test
        void pushRemovePull() {
            BerthRegistry registry = env.registry("registry");
            String pushed = registry.push(env.image("docs/share-built:1").name(), "team/app:1.0"); // docker tag + docker push
            assertThat(pushed).isEqualTo(registry.address() + "/team/app:1.0"); // 127.0.0.1:<port>/team/app:1.0
            assertThat(registry.tags("team/app")).containsExactly("1.0");
            registry.removeLocal(pushed);                                      // docker rmi
            assertThat(DockerCli.exists(pushed)).isFalse();
            assertThat(registry.pull("team/app:1.0")).isEqualTo(pushed);      // docker pull
            assertThatImage(pushed).runsAsUser("app").file("/app/run").contains("hello from the app");
            registry.removeLocal(pushed);                                      // Berth does not untag what was pushed
            assertThatThrownBy(() -> registry.pull("team/app:2.0")).isInstanceOf(BerthException.class)
                    .hasMessageStartingWith("Pulling " + registry.address() + "/team/app:2.0 from registry registry failed: ");
        }
    }
    // end::round-trip[]
}
