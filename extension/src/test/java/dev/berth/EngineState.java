package dev.berth;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.command.InspectVolumeResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Network;
import dev.berth.internal.Docker;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What the engine says, read straight from Docker (not from Berth's handles), so the feature
 * tests compare Berth's claims with observed state.
 */
final class EngineState {

    private EngineState() {
    }

    static DockerClient client() {
        return Docker.get().client();
    }

    static InspectContainerResponse container(String idOrName) {
        return client().inspectContainerCmd(idOrName).exec();
    }

    static Network network(String idOrName) {
        return client().inspectNetworkCmd().withNetworkId(idOrName).exec();
    }

    static InspectVolumeResponse volume(String name) {
        return client().inspectVolumeCmd(name).exec();
    }

    static boolean containerExists(String idOrName) {
        try {
            client().inspectContainerCmd(idOrName).exec();
            return true;
        } catch (NotFoundException e) {
            return false;
        }
    }

    static boolean networkExists(String idOrName) {
        try {
            client().inspectNetworkCmd().withNetworkId(idOrName).exec();
            return true;
        } catch (NotFoundException e) {
            return false;
        }
    }

    static boolean volumeExists(String name) {
        try {
            client().inspectVolumeCmd(name).exec();
            return true;
        } catch (NotFoundException e) {
            return false;
        }
    }

    /** When Docker says the container's current incarnation started. */
    static Instant startedAt(String idOrName) {
        return Instant.parse(container(idOrName).getState().getStartedAt());
    }

    /** Labels of a container as Docker stores them. */
    static Map<String, String> labels(String idOrName) {
        return container(idOrName).getConfig().getLabels();
    }

    /** Containers (running or not) carrying all of the given labels. */
    static List<Container> containersLabelled(Map<String, String> labels) {
        return client().listContainersCmd().withShowAll(true).withLabelFilter(labels).exec();
    }

    /** The values a fixture reported under {@code key} (JUnit report entries), in the order reported. */
    static List<String> reported(dev.berth.testkit.Fixtures.Run run, String key) {
        List<String> values = new java.util.ArrayList<>();
        for (org.junit.platform.engine.reporting.ReportEntry e : run.reportEntries()) {
            e.getKeyValuePairs().forEach((k, v) -> {
                if (k.equals(key)) {
                    values.add(v);
                }
            });
        }
        return values;
    }

    /** Asserts that no container, network or volume labelled {@code it.run=runId} exists. */
    static void nothingLeftOfRun(String runId) {
        org.assertj.core.api.Assertions.assertThat(containersLabelled(Map.of("it.run", runId)))
                .as("containers of run %s", runId).isEmpty();
        org.assertj.core.api.Assertions.assertThat(client().listNetworksCmd().withFilter("label", List.of("it.run=" + runId)).exec())
                .as("networks of run %s", runId).isEmpty();
        org.assertj.core.api.Assertions.assertThat(client().listVolumesCmd().withFilter("label", List.of("it.run=" + runId)).exec().getVolumes())
                .as("volumes of run %s", runId).isNullOrEmpty();
    }
}
