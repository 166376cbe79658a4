package dev.berth;

import static dev.berth.assertions.BerthAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.internal.Docker;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** {@link ComposeStack} on the real Compose v2 and engine: handles, assertions, sharing and scaling. */
@HostExclusive("image-tag-berth-test-compose-built") // a fixed host-wide resource: two suites at once must not overlap here
class ComposeStackIT {

    @Nested
    @DisplayName("a two-service stack")
    @ComposeStack(name = "shop", files = "src/test/resources/compose/shop.yml", env = "SHOP_DB_PASSWORD=s3cret-shop-pw")
    class Shop {

        @Test
        @DisplayName("is up and healthy, with compose's own published port, no ambassador, Berth's labels")
        void upWithOwnPorts(BerthStack shop) {
            assertThat(shop.services()).containsExactly("db", "web");
            assertThat(shop.container("web")).isHealthy().isReachableFromHost(80)
                    .servesHttp(80, "/").hasStatus(200).bodyContains("shop-home");
            var inspected = Docker.get().client().inspectContainerCmd(shop.container("web").id()).exec();
            assertThat(inspected.getConfig().getLabels())
                    .containsEntry("dev.berth.managed", "true")
                    .containsEntry("com.docker.compose.project", shop.dockerName());
            assertThat(shop.dockerName()).startsWith("berth-shop-");
            // no helper containers beside the stack's own two services
            var all = Docker.get().client().listContainersCmd().withShowAll(true)
                    .withLabelFilter(Map.of("com.docker.compose.project", shop.dockerName())).exec();
            assertThat(all).hasSize(2);
            assertThat(shop.hostPort("web", 80)).isEqualTo(shop.container("web").hostPort(80));
        }

        @Test
        @DisplayName("services are container handles: DNS, ports, isolation, exec, logs, files")
        void servicesAreContainers(BerthStack shop) {
            BerthContainer web = shop.container("web");
            BerthContainer db = shop.container("db");
            assertThat(web).canResolve("db").canReach(db, 5432).sharesNetworkWith(db);
            assertThat(db).cannotResolve("web-nonexistent");
            assertThat(web.networks()).containsExactlyInAnyOrder("front", "back");
            assertThat(db.networks()).containsExactly("back");
            assertThat(shop.exec("db", "sh", "-c", "echo hi > /data/x; cat /data/x").stdout()).isEqualTo("hi\n");
            assertThat(shop.volume("data")).file("/x").hasContent("hi\n");
            assertThat(shop.logs("db")).contains("db ready");
            assertThat(shop.network("front").dockerName()).isEqualTo(shop.dockerName() + "_front");
            assertThat(web.exec("sh", "-c", "echo $SHOP_DB_PASSWORD").stdout()).isEqualTo("s3cret-shop-pw\n");
        }

        @Test
        @DisplayName("an unknown service, network or volume is refused with the list of known ones")
        void unknownNames(BerthStack shop) {
            assertThatThrownBy(() -> shop.container("cache")).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("Stack shop has no service \"cache\" with containers; its services are [db, web]");
            assertThatThrownBy(() -> shop.network("nope")).hasMessageContaining("its networks are [");
            assertThatThrownBy(() -> shop.volume("nope")).hasMessageContaining("its volumes are [data]");
        }
    }

    @Nested
    @DisplayName("profiles, a subset of services and scaling")
    @ComposeStack(name = "jobs", files = "src/test/resources/compose/shop.yml", profiles = "jobs",
            services = {"db", "worker"}, scale = "worker=2")
    class ProfilesAndScale {
        @Test
        void scaled(BerthStack jobs) {
            assertThat(jobs.services()).containsExactly("db", "worker");
            assertThat(jobs.containers("worker")).hasSize(2);
            assertThat(jobs.containers("worker").get(0).id()).isNotEqualTo(jobs.containers("worker").get(1).id());
            assertThat(jobs.container("worker")).canResolve("db");
        }
    }

    @Nested
    @DisplayName("beside other resources")
    @WithNetwork(name = "shared")
    @ComposeStack(name = "api", files = "src/test/resources/compose/external-net.yml")
    @WithContainer(name = "client", image = "busybox:1.35", networks = "shared", command = {"sleep", "3600"})
    @WithContainer(name = "sidecar", image = "busybox:1.35", networks = "api/default", command = {"sleep", "3600"})
    class Beside {
        @Test
        @DisplayName("a @WithNetwork network is shared with the stack, and a @WithContainer joins the stack's network")
        void wiring(BerthStack api, @Berth("client") BerthContainer client, @Berth("sidecar") BerthContainer sidecar,
                    @Berth("shared") BerthNetwork shared) {
            assertThat(client).canResolve("api").canReach("api", 8080);
            assertThat(api.container("api").networks()).containsExactly("shared");
            assertThat(api.network("shared").dockerName()).isEqualTo(shared.dockerName());
            assertThat(sidecar).canResolve("worker").cannotResolve("api"); // api lives on "shared" only, not on the stack's default network
            assertThat(api.container("api")).canResolve("client");
        }
    }

    @Nested
    @DisplayName("build before up, env files, and a method-level stack")
    @org.junit.jupiter.api.TestInstance(org.junit.jupiter.api.TestInstance.Lifecycle.PER_CLASS)
    class BuildAndScopes {
        private final java.util.Set<String> seen = java.util.concurrent.ConcurrentHashMap.newKeySet();

        @Test
        @ComposeStack(name = "site", files = "src/test/resources/compose/build.yml",
                envFiles = "src/test/resources/compose/site.env", build = true, pull = "never")
        @DisplayName("build = true builds the service's image; the env file feeds interpolation and the service")
        void built(BerthStack site) {
            assertThat(site.container("site")).fetches("http://127.0.0.1/").hasStatus(200).bodyContains("built-by-compose");
            assertThat(site.container("site").image()).isEqualTo("berth-test/compose-built:1");
            assertThat(site.exec("site", "sh", "-c", "echo $GREETING").stdout()).isEqualTo("hello-from-env-file\n");
            seen.add(site.dockerName());
        }

        @Test
        @ComposeStack(name = "site", files = "src/test/resources/compose/build.yml",
                envFiles = "src/test/resources/compose/site.env", build = true, pull = "never")
        @DisplayName("a method-level stack is a fresh project for each test")
        void freshPerMethod(BerthStack site) {
            seen.add(site.dockerName());
            assertThat(site.services()).containsExactly("site");
        }

        @org.junit.jupiter.api.AfterAll
        void distinctProjects() {
            assertThat(seen).hasSize(2);
            for (String project : seen) {
                assertThat(Docker.get().client().listContainersCmd().withShowAll(true)
                        .withLabelFilter(Map.of("com.docker.compose.project", project)).exec()).as(project).isEmpty();
            }
        }
    }
}
