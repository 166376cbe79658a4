package dev.berth;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.DockerClient;
import dev.berth.LeakCheck.FixtureRun;
import dev.berth.internal.RunIdentity;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

/**
 * Wrong swarm declarations and nodes that fail, each run as a fixture on the real engine: a typed
 * error that names the declaration and the fix (or the node and its address), and nothing left on
 * the local engine or on the nodes that are still up (the swarm checks its nodes for labelled
 * objects before removing them, and fails the class when it finds any).
 */
class SwarmBadInputIT {

    private static Throwable configurationFailure(Class<?> fixture) {
        FixtureRun run = LeakCheck.execute(fixture).assertNothingLeftBehind();
        run.results().testEvents().assertStatistics(s -> s.started(0));
        assertThat(run.createdCount()).as("objects created for a declaration refused before Docker: %s", run.created()).isZero();
        Throwable failure = run.classFailure();
        assertThat(failure).isInstanceOf(ExtensionConfigurationException.class).hasMessageContaining("Fix: ");
        return failure;
    }

    @WithSwarm(nodes = 2)
    @WithContainer(name = "app", image = "busybox:1.35", node = "node-9", command = {"sleep", "3600"})
    static class UnknownNodeTestCases {
        @Test
        void never() {
        }
    }

    @Test
    @DisplayName("an unknown node name is refused before the swarm is formed: no node, no container")
    void unknownNode() {
        assertThat(configurationFailure(UnknownNodeTestCases.class))
                .hasMessageContaining("@WithContainer(name = \"app\") on class " + UnknownNodeTestCases.class.getName())
                .hasMessageContaining("node \"node-9\", which the swarm does not have (its nodes: [node-1, node-2])")
                .hasMessageContaining("@WithSwarm(nodes = N)");
    }

    @WithNetwork(name = "mesh", driver = "overlay")
    @WithContainer(name = "app", image = "busybox:1.35", networks = "mesh", command = {"sleep", "3600"})
    static class OverlayWithoutSwarmTestCases {
        @Test
        void never() {
        }
    }

    @Test
    @DisplayName("an overlay network without a swarm is refused before anything is created, saying to declare @WithSwarm")
    void overlayWithoutSwarm() {
        assertThat(configurationFailure(OverlayWithoutSwarmTestCases.class))
                .hasMessageContaining("@WithNetwork(name = \"mesh\") on class " + OverlayWithoutSwarmTestCases.class.getName())
                .hasMessageContaining("no swarm is declared")
                .hasMessageContaining("declare @WithSwarm(nodes = N)");
    }

    @WithContainer(name = "app", image = "busybox:1.35", node = "node-2", command = {"sleep", "3600"})
    static class NodeWithoutSwarmTestCases {
        @Test
        void never() {
        }
    }

    @Test
    @DisplayName("a container placed on a node without a swarm is refused")
    void nodeWithoutSwarm() {
        assertThat(configurationFailure(NodeWithoutSwarmTestCases.class))
                .hasMessageContaining("@WithContainer(name = \"app\")")
                .hasMessageContaining("runs on node \"node-2\", but no swarm is declared");
    }

    @WithSwarm(nodes = 2)
    @WithNetwork(name = "local-only")
    @WithContainer(name = "a", image = "busybox:1.35", node = "node-1", networks = "local-only", command = {"sleep", "3600"})
    @WithContainer(name = "b", image = "busybox:1.35", node = "node-2", networks = "local-only", command = {"sleep", "3600"})
    static class BridgeAcrossNodesTestCases {
        @Test
        void never() {
        }
    }

    @Test
    @DisplayName("a bridge network joined from two nodes is refused (a bridge lives on one engine): the swarm is removed, nothing else was made")
    void bridgeAcrossNodes() {
        FixtureRun run = LeakCheck.execute(BridgeAcrossNodesTestCases.class).assertNothingLeftBehind();
        Throwable failure = run.classFailure();
        assertThat(failure).isInstanceOf(ExtensionConfigurationException.class)
                .hasMessageContaining("@WithNetwork(name = \"local-only\")")
                .hasMessageContaining("containers on node-1 and node-2 join it")
                .hasMessageContaining("Fix: use driver = \"overlay\"");
        assertThat(run.createdContainers()).as("only the two nodes were created on the local engine").hasSize(2);
        assertThat(SwarmNodes.helper(BridgeAcrossNodesTestCases.class, "node-1")).as("node-1 removed").isEmpty();
    }

    /** The swarm forms; node-2 is stopped before the test's own environment starts. */
    @WithSwarm(nodes = 2)
    static class NodeDownAtStartTestCases {
        @BeforeAll
        static void stopNodeTwo() {
            SwarmNodes.stop(NodeDownAtStartTestCases.class, "node-2");
        }

