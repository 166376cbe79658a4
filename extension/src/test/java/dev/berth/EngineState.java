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
}
