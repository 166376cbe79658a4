package dev.berth.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apiguardian.api.API;

/** The parsed, validated form of Berth's annotations. */
@API(status = INTERNAL, since = "0.1")
public final class Specs {

    private Specs() {
    }

    /** Where a declaration came from, for messages: {@code @WithContainer(name = "db") on class FooTest}. */
    public record Origin(String annotation, String name, String element) {
        @Override
        public String toString() {
            return "@" + annotation + "(name = \"" + name + "\") on " + element;
        }

        /**
         * Whether a {@code BerthEnvironment} wrote the declaration (its element is the builder's
         * {@code BerthEnvironment in field ...}, not a class or method): fixes then name builder calls.
         */
        public boolean programmatic() {
            return programmatic(element);
        }

        /** Whether {@code element} (an origin's, or an environment's scope name) is a {@code BerthEnvironment}'s. */
        public static boolean programmatic(String element) {
            return element.equals("BerthEnvironment") || element.startsWith("BerthEnvironment in ")
                    || element.startsWith("shared BerthEnvironment in ");
        }
    }

    /**
     * A network: {@code encrypted} (overlay only) and {@code options} (the driver's options, as declared,
     * without {@code encrypted}) come from {@code @WithNetwork(encrypted, options)}.
     */
    public record NetworkSpec(String name, String driver, boolean internal, String subnet, String gateway, boolean encrypted,
                              Map<String, String> options, Map<String, String> labels, Origin origin) {
    }

    /** A directory to copy into a new volume: from the classpath or from the project. */
    public record Seed(String declared, Path directory) {
    }

    public record VolumeSpec(String name, Seed seed, Map<String, String> labels, Origin origin) {
    }

    public enum MountKind { VOLUME, BIND }

    public record MountSpec(MountKind kind, String source, String target, boolean readOnly, String declared) {
    }

    public record PortSpec(String hostIp, Integer hostPort, int containerPort, String protocol, String declared) {
    }

    public enum WaitKind { PORT, LOG, HTTP, HEALTHY, COMMAND }

    public record WaitSpec(WaitKind kind, int port, String logPattern, String path, int status,
                           List<String> command, Duration timeout) {
        public String describe() {
            return switch (kind) {
                case PORT -> "port " + port + " to accept connections";
                case LOG -> "a log line matching /" + logPattern + "/";
                case HTTP -> "GET " + path + " on port " + port + " to answer " + status;
                case HEALTHY -> "the image's healthcheck to pass";
                case COMMAND -> "command " + command + " to exit 0";
            };
        }
    }

    public record ContainerSpec(String name, String image, List<String> command, List<String> entrypoint,
                                List<String> env, List<PortSpec> ports, List<String> networks, List<String> aliases,
                                List<MountSpec> mounts, List<WaitSpec> waits, List<String> dependsOn, String user,
                                String workdir, boolean privileged, Map<String, String> labels, String node, Origin origin) {
    }

    public enum Pull { MISSING, NEVER, ALWAYS }

    public record BuildSpec(Path context, String tag, Path dockerfile, List<String> buildArgs, String target,
                            Map<String, String> labels, boolean keep, Origin origin) {
    }

    public record StackSpec(String name, List<Path> files, Path projectDirectory, List<String> env, List<Path> envFiles,
                            List<String> profiles, List<String> services, List<String> scale, boolean build, Pull pull,
                            boolean waitForServices, Duration waitTimeout, Origin origin,
                            java.util.Set<dev.berth.HostAccess> allowed) {
    }

    public record RegistrySpec(String name, String username, String password) {
    }

    /**
     * A swarm of {@code nodes} engines, {@code node-1} to {@code node-N}, declared for one scope.
     *
     * @param origin for messages: {@code @WithSwarm on class FooTest}
     */
    public record SwarmSpec(int nodes, String origin) {
        /** The names of the nodes: {@code node-1} (the manager) to {@code node-N}. */
        public List<String> names() {
            return java.util.stream.IntStream.rangeClosed(1, nodes).mapToObj(i -> "node-" + i).toList();
        }
    }

    /**
     * All declarations of one scope (a class, a method, or a shared environment class); {@code swarm}
     * is null when the scope declares none (its containers may still run on an enclosing scope's).
     */
    public record EnvironmentSpec(String scopeName, List<BuildSpec> builds, List<NetworkSpec> networks, List<VolumeSpec> volumes,
                                  List<StackSpec> stacks, List<ContainerSpec> containers, List<RegistrySpec> registries,
                                  SwarmSpec swarm) {
        /** The declarations of a scope that declares no swarm. */
        public EnvironmentSpec(String scopeName, List<BuildSpec> builds, List<NetworkSpec> networks, List<VolumeSpec> volumes,
                               List<StackSpec> stacks, List<ContainerSpec> containers, List<RegistrySpec> registries) {
            this(scopeName, builds, networks, volumes, stacks, containers, registries, null);
        }

        public boolean isEmpty() {
            return builds.isEmpty() && networks.isEmpty() && volumes.isEmpty() && stacks.isEmpty() && containers.isEmpty();
        }
    }
}
