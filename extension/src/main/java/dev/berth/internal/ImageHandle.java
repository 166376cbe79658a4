package dev.berth.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectImageResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.ContainerConfig;
import com.github.dockerjava.api.model.ExposedPort;
import dev.berth.BerthException;
import dev.berth.BerthImage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apiguardian.api.API;

/** The facts of a local image, read once from {@code docker image inspect} and {@code docker history}. */
@API(status = INTERNAL, since = "0.1")
public record ImageHandle(String name, String id, long sizeBytes, int layerCount, List<String> history, List<String> env,
                          List<String> exposedPorts, String user, String workdir, Map<String, String> labels,
                          List<String> entrypoint, List<String> cmd, boolean wasBuilt) implements BerthImage {

    /** Reads an image's facts; a missing image is a {@link BerthException} naming it. */
    public static ImageHandle of(String name, boolean built) {
        DockerClient client = Docker.get().client();
        InspectImageResponse i;
        try {
            i = client.inspectImageCmd(name).exec();
        } catch (NotFoundException e) {
            throw new BerthException("Image " + name + " is not present locally: build it (@BuildImage) or pull it first.", e);
        }
        ContainerConfig c = i.getConfig();
        List<String> history = History.of(name);
        int layers = i.getRootFS() == null || i.getRootFS().getLayers() == null ? 0 : i.getRootFS().getLayers().size();
        List<String> ports = new ArrayList<>();
        if (c != null && c.getExposedPorts() != null) {
            for (ExposedPort p : c.getExposedPorts()) {
                ports.add(p.toString());
            }
        }
        return new ImageHandle(name, i.getId(), i.getSize() == null ? 0 : i.getSize(), layers, history,
                c == null || c.getEnv() == null ? List.of() : List.of(c.getEnv()), ports,
                c == null || c.getUser() == null ? "" : c.getUser(),
                c == null || c.getWorkingDir() == null ? "" : c.getWorkingDir(),
                c == null || c.getLabels() == null ? Map.of() : new LinkedHashMap<>(c.getLabels()),
                c == null || c.getEntrypoint() == null ? List.of() : Arrays.asList(c.getEntrypoint()),
                c == null || c.getCmd() == null ? List.of() : Arrays.asList(c.getCmd()), built);
    }

    @Override
    public String toString() {
        return "image " + name + " (" + id + ", " + sizeBytes + " bytes, " + layerCount + " layers)";
    }

    /** {@code docker history}: the engine API's image history, turned oldest first. */
    static final class History {
        private History() {
        }

        static List<String> of(String name) {
            List<String> out = new ArrayList<>();
            try {
                for (var h : Docker.get().client().imageHistoryCmd(name).exec()) {
                    out.add(0, h.getCreatedBy() == null ? "" : h.getCreatedBy());
                }
            } catch (NotFoundException e) {
                throw new BerthException("Image " + name + " is not present locally", e);
            }
            return out;
        }
    }
}
