package dev.berth;

import static dev.berth.assertions.BerthAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.berth.LeakCheck.FixtureRun;
import dev.berth.internal.RunIdentity;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The builder's swarm on the engine: {@link SwarmBuilders.AcrossNodes}, the twin of SwarmIT's
 * declarations, forms its own two-node swarm, places its containers and networks on the nodes,
 * passes SwarmIT's check across the overlay, and leaves nothing behind, nodes included. A builder
 * without a swarm in a {@code @Nested} class runs its container on the enclosing builder's swarm.
 */
class SwarmBuilderIT {

    // tag::across[]
    static class AcrossNodesTestCases {
        @RegisterExtension
        static BerthEnvironment env = SwarmBuilders.AcrossNodes.env;

        @Test
        void acrossTheOverlay() {
            BerthContainer client = env.container("client");
            BerthContainer web = env.container("web");
            assertThat(client.node()).isEqualTo("node-2");
            assertThat(web.node()).isEqualTo("node-1");
            assertThat(client).canResolve("web").resolvesTo("web", web).canReach(web, 80);
            assertThat(client).fetches("http://web/index.html").hasStatus(200).bodyContains("hello-from-node-1");
            assertThat(client.readFile("/reports/r.txt")).contains("written-on-node-2\n");
            assertThat(env.container("outsider")).cannotResolve("web");
            // end::across[]
            assertThat(SwarmNodes.helpers()).as("this environment's nodes")
                    .filteredOn(c -> c.getLabels().get(RunIdentity.SCOPE).startsWith("@WithSwarm on BerthEnvironment in field"))
                    .hasSize(2);
            // tag::across[]
        }
        // end::across[]

        /** A builder without a swarm of its own places its containers on the enclosing scope's. */
        @Nested
        class InsideTheSwarmScope {
            @RegisterExtension
            BerthEnvironment inner = BerthEnvironment.builder()
                    .container("extra", c -> c.image("busybox:1.35").node("node-2").networks("mesh").command("sleep", "3600"))
                    .build();

            @Test
            void onTheEnclosingSwarm() {
                BerthContainer extra = inner.container("extra");
                assertThat(extra.node()).isEqualTo("node-2");
                assertThat(extra).canResolve("web").canReach(env.container("web"), 80);
                ExtensionConfigurationException refused = catchThrowableOfType(ExtensionConfigurationException.class,
                        () -> inner.start("late", c -> c.image("busybox:1.35").node("node-1").command("sleep", "3600")));
                assertThat(refused).hasMessageContaining("@WithContainer(name = \"late\") on BerthEnvironment in field"
                        + " InsideTheSwarmScope.inner: it runs on node \"node-1\", and a container started during a test runs on the"
                        + " default engine. Fix: ");
            }
        }
    // tag::across[]
    }
    // end::across[]

    @Test
    @DisplayName("a builder's swarm(2) forms two nodes, runs each container on its node, and is removed with the class, nothing left")
    void builderSwarmOnTheEngine() {
        FixtureRun run = LeakCheck.execute(AcrossNodesTestCases.class).assertNothingLeftBehind().assertNothingFailed();
        run.assertTestsPassed(2);
        run.results().containerEvents().assertStatistics(s -> s.failed(0));
        assertThat(run.createdContainers()).as("created on the local engine: the two nodes").isNotEmpty();
        assertThat(SwarmNodes.helpers()).as("node containers left")
                .noneMatch(c -> c.getLabels().get(RunIdentity.SCOPE).contains("AcrossNodesTestCases.env"));
    }

    /** {@link SwarmBuilders.Names}: the class's swarm and network in a static field, each test's two containers in an instance field. */
    static class NamesTestCases {
        @RegisterExtension
        static BerthEnvironment swarm = SwarmBuilders.Names.swarm;

        @RegisterExtension
        BerthEnvironment pair = new SwarmBuilders.Names().pair;

        @RepeatedTest(3)
        void resolveEachOther() {
            BerthContainer a = pair.container("a");
            BerthContainer b = pair.container("b");
            assertThat(a).canResolve("b").resolvesTo("b", b);
            assertThat(b).canResolve("a").resolvesTo("a", a);
        }
    }

    @Test
    @DisplayName("the builder twin of SwarmNamesIT: each test's containers on two nodes resolve each other at once, nothing left")
    void builderNamesOnTheEngine() {
        LeakCheck.execute(NamesTestCases.class).assertNothingLeftBehind().assertNothingFailed().assertTestsPassed(3);
    }
}
