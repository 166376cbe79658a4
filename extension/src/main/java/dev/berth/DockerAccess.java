package dev.berth;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import com.github.dockerjava.api.DockerClient;
import org.apiguardian.api.API;

/**
 * The escape hatch to the Docker engine: the one place Berth's public API hands out a docker-java
 * type. Use it for what Berth does not model (an engine setting, an object Berth did not create);
 * for Berth's own objects prefer the handles and assertions, which stay stable when docker-java
 * changes. Objects you create through this client are yours to label and remove.
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class DockerAccess {

    private DockerAccess() {
    }

    /**
     * The client Berth itself uses, connected to the engine {@code DOCKER_HOST} (or the local
     * socket) names.
     *
     * @throws BerthException when no engine answers, saying where it looked and how to start one
     */
    public static DockerClient client() {
        return dev.berth.internal.Docker.get().client();
    }
}
