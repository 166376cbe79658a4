package dev.berth.internal.swarm;

import static org.apiguardian.api.API.Status.INTERNAL;

import com.github.dockerjava.api.DockerClient;
import dev.berth.internal.RunIdentity;
import dev.berth.internal.RunRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apiguardian.api.API;

/** The objects labelled {@code dev.berth.managed=true} on one node: containers, networks, volumes. */
@API(status = INTERNAL, since = "0.9")
public final class Leftovers {

    private Leftovers() {
    }

    /**
     * Labelled objects on the node now, as "node: kind name"; run records (this JVM's, kept on a real
     * host while it lives, and other runs') are bookkeeping, not objects of an environment, and not listed.
     */
    public static List<String> on(Node node) {
        DockerClient c = node.docker().client();
        List<String> found = new ArrayList<>();
        c.listContainersCmd().withShowAll(true).withLabelFilter(Map.of(RunIdentity.MANAGED, "true")).exec()
                .stream().filter(x -> x.getLabels() == null || !RunRecord.KIND.equals(x.getLabels().get(RunIdentity.KIND)))
                .forEach(x -> found.add(node.name() + ": container " + x.getNames()[0]));
        c.listNetworksCmd().withFilter("label", List.of(RunIdentity.MANAGED + "=true")).exec()
                .forEach(n -> found.add(node.name() + ": network " + n.getName()));
        var volumes = c.listVolumesCmd().withFilter("label", List.of(RunIdentity.MANAGED + "=true")).exec().getVolumes();
        if (volumes != null) {
            volumes.forEach(v -> found.add(node.name() + ": volume " + v.getName()));
        }
        return found;
    }

    /**
     * Labelled objects still on the node after up to {@code patience}: a worker forgets an overlay
     * network shortly after its last container left it, not at once.
     */
    static List<String> awaitNone(Node node, Duration patience) {
        long deadline = System.nanoTime() + patience.toNanos();
        List<String> left = on(node);
        while (!left.isEmpty() && System.nanoTime() < deadline) {
            Cluster.sleep(200);
            left = on(node);
        }
        return left;
    }
}
