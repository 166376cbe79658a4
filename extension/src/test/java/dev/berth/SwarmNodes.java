package dev.berth;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Container;
import dev.berth.internal.Docker;
import dev.berth.internal.RunIdentity;
import dev.berth.internal.swarm.Cluster;
import dev.berth.internal.swarm.Placement;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.testcontainers.dockerclient.DockerClientProviderStrategy;
import org.testcontainers.dockerclient.TransportConfig;

/** The helper containers of this run's local swarm nodes on the local engine, seen from a test. */
final class SwarmNodes {

    private SwarmNodes() {
    }

    /** The helper container of a node of the swarm of {@code owner} (a class with @WithSwarm) in this JVM's run. */
    static Optional<Container> helper(Class<?> owner, String node) {
        String scope = "@WithSwarm on class " + owner.getName();
        return helpers().stream().filter(c -> node.equals(c.getLabels().get(RunIdentity.NAME))
                && scope.equals(c.getLabels().get(RunIdentity.SCOPE))).findFirst();
    }

    /** Every node helper container of this JVM's run. */
    static List<Container> helpers() {
        return Docker.get().client().listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of(RunIdentity.RUN, RunIdentity.current().runId(), RunIdentity.KIND, Cluster.NODE_KIND))
                .exec();
    }

    /** A client of a running node's engine. */
    static DockerClient client(Class<?> owner, String node) {
        Container c = helper(owner, node).orElseThrow(() -> new AssertionError("no helper container of node " + node));
        String ip = c.getNetworkSettings().getNetworks().values().iterator().next().getIpAddress();
        return DockerClientProviderStrategy.getClientForConfig(TransportConfig.builder()
                .dockerHost(URI.create("tcp://" + ip + ":2375")).build());
    }

    /** Stops a node's helper container: the node is down (its engine stops with it). */
    static void stop(Class<?> owner, String node) {
        Container c = helper(owner, node).orElseThrow(() -> new AssertionError("no helper container of node " + node));
        Docker.get().client().stopContainerCmd(c.getId()).withTimeout(1).exec();
    }

    /** The network has one holder on each node, running, labelled, on that network only. */
    static void assertOneRunningHolderPerNode(Class<?> owner, BerthNetwork mesh, int round) {
        for (String node : List.of("node-1", "node-2")) {
            try (DockerClient client = client(owner, node)) {
                List<Container> holders = client.listContainersCmd().withLabelFilter(Map.of(RunIdentity.RUN,
                        RunIdentity.current().runId(), RunIdentity.KIND, Placement.HOLDER)).exec();
                assertThat(holders).as("the holders of network mesh on %s in round %d", node, round)
                        .singleElement().satisfies(h -> {
                            assertThat(h.getState()).isEqualTo("running");
                            assertThat(h.getNetworkSettings().getNetworks().keySet()).containsExactly(mesh.dockerName());
                            assertThat(h.getLabels()).containsEntry(RunIdentity.MANAGED, "true").containsEntry(RunIdentity.NAME, "mesh");
                        });
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }

    /** Runs a command in a node's helper container (the node's own host, where its engine runs); fails unless it exits 0. */
    static void exec(Class<?> owner, String node, String... command) {
        Container c = helper(owner, node).orElseThrow(() -> new AssertionError("no helper container of node " + node));
        dev.berth.ExecResult r = dev.berth.internal.Exec.run(Docker.get().client(), c.getId(), "node " + node, java.time.Duration.ofSeconds(30),
                List.of(command));
        assertThat(r.exitCode()).as("%s on %s: %s", String.join(" ", command), node, r.stderr()).isZero();
    }
}
