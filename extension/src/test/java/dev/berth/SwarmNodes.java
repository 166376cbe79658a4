package dev.berth;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Container;
import dev.berth.internal.Docker;
import dev.berth.internal.RunIdentity;
import dev.berth.internal.swarm.Cluster;
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

    /** The helper container of a node of this JVM's run, by node name; when several classes run, the newest. */
    static Optional<Container> helper(String node) {
        return helpers().stream().filter(c -> node.equals(c.getLabels().get(RunIdentity.NAME)))
                .max(java.util.Comparator.comparingLong(Container::getCreated));
    }

    /** Every node helper container of this JVM's run. */
    static List<Container> helpers() {
        return Docker.get().client().listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of(RunIdentity.RUN, RunIdentity.current().runId(), RunIdentity.KIND, Cluster.NODE_KIND))
                .exec();
    }

    /** A client of a running node's engine. */
    static DockerClient client(String node) {
        Container c = helper(node).orElseThrow(() -> new AssertionError("no helper container of node " + node));
        String ip = c.getNetworkSettings().getNetworks().values().iterator().next().getIpAddress();
        return DockerClientProviderStrategy.getClientForConfig(TransportConfig.builder()
                .dockerHost(URI.create("tcp://" + ip + ":2375")).build());
    }

    /** Stops a node's helper container: the node is down (its engine stops with it). */
    static void stop(String node) {
        Container c = helper(node).orElseThrow(() -> new AssertionError("no helper container of node " + node));
        Docker.get().client().stopContainerCmd(c.getId()).withTimeout(1).exec();
    }
}