        @Test
        @WithNetwork(name = "mesh", driver = "overlay")
        @WithContainer(name = "a", image = "busybox:1.35", node = "node-1", networks = "mesh", command = {"sleep", "3600"})
        @WithContainer(name = "b", image = "busybox:1.35", node = "node-2", networks = "mesh", command = {"sleep", "3600"})
        void needsBothNodes() {
        }
    }

    @Test
    @DisplayName("a node that is down when the environment starts: a BerthException naming the node and its address, nothing created on node-1")
    void nodeDownAtStart() {
        FixtureRun run = LeakCheck.execute(NodeDownAtStartTestCases.class).assertNothingLeftBehind();
        Throwable failure = run.onlyTestFailure();
        assertThat(failure).isInstanceOf(BerthException.class)
                .hasMessageContaining("cannot start on the swarm of @WithSwarm on class " + NodeDownAtStartTestCases.class.getName())
                .hasMessageContaining("nothing was created")
                .hasMessageMatching("(?s).*node node-2 \\(tcp://[0-9.]+:2375\\) does not answer.*");
        // the swarm's own check found nothing labelled on node-1 before removing it: the class did not fail
        assertThat(run.results().containerEvents().failed().count()).as("class-level failures").isZero();
        assertThat(run.createdContainers()).as("only the two nodes were created on the local engine").hasSize(2);
    }

    /** Node-2 drops the swarm's gossip (port 7946, both ways) before the test's containers start: names cannot spread. */
    @WithSwarm(nodes = 2)
    @WithNetwork(name = "mesh", driver = "overlay")
    static class NoGossipTestCases {
        @BeforeAll
        static void cutNodeTwosGossip() {
            for (String chain : List.of("INPUT", "OUTPUT")) {
                for (String protocol : List.of("tcp", "udp")) {
                    SwarmNodes.exec(NoGossipTestCases.class, "node-2", "iptables", "-I", chain, "-p", protocol,
                            chain.equals("INPUT") ? "--dport" : "--sport", "7946", "-j", "DROP");
                    SwarmNodes.exec(NoGossipTestCases.class, "node-2", "iptables", "-I", chain, "-p", protocol,
                            chain.equals("INPUT") ? "--sport" : "--dport", "7946", "-j", "DROP");
                }
            }
        }

        @Test
        @WithContainer(name = "a", image = "busybox:1.35", node = "node-1", networks = "mesh", command = {"sleep", "3600"})
        @WithContainer(name = "b", image = "busybox:1.35", node = "node-2", networks = "mesh", command = {"sleep", "3600"})
        void needsNamesAcrossNodes() {
        }
    }

    @Test
    @DisplayName("names that do not spread between nodes (gossip cut): the start fails after berth.swarm.names-timeout, naming who misses what, nothing left")
    void namesThatDoNotSpread() {
        FixtureRun run = LeakCheck.execute(NoGossipTestCases.class, Map.of("berth.swarm.names-timeout", "3s")).assertNothingLeftBehind();
        Throwable failure = run.onlyTestFailure();
        System.out.println("[swarm] names that do not spread, the failure: " + chain(failure));
        assertThat(failure).isInstanceOf(BerthException.class)
                .hasMessageContaining("the names on overlay network \"mesh\" did not spread to every node within 3000 ms"
                        + " (berth.swarm.names-timeout)")
                .hasMessageMatching("(?s).*node-[12] does not know [ab]-[0-9a-f]+-[0-9]+ \\(on node-[12]\\).*")
                .hasMessageContaining("port 7946");
        assertThat(run.results().containerEvents().failed().count()).as("class-level failures").isZero();
        assertThat(SwarmNodes.helper(NoGossipTestCases.class, "node-1")).as("node-1 removed").isEmpty();
    }

    // tag::node-lost[]
    /** The environment runs on both nodes; the test stops node-2's engine. */
    @WithSwarm(nodes = 2)
    @WithNetwork(name = "mesh", driver = "overlay")
    @WithNetwork(name = "node-1-only")
    @WithVolume(name = "data")
    @WithContainer(name = "a", image = "busybox:1.35", node = "node-1", networks = {"mesh", "node-1-only"},
            volumes = "data:/data", command = {"sleep", "3600"})
    @WithContainer(name = "b", image = "busybox:1.35", node = "node-2", networks = "mesh", command = {"sleep", "3600"})
    static class NodeLostTestCases {
        @Test
        void loseNodeTwo(@Berth("a") BerthContainer a, @Berth("b") BerthContainer b) {
            assertThat(b.node()).isEqualTo("node-2");
            dev.berth.assertions.BerthAssertions.assertThat(a).canResolve("b");
            SwarmNodes.stop(NodeLostTestCases.class, "node-2");
        }
    }

