package dev.berth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.LeakCheck.FixtureRun;
import dev.berth.internal.swarm.Cluster;
import dev.berth.internal.swarm.Leftovers;
import dev.berth.internal.swarm.Node;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

/**
 * The same {@code @WithSwarm} class on engines named in configuration
 * ({@code berth.engines.node-K.host}) instead of a local cluster. The "real hosts" here are the two
 * engines of a swarm this class forms itself (engines in containers, as remote for the JVM as any
 * host); the fixture finds them only through the configuration, uses them, and leaves them running.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SwarmRealHostsIT {

    private Cluster hosts;

    @BeforeAll
    void formTheHosts() {
        hosts = Cluster.form("SwarmRealHostsIT", 2, key -> Optional.empty());
    }

    @AfterAll
    void removeTheHosts() {
        hosts.close();
    }

    private Map<String, String> configured() {
        Map<String, String> config = new LinkedHashMap<>();
        for (Node n : hosts.nodes()) {
            config.put("berth.engines." + n.name() + ".host", n.docker().address().toString());
        }
        return config;
    }

    @WithSwarm(nodes = 2)
    @WithNetwork(name = "mesh", driver = "overlay")
    @WithContainer(name = "web", image = "busybox:1.35", node = "node-1", networks = "mesh",
            command = {"sh", "-c", "mkdir -p /www && echo on-a-real-host > /www/index.html && exec httpd -f -p 80 -h /www"},
            waitFor = @WaitFor(port = 80))
    @WithContainer(name = "client", image = "busybox:1.35", node = "node-2", networks = "mesh", command = {"sleep", "3600"})
    static class OnConfiguredEnginesTestCases {
        @Test
        void acrossTheHosts(@Berth("client") BerthContainer client, @Berth("web") BerthContainer web) {
            assertThat(web.host()).isNotEqualTo("127.0.0.1");
            dev.berth.assertions.BerthAssertions.assertThat(client).canResolve("web")
                    .fetches("http://web/index.html").hasStatus(200).bodyContains("on-a-real-host");
        }
    }

    @Test
    @DisplayName("berth.swarm.copy-images=false: images missing on the nodes are reported together before anything is created")
    void missingImagesReported() {
        for (Node n : hosts.nodes()) { // whatever ran before: the nodes hold no busybox now
            try {
                n.docker().client().removeImageCmd("busybox:1.35").withForce(true).exec();
            } catch (com.github.dockerjava.api.exception.NotFoundException absent) {
                // as wanted
            }
        }
        Map<String, String> config = configured();
        config.put("berth.swarm.copy-images", "false");
        FixtureRun run = LeakCheck.execute(OnConfiguredEnginesTestCases.class, config).assertNothingLeftBehind();
        assertThat(run.classFailure()).isInstanceOf(BerthException.class)
                .hasMessageContaining("nothing was created")
                .hasMessageContaining("image busybox:1.35 is missing on node node-1 (berth.swarm.copy-images = false")
                .hasMessageContaining("image busybox:1.35 is missing on node node-2");
        hosts.nodes().forEach(n -> assertThat(Leftovers.on(n)).as("labelled objects on %s", n.name()).isEmpty());
    }

    @Test
    @DisplayName("with berth.engines.node-1.host and node-2.host set, the class runs on those engines, copies its image in, and leaves them clean and running")
    void runsOnTheConfiguredEngines() {
        FixtureRun run = LeakCheck.execute(OnConfiguredEnginesTestCases.class, configured()).assertNothingLeftBehind();
        run.assertTestsPassed(1);
        run.results().containerEvents().assertStatistics(s -> s.failed(0));
        assertThat(run.createdContainers()).as("nothing created on the local engine (no node was formed)").isEmpty();
        for (Node n : hosts.nodes()) {
            assertThat(n.answers()).as("%s still runs", n.name()).isTrue();
            assertThat(Leftovers.on(n)).as("labelled objects on %s", n.name()).isEmpty();
            assertThat(n.docker().client().inspectImageCmd("busybox:1.35").exec().getId()).isNotBlank();
        }
    }

    @WithSwarm(nodes = 2)
    static class PartlyConfiguredTestCases {
        @Test
        void never() {
        }
    }

    @Test
    @DisplayName("engines configured for some nodes but not all are refused, naming the missing ones")
    void partlyConfigured() {
        FixtureRun run = LeakCheck.execute(PartlyConfiguredTestCases.class,
                Map.of("berth.engines.node-1.host", hosts.nodes().get(0).docker().address().toString()));
        assertThat(run.classFailure()).isInstanceOf(ExtensionConfigurationException.class)
                .hasMessageContaining("engines are configured for [node-1] but not for [node-2]")
                .hasMessageContaining("Fix: set berth.engines.node-2.host=tcp://HOST:2375");
        assertThat(run.createdCount()).isZero();
    }
}
