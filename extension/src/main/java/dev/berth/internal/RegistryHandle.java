package dev.berth.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.AuthConfig;
import com.github.dockerjava.api.model.PushResponseItem;
import dev.berth.BerthContainer;
import dev.berth.BerthException;
import dev.berth.BerthRegistry;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apiguardian.api.API;

/** The registry behind a {@link BerthRegistry}: a container from {@code berth.registry.image}. */
@API(status = INTERNAL, since = "0.1")
public final class RegistryHandle implements BerthRegistry {

    private final String name;
    private final ContainerHandle container;
    private final String username;
    private final String password;

    RegistryHandle(String name, ContainerHandle container, String username, String password) {
        this.name = name;
        this.container = container;
        this.username = username;
        this.password = password;
        Secrets.registerRegistry(username, password);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String address() {
        return "127.0.0.1:" + container.hostPort(5000);
    }

    @Override
    public String reference(String repositoryAndTag) {
        return address() + "/" + repositoryAndTag;
    }

    private AuthConfig auth() {
        AuthConfig auth = new AuthConfig().withRegistryAddress(address());
        if (!username.isEmpty()) {
            auth.withUsername(username).withPassword(password);
        }
        return auth;
    }

    private static String mask(String text) {
        return Secrets.mask(text);
    }

    @Override
    public String push(String localImage, String repositoryAndTag) {
        DockerClient client = Docker.get().client();
        String target = reference(repositoryAndTag);
        Images.Reference ref = Images.Reference.of(target);
        String repo = ref.repository();
        String tag = ref.tag();
        try {
            client.tagImageCmd(localImage, repo, tag).exec();
        } catch (NotFoundException e) {
            throw new BerthException("Cannot push " + localImage + ": it is not a local image. Build or pull it first.", e);
        }
        List<String> errors = new ArrayList<>();
        try {
            boolean done = client.pushImageCmd(repo).withTag(tag).withAuthConfig(auth())
                    .exec(new ResultCallback.Adapter<PushResponseItem>() {
                        @Override
                        public void onNext(PushResponseItem item) {
                            if (item.getErrorDetail() != null) {
                                errors.add(item.getErrorDetail().getMessage());
                            }
                        }
                    }).awaitCompletion(5, TimeUnit.MINUTES);
            if (!done) {
                throw new BerthException("Pushing " + repo + ":" + tag + " did not finish within 5 minutes");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BerthException("Interrupted while pushing " + target, e);
        } catch (RuntimeException e) {
            if (e instanceof BerthException) {
                throw e;
            }
            errors.add(EngineMessage.of(e));
        }
        if (!errors.isEmpty()) {
            throw new BerthException("Pushing " + target + " to registry " + name + " failed: " + mask(String.join("; ", errors))
                    + (username.isEmpty() ? "" : " (the registry requires user " + username + ")"));
        }
        return repo + ":" + tag;
    }

    @Override
    public String pull(String repositoryAndTag) {
        String target = reference(repositoryAndTag);
        Images.Reference ref = Images.Reference.of(target);
        try {
            Docker.get().client().pullImageCmd(ref.repository()).withTag(ref.tag()).withAuthConfig(auth())
                    .exec(new Images.QuietPull()).awaitCompletion(5, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BerthException("Interrupted while pulling " + target, e);
        } catch (RuntimeException e) {
            throw new BerthException("Pulling " + target + " from registry " + name + " failed: " + mask(EngineMessage.of(e)), e);
        }
        return ref.toString();
    }

    @Override
    public void removeLocal(String reference) {
        try {
            Docker.get().client().removeImageCmd(reference).withForce(false).exec();
        } catch (NotFoundException e) {
            throw new IllegalArgumentException("No local image " + reference + " to remove", e);
        }
    }

    @Override
    public List<String> tags(String repository) {
        try {
            // from this JVM: the published-port host (address() is where the engine itself pushes)
            HttpURLConnection http = (HttpURLConnection) URI.create("http://" + container.host() + ":" + container.hostPort(5000) + "/v2/" + repository + "/tags/list")
                    .toURL().openConnection();
            if (!username.isEmpty()) {
                http.setRequestProperty("Authorization", "Basic " + Base64.getEncoder()
                        .encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8)));
            }
            int status = http.getResponseCode();
            if (status == 404) {
                return List.of();
            }
            if (status != 200) {
                throw new BerthException("Registry " + name + " answered " + status + " to the tag list of " + repository);
            }
            JsonNode json = new ObjectMapper().readTree(http.getInputStream());
            List<String> tags = new ArrayList<>();
            json.path("tags").forEach(t -> tags.add(t.asText()));
            return tags;
        } catch (IOException e) {
            throw new BerthException("Cannot read the tags of " + repository + " from registry " + name + ": " + EngineMessage.of(e), e);
        }
    }

    @Override
    public BerthContainer container() {
        return container;
    }

    @Override
    public String toString() {
        return "registry " + name + " (" + container.dockerName() + ")";
    }
}
