package dev.berth;

import static org.apiguardian.api.API.Status.STABLE;

import java.util.List;
import org.apiguardian.api.API;

/**
 * A handle to a local registry started with {@link WithRegistry}: its address and the
 * tag/push/pull round trip of sharing an image through a registry.
 */
@API(status = STABLE, since = "0.1")
public interface BerthRegistry {

    /** The logical name it was declared with. */
    String name();

    /** The registry address the engine pushes to and pulls from, e.g. {@code 127.0.0.1:49153}. */
    String address();

    /** The full reference of a repository:tag in this registry, e.g. {@code 127.0.0.1:49153/team/app:1}. */
    String reference(String repositoryAndTag);

    /**
     * Tags a local image into this registry and pushes it ({@code docker tag} + {@code docker push}).
     *
     * @return the full reference pushed
     */
    String push(String localImage, String repositoryAndTag);

    /** Pulls a repository:tag from this registry ({@code docker pull}); returns the full reference. */
    String pull(String repositoryAndTag);

    /** Removes the local copy of an image reference ({@code docker rmi}), so a pull must fetch it. */
    void removeLocal(String reference);

    /** The tags of a repository in the registry (its HTTP API {@code /v2/NAME/tags/list}). */
    List<String> tags(String repository);

    /** The registry's container. */
    BerthContainer container();
}
