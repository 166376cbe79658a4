package dev.berth.examples.docs;

import static dev.berth.assertions.BerthAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.BerthContainer;
import dev.berth.BerthEnvironment;
import dev.berth.BerthStack;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The programmatic twins of the examples of docs/compose-stack.md. */
class ComposeStackBuilderDocsTest {

    @Nested
    // tag::stack[]
    class Shop {
        @RegisterExtension
        static BerthEnvironment env = BerthEnvironment.builder()
                .composeStack("shop", s -> s.files("src/test/resources/docs/compose/shop.yml").env("DB_PASSWORD", "s3cret-pw"))
                .build();

        @Test
        void servicesAreContainerHandles() {
            BerthStack shop = env.stack("shop");
            assertThat(shop.dockerName()).startsWith("berth-shop-");           // unique per scope
            assertThat(shop.services()).containsExactly("db", "web");
            BerthContainer web = shop.container("web");
            assertThat(web).isHealthy().canReach("db", 5432)                     // up --wait waited for health
                    .servesHttp(80, "/").hasStatus(200).bodyContains("shop-home");
            assertThat(shop.hostPort("web", 80)).isEqualTo(web.hostPort(80));   // compose's own published port
            assertThat(shop.exec("db", "sh", "-c", "echo hi > /data/x").exitCode()).isZero();
            assertThat(shop.volume("data")).file("/x").hasContent("hi\n");     // keys of the compose file
            assertThat(shop.network("back").dockerName()).isEqualTo(shop.dockerName() + "_back");
            assertThat(shop.logs("db")).contains("db ready");
        }
    }
    // end::stack[]

    @Nested
    // tag::parallel[]
    class TwoCopies {
        @RegisterExtension
        static BerthEnvironment env = BerthEnvironment.builder()
                .composeStack("blue", s -> s.files("src/test/resources/docs/compose/shop.yml").env("DB_PASSWORD", "blue-pw"))
                .composeStack("green", s -> s.files("src/test/resources/docs/compose/shop.yml").env("DB_PASSWORD", "green-pw"))
                .build();

        @Test
        void sameFileTwoProjects() {
            BerthStack blue = env.stack("blue");
            BerthStack green = env.stack("green");
            assertThat(blue.dockerName()).startsWith("berth-blue-").isNotEqualTo(green.dockerName());
            assertThat(blue.container("web")).resolvesTo("db", blue.container("db"));  // each stack its own "db"
            assertThat(blue.network("back").dockerName()).isNotEqualTo(green.network("back").dockerName());
            assertThat(blue.exec("web", "sh", "-c", "echo $DB_PASSWORD").stdout()).isEqualTo("blue-pw\n");
        }
    }
    // end::parallel[]

    @Nested
    // tag::sharing[]
    class Sharing {
        @RegisterExtension
        static BerthEnvironment env = BerthEnvironment.builder()
                .network("shared")                                                 // passed as BERTH_NETWORK_SHARED
                .composeStack("api", s -> s.files("src/test/resources/docs/compose/api.yml"))
                .container("client", c -> c.image("busybox:1.35").networks("shared").command("sleep", "3600"))
                .container("sidecar", c -> c.image("busybox:1.35").networks("api/default").command("sleep", "3600"))
                .build();

        @Test
        void bothWays() {
            BerthStack api = env.stack("api");
            assertThat(env.container("client")).canReach("api", 8080).cannotResolve("worker"); // into the stack, on "shared"
            assertThat(env.container("sidecar")).canResolve("worker").canReach("api", 8080);   // on the stack's own network
            assertThat(api.network("shared").dockerName()).isEqualTo(env.network("shared").dockerName());
            assertThat(api.container("api")).canResolve("client");
        }
    }
    // end::sharing[]
}
