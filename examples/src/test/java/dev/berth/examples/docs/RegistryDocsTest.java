package dev.berth.examples.docs;

import static dev.berth.assertions.BerthAssertions.assertThat;
import static dev.berth.assertions.BerthAssertions.assertThatImage;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.BerthException;
import dev.berth.BerthImage;
import dev.berth.BerthRegistry;
import dev.berth.BuildImage;
import dev.berth.WithRegistry;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The registry examples of docs/images.md. */
class RegistryDocsTest {

    @Nested
    // tag::round-trip[]
    @WithRegistry
    @BuildImage(context = "src/test/resources/docs/images/app", name = "docs/share:1", target = "runtime", keep = false)
    class RoundTrip {
        @Test
        void pushRemovePull(BerthRegistry registry, BerthImage image) {
            String pushed = registry.push(image.name(), "team/app:1.0");       // docker tag + docker push
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

    @Nested
    // tag::credentials[]
    @WithRegistry(name = "private", username = "ci", password = "pa55-w0rd")
    @BuildImage(context = "src/test/resources/docs/images/app", name = "docs/share:2", target = "runtime", keep = false)
    class WithCredentials {
        @Test
        void basicAuth(BerthRegistry registry, BerthImage image) {
            assertThat(registry.container()).servesHttp(5000, "/v2/").hasStatus(401);  // anonymous: refused
            String pushed = registry.push(image.name(), "team/private:1");           // with ci's credentials
            assertThat(registry.tags("team/private")).containsExactly("1");
            registry.removeLocal(pushed);
            registry.pull("team/private:1");
            registry.removeLocal(pushed);
            assertThat(registry.container().logs()).doesNotContain("pa55-w0rd");
        }
    }
    // end::credentials[]
}
