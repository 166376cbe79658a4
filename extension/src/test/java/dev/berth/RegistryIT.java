package dev.berth;

import static dev.berth.assertions.BerthAssertions.assertThatImage;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.internal.Docker;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** {@link WithRegistry}: the tag / push / remove / pull round trip, offline, open and with credentials. */
@HostExclusive("image-tags-berth-test-share") // a fixed host-wide resource: two suites at once must not overlap here
class RegistryIT {

    @Nested
    @DisplayName("an open registry")
    @WithRegistry
    @BuildImage(context = "src/test/resources/images/multi", name = "berth-test/share:1", target = "runtime")
    class Open {
        @Test
        @DisplayName("tag and push, remove the local copy, pull it back: same image, same files")
        void roundTrip(BerthRegistry registry, BerthImage image) {
            String pushed = registry.push(image.name(), "team/share:1.0");
            assertThat(pushed).isEqualTo(registry.address() + "/team/share:1.0");
            assertThat(registry.tags("team/share")).containsExactly("1.0");
            String id = Docker.get().client().inspectImageCmd(pushed).exec().getId();
            registry.removeLocal(pushed);
            assertThatThrownBy(() -> Docker.get().client().inspectImageCmd(pushed).exec())
                    .isInstanceOf(com.github.dockerjava.api.exception.NotFoundException.class);
            registry.pull("team/share:1.0");
            assertThat(Docker.get().client().inspectImageCmd(pushed).exec().getId()).isEqualTo(id);
            assertThatImage(pushed).file("/app/run").contains("app says hi");
            registry.removeLocal(pushed);
        }

        @Test
        @DisplayName("pulling a tag that was never pushed fails with the registry's answer")
        void missingTag(BerthRegistry registry) {
            assertThat(registry.tags("team/nothing")).isEmpty();
            assertThatThrownBy(() -> registry.pull("team/nothing:9")).isInstanceOf(BerthException.class)
                    .hasMessageContaining("Pulling " + registry.address() + "/team/nothing:9 from registry registry failed");
        }
    }

    @Nested
    @DisplayName("a registry with credentials")
    @WithRegistry(name = "private-registry", username = "ci", password = "pa55-w0rd-secret")
    @BuildImage(context = "src/test/resources/images/multi", name = "berth-test/share:2", target = "runtime")
    class WithCredentials {
        @Test
        @DisplayName("push and pull with credentials; the password never shows in what Berth prints")
        void authenticated(BerthRegistry registry, BerthImage image) {
            String pushed = registry.push(image.name(), "team/private:1");
            assertThat(registry.tags("team/private")).containsExactly("1");
            registry.removeLocal(pushed);
            registry.pull("team/private:1");
            assertThat(registry.container().logs()).doesNotContain("pa55-w0rd-secret");
            registry.removeLocal(pushed);
        }
    }
}