    @Test
    @DisplayName("a node lost during a test: the teardown names the node that does not answer, and node-1 is left with nothing labelled")
    void nodeLostDuringTest() {
        FixtureRun run = LeakCheck.execute(NodeLostTestCases.class).assertNothingLeftBehind();
        run.assertTestsPassed(1);
        Throwable failure = run.classFailure();
        String all = chain(failure);
        System.out.println("[swarm] node lost during a test, the class failure: " + all);
        assertThat(all).contains("node node-2 (tcp://").contains("does not answer")
                .contains("goes when the node is removed")
                .doesNotContain("were left on the swarm's nodes");
        assertThat(SwarmNodes.helper(NodeLostTestCases.class, "node-1")).as("node-1 removed").isEmpty();
    }
    // end::node-lost[]

    @Test
    @DisplayName("a JVM that exits in the middle of a test removes its environment and its swarm's nodes in the shutdown hook")
    void exitMidTest(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        ChildJvm child = ChildJvm.start(dir.resolve("child.log"), List.of(), SwarmExitChild.class);
        int status = child.awaitExit(java.time.Duration.ofMinutes(3));
        String log = child.output();
        assertThat(status).as("exit code; output:%n%s", log).isEqualTo(3);
        String ready = log.lines().filter(l -> l.startsWith(SwarmExitChild.READY)).findFirst()
                .orElseThrow(() -> new AssertionError("the child never got its environment:\n" + log));
        String childRun = ready.substring(SwarmExitChild.READY.length()).split(" ")[0];
        assertThat(ready).endsWith(" node-1");
        assertThat(LeakCheck.objectsOfRun(childRun)).as("objects of the child's run on the local engine (nodes included)").isEmpty();
    }

    @Test
    @DisplayName("a JVM killed (-9) while its swarm runs: once its run record exits, the sweep removes the node and everything on it")
    void killedJvmSwept(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        ChildJvm child = ChildJvm.start(dir.resolve("child.log"), List.of(), SwarmExitChild.class, "hold");
        String run;
        try {
            run = child.awaitReady(SwarmExitChild.READY, java.time.Duration.ofSeconds(120));
        } finally {
            child.process().destroyForcibly();
        }
        assertThat(child.process().waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(LeakCheck.objectsOfRun(run)).as("the killed JVM's node").anyMatch(o -> o.toString().contains("swarm-node"));
        org.awaitility.Awaitility.await("the run record of " + run + " exits").atMost(java.time.Duration.ofSeconds(30))
                .pollInterval(java.time.Duration.ofMillis(200)).until(() -> LeakCheck.client().listContainersCmd().withShowAll(true)
                        .withLabelFilter(Map.of(RunIdentity.RUN, run, RunIdentity.KIND, dev.berth.internal.RunRecord.KIND)).exec()
                        .stream().noneMatch(c -> "running".equals(c.getState())));
        dev.berth.internal.Sweeper.sweep(LeakCheck.client(),
                new dev.berth.internal.Sweeper.Options(java.time.Duration.ZERO, java.time.Duration.ofMinutes(30), run));
        assertThat(LeakCheck.objectsOfRun(run)).as("objects of the killed JVM's run after the sweep").isEmpty();
    }

    /** A throwable, its causes and everything suppressed along the way, as one text. */
    private static String chain(Throwable t) {
        if (t == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(t.toString());
        for (Throwable s : t.getSuppressed()) {
            out.append(" | ").append(chain(s));
        }
        return out.append(" | ").append(chain(t.getCause())).toString();
    }

    /** A test that leaves a labelled network on node-1 behind Berth's back. */
    @WithSwarm(nodes = 1)
    static class LeftoverTestCases {
        @Test
        void leaveANetwork() throws Exception {
            try (DockerClient node1 = SwarmNodes.client(LeftoverTestCases.class, "node-1")) {
                node1.createNetworkCmd().withName("stray-" + RunIdentity.current().runId())
                        .withLabels(Map.of(RunIdentity.MANAGED, "true")).exec();
            }
        }
    }

    @Test
    @DisplayName("the swarm's leftover check fails the class when a node still holds a labelled object, and removes the node anyway")
    void leftoverCheckFails() {
        FixtureRun run = LeakCheck.execute(LeftoverTestCases.class).assertNothingLeftBehind();
        assertThat(run.classFailure()).hasCauseInstanceOf(BerthException.class)
                .cause().hasMessageContaining("were left on the swarm's nodes: [node-1: network stray-" + RunIdentity.current().runId() + "]");
        assertThat(SwarmNodes.helper(LeftoverTestCases.class, "node-1")).isEmpty();
        assertThat(List.of(run.createdContainers().size())).containsExactly(1);
    }
}
