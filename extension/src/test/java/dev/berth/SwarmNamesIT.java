package dev.berth;

import static dev.berth.assertions.BerthAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.RepeatedTest;

/**
 * Names across the nodes of a swarm, for containers that come and go on an overlay network that
 * stays: each test's containers resolve each other by name from the first check, with no patience.
 * Without the network's holders a node leaves the network with its last container, the other node
 * can miss its return, and the names of its next container are refused for up to ~30 s; without the
 * wait for the names to spread, a first check can come before the engines' gossip.
 */
// tag::names[]
@WithSwarm(nodes = 2)
@WithNetwork(name = "mesh", driver = "overlay")
class SwarmNamesIT {

    @RepeatedTest(6)
    @DisplayName("each test's containers on two nodes resolve each other by name at once")
    @WithContainer(name = "a", image = "busybox:1.35", node = "node-1", networks = "mesh", command = {"sleep", "3600"})
    @WithContainer(name = "b", image = "busybox:1.35", node = "node-2", networks = "mesh", command = {"sleep", "3600"})
    void resolveEachOther(@Berth("a") BerthContainer a, @Berth("b") BerthContainer b, BerthNetwork mesh, RepetitionInfo round) {
        assertThat(a).canResolve("b").resolvesTo("b", b);
        assertThat(b).canResolve("a").resolvesTo("a", a);
        SwarmNodes.assertOneRunningHolderPerNode(SwarmNamesIT.class, mesh, round.getCurrentRepetition());
    }
}
// end::names[]
