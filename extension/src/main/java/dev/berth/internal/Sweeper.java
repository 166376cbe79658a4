package dev.berth.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectVolumeResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Network;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apiguardian.api.API;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes what runs whose JVM is dead left behind (a {@code kill -9}, a crashed fork), and never
 * anything of a run that is still alive beside this one: see {@link RunIdentity#isDeadRun}.
 * Runs once per JVM, on first contact with the engine; also runnable as a command:
 * {@code java -cp berth-junit.jar:... dev.berth.internal.Sweeper}.
 */
@API(status = INTERNAL, since = "0.1")
public final class Sweeper {

    private static final Logger LOG = LoggerFactory.getLogger(Sweeper.class);
    private static final AtomicBoolean SWEPT = new AtomicBoolean();

    private Sweeper() {
    }

    static void sweepDeadRunsOnce(Docker docker) {
        if (!SWEPT.compareAndSet(false, true)) {
            return;
        }
        if ("false".equalsIgnoreCase(System.getProperty("berth.sweep", "true"))) {
            return;
        }
        try {
            Result result = sweep(docker.client());
            if (result.total() > 0) {
                LOG.info("Berth removed {} containers, {} networks and {} volumes left by dead runs",
                        result.containers.size(), result.networks.size(), result.volumes.size());
            }
        } catch (RuntimeException e) {
            LOG.warn("Berth could not sweep objects of dead runs: {}", e.toString());
        }
    }

    /** What one sweep removed, by Docker name. */
    public static final class Result {
        final List<String> containers = new ArrayList<>();
        final List<String> networks = new ArrayList<>();
        final List<String> volumes = new ArrayList<>();

        public int total() {
            return containers.size() + networks.size() + volumes.size();
        }

        @Override
        public String toString() {
            return "containers " + containers + ", networks " + networks + ", volumes " + volumes;
        }
    }

    /** Removes every labelled object whose run is dead. Containers first, they hold the rest. */
    public static Result sweep(DockerClient client) {
        Result result = new Result();
        List<String> managed = List.of(RunIdentity.MANAGED + "=true");
        for (Container c : client.listContainersCmd().withShowAll(true).withLabelFilter(managed).exec()) {
            if (RunIdentity.isDeadRun(c.getLabels())) {
                try {
                    client.removeContainerCmd(c.getId()).withForce(true).withRemoveVolumes(true).exec();
                    result.containers.add(c.getNames().length > 0 ? c.getNames()[0] : c.getId());
                } catch (NotFoundException gone) {
                    // removed concurrently (another sweeping JVM): that is the goal
                }
            }
        }
        for (Network n : client.listNetworksCmd().withFilter("label", managed).exec()) {
            if (RunIdentity.isDeadRun(n.getLabels())) {
                try {
                    client.removeNetworkCmd(n.getId()).exec();
                    result.networks.add(n.getName());
                } catch (NotFoundException gone) {
                    // removed concurrently
                }
            }
        }
        List<InspectVolumeResponse> volumes = client.listVolumesCmd().withFilter("label", managed).exec().getVolumes();
        for (InspectVolumeResponse v : volumes == null ? List.<InspectVolumeResponse>of() : volumes) {
            Map<String, String> labels = v.getLabels();
            if (RunIdentity.isDeadRun(labels)) {
                try {
                    client.removeVolumeCmd(v.getName()).exec();
                    result.volumes.add(v.getName());
                } catch (NotFoundException gone) {
                    // removed concurrently
                }
            }
        }
        return result;
    }

    /** Command-line entry: sweeps the objects of dead runs of this host and prints what it removed. */
    public static void main(String[] args) {
        System.setProperty("berth.sweep", "false");
        Result result = sweep(Docker.get().client());
        System.out.println("berth sweep: removed " + result);
    }
}
