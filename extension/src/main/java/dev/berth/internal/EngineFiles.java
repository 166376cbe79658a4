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
 *   <li>compose bind mounts of directories are copied into volumes of the project that replace them
 *       (through the override file); bind mounts of single files are refused before anything starts;</li>
 *   <li>build contexts are always sent by {@code docker build} / {@code compose build}, never shared.</li>
 * </ul>
 * Also the port bindings: the bind address comes from the configuration or the engine's profile.
 */
final class EngineFiles {

    private EngineFiles() {
    }

    /** The binding of a published port: the declared or configured address, else the engine's default. */
    static Ports.Binding binding(PortSpec p, Config config) {
        return binding(p, config, EngineProfile.current());
    }

    /** The binding of a published port on the engine of {@code engine}. */
    static Ports.Binding binding(PortSpec p, Config config, EngineProfile engine) {
        String ip = p.hostIp() != null ? p.hostIp() : config.bindAddressFor(engine);
        if (ip.isEmpty()) {
            return p.hostPort() == null ? Ports.Binding.empty() : Ports.Binding.bindPort(p.hostPort());
        }
        return p.hostPort() == null ? Ports.Binding.bindIp(ip) : Ports.Binding.bindIpAndPort(ip, p.hostPort());
    }

    /** The mounts to give the engine as binds: all of them when it sees this JVM's files, else only volumes. */
    static List<MountSpec> bindMountsTheEngineSees(List<MountSpec> mounts) {
        return bindMountsTheEngineSees(mounts, EngineProfile.current());
    }

    /** The mounts to give the engine of {@code engine} as binds. */
    static List<MountSpec> bindMountsTheEngineSees(List<MountSpec> mounts, EngineProfile engine) {
        if (engine.seesJvmFiles()) {
            return mounts;
        }
        return mounts.stream().filter(m -> m.kind() == MountKind.VOLUME).toList();
    }

    /** Copies the project paths of bind mounts into a created, not yet started container, when the engine cannot see them. */
    static void copyBindMountsIn(DockerClient client, String containerId, ContainerSpec c) {
        copyBindMountsIn(client, containerId, c, EngineProfile.current());
    }

    /** Copies the project paths of bind mounts into a container created on the engine of {@code engine}. */
    static void copyBindMountsIn(DockerClient client, String containerId, ContainerSpec c, EngineProfile engine) {
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
                        + engine.kind() + " engine " + engine.dockerHost() + " failed: " + EngineMessage.of(e), e);
            }
        }
    }

    /**
     * Preflight of a stack on an engine that cannot see this JVM's files: every bind mount must name an
     * existing project directory (copied in at {@code up}); a bind mount of a single file, or of a path
     * that does not exist, is refused before anything starts. Returns the images the copying needs.
     */
    static List<String> checkStack(StackSpec spec, JsonNode model, Config config) {
        EngineProfile engine = EngineProfile.current();
        if (engine.seesJvmFiles()) {
            return List.of();
        }
        boolean any = false;
        var services = model.path("services").fields();
        while (services.hasNext()) {
            var entry = services.next();
            for (JsonNode v : entry.getValue().path("volumes")) {
                if (!"bind".equals(v.path("type").asText())) {
                    continue;
                }
                any = true;
                Path source = Path.of(v.path("source").asText(""));
                if (!Files.isDirectory(source)) {
                    throw new ExtensionConfigurationException(spec.origin() + ": service \"" + entry.getKey() + "\" bind-mounts "
                            + source + " (to " + v.path("target").asText("?") + ") from this JVM's machine, but the " + engine
                            + " cannot see this machine's files, and Berth copies only directories into it ("
                            + (Files.exists(source) ? "this is a file" : "this path does not exist") + "). Berth refuses the stack"
                            + " before anything starts. Instead: mount the directory that holds it, COPY it in an image the stack"
                            + " builds (build contexts are sent to the engine), or run against a local engine (see the engines page of Berth's documentation).");
                }
            }
        }
        return any ? List.of(config.probeImage()) : List.of();
    }

    /**
     * On an engine that cannot see this JVM's files: copies every compose bind mount's directory into a
     * new volume of the project (labelled as the project's, so the stack's teardown removes it) and
     * mounts that volume instead, through the override file ({@code overrideRoot}): same target, same
     * read-only flag. A copy: changes inside the containers do not reach the project.
     */
    static void copyStackBinds(StackSpec spec, JsonNode model, String project, String scopeId, Config config,
                               com.fasterxml.jackson.databind.node.ObjectNode overrideRoot) {
        EngineProfile engine = EngineProfile.current();
        if (engine.seesJvmFiles()) {
            return;
        }
        DockerClient client = Docker.get().client();
        int n = 0;
        var services = model.path("services").fields();
        while (services.hasNext()) {
            var entry = services.next();
            for (JsonNode v : entry.getValue().path("volumes")) {
                if (!"bind".equals(v.path("type").asText())) {
                    continue;
                }
                Path source = Path.of(v.path("source").asText(""));
                String key = "berth-files-" + (++n);
                String volume = project + "_" + key;
                java.util.Map<String, String> labels = new java.util.LinkedHashMap<>(
                        RunIdentity.current().labels("compose-files", spec.name(), scopeId));
                labels.put("com.docker.compose.project", project);
                labels.put("com.docker.compose.volume", key);
                RunRecord.naming("volume", volume);
                client.createVolumeCmd().withName(volume).withLabels(labels).exec();
                RunRecord.created("volume", volume);
                seed(client, volume, source, labels, config, spec);
                var service = overrideRoot.with("services").with(entry.getKey());
                var list = service.has("volumes") ? (com.fasterxml.jackson.databind.node.ArrayNode) service.get("volumes")
                        : service.putArray("volumes");
                list.addObject().put("type", "volume").put("source", key).put("target", v.path("target").asText())
                        .put("read_only", v.path("read_only").asBoolean(false));
                overrideRoot.with("volumes").putObject(key).put("external", true).put("name", volume);
            }
        }
    }

    private static void seed(DockerClient client, String volume, Path source, java.util.Map<String, String> labels, Config config,
                             StackSpec spec) {
        RunRecord.awaitStarted(); // in no record line of its own (the volume's line came first, so at once)
        String helper = client.createContainerCmd(config.probeImage())
                .withName(volume + "-copy")
                .withLabels(labels)
                .withHostConfig(com.github.dockerjava.api.model.HostConfig.newHostConfig()
                        .withBinds(new com.github.dockerjava.api.model.Bind(volume, new com.github.dockerjava.api.model.Volume("/seed"))))
                .exec().getId();
        try {
            client.copyArchiveToContainerCmd(helper).withRemotePath("/seed")
                    .withTarInputStream(Tar.stream(Tar.ofContents(source))).exec();
        } catch (RuntimeException e) {
            throw new BerthException(spec.origin() + ": copying " + source + " into volume " + volume + " on the "
                    + EngineProfile.current() + " failed: " + EngineMessage.of(e), e);
        } finally {
            client.removeContainerCmd(helper).withForce(true).exec();
        }
    }
}
