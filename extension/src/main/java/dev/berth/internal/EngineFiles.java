package dev.berth.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Ports;
import dev.berth.BerthException;
import dev.berth.internal.Specs.ContainerSpec;
import dev.berth.internal.Specs.MountKind;
import dev.berth.internal.Specs.MountSpec;
import dev.berth.internal.Specs.PortSpec;
import dev.berth.internal.Specs.StackSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

/**
 * What reaches an engine that cannot see this JVM's files (a remote engine, or a JVM in a container
 * with only the host's socket), decided by {@link EngineProfile#seesJvmFiles()}:
 * <ul>
 *   <li>{@code @WithContainer} bind mounts of project paths are <em>copied</em> into the container
 *       after it is created and before it starts (a copy: changes inside the container do not reach
 *       the project);</li>
 *   <li>compose bind mounts are refused before anything starts, with what to use instead;</li>
 *   <li>build contexts are always sent by {@code docker build} / {@code compose build}, never shared.</li>
 * </ul>
 * Also the port bindings: the bind address comes from the configuration or the engine's profile.
 */
final class EngineFiles {

    private EngineFiles() {
    }

    /** The binding of a published port: the declared or configured address, else the engine's default. */
    static Ports.Binding binding(PortSpec p, Config config) {
        String ip = p.hostIp() != null ? p.hostIp() : config.bindAddressFor(EngineProfile.current());
        if (ip.isEmpty()) {
            return p.hostPort() == null ? Ports.Binding.empty() : Ports.Binding.bindPort(p.hostPort());
        }
        return p.hostPort() == null ? Ports.Binding.bindIp(ip) : Ports.Binding.bindIpAndPort(ip, p.hostPort());
    }

    /** The mounts to give the engine as binds: all of them when it sees this JVM's files, else only volumes. */
    static List<MountSpec> bindMountsTheEngineSees(List<MountSpec> mounts) {
        if (EngineProfile.current().seesJvmFiles()) {
            return mounts;
        }
        return mounts.stream().filter(m -> m.kind() == MountKind.VOLUME).toList();
    }

    /** Copies the project paths of bind mounts into a created, not yet started container, when the engine cannot see them. */
    static void copyBindMountsIn(DockerClient client, String containerId, ContainerSpec c) {
        EngineProfile engine = EngineProfile.current();
        if (engine.seesJvmFiles()) {
            return;
        }
        for (MountSpec m : c.mounts()) {
            if (m.kind() != MountKind.BIND) {
                continue;
            }
            Path source = Path.of(m.source());
            if (!Files.exists(source)) {
                throw new ExtensionConfigurationException(c.origin() + ": bind mount \"" + m.declared() + "\": " + source
                        + " does not exist, so there is nothing to copy to the " + engine.kind() + " engine");
            }
            String top = m.target().replaceAll("^/+", "").replaceAll("/+$", "");
            try {
                // entries named after the target path: the engine creates missing parent directories
                client.copyArchiveToContainerCmd(containerId).withRemotePath("/")
                        .withTarInputStream(Tar.stream(Tar.of(source, top))).exec();
            } catch (RuntimeException e) {
                throw new BerthException(c.origin() + ": copying " + source + " to " + m.target() + " in the container on the "
                        + engine.kind() + " engine " + engine.dockerHost() + " failed: " + e.getMessage(), e);
            }
        }
    }

    /** Refuses compose bind mounts before anything starts when the engine cannot see this JVM's files. */
    static void checkStack(StackSpec spec, JsonNode model) {
        EngineProfile engine = EngineProfile.current();
        if (engine.seesJvmFiles()) {
            return;
        }
        var services = model.path("services").fields();
        while (services.hasNext()) {
            var entry = services.next();
            for (JsonNode v : entry.getValue().path("volumes")) {
                if (!"bind".equals(v.path("type").asText())) {
                    continue;
                }
                throw new ExtensionConfigurationException(spec.origin() + ": service \"" + entry.getKey() + "\" bind-mounts "
                        + v.path("source").asText("?") + " (to " + v.path("target").asText("?") + ") from this JVM's machine, but the "
                        + engine + " cannot see this machine's files: the service would start with an empty or missing directory."
                        + " Berth refuses the stack before anything starts. Instead: COPY the files in an image the stack builds"
                        + " (build contexts are sent to the engine), or declare @WithVolume(value = ..., seedFrom = \"classpath:dir\") and use it"
                        + " as an external volume named ${BERTH_VOLUME_<NAME>}, or run against a local engine (docs/engines.md).");
            }
        }
    }
}
