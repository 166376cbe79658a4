package dev.berth.internal.swarm;

import com.github.dockerjava.api.DockerClient;
import dev.berth.BerthException;
import dev.berth.internal.Docker;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.testcontainers.dockerclient.DockerClientProviderStrategy;
import org.testcontainers.dockerclient.TransportConfig;

/** Engines on real hosts, named in configuration ({@code berth.engines.node-1.host=tcp://10.0.0.5:2375}). */
final class RealEngines {

    private RealEngines() {
    }

    static List<Node> connect(String owner, Map<String, String> hosts) {
        List<Node> nodes = new ArrayList<>();
        boolean first = true;
        for (Map.Entry<String, String> e : hosts.entrySet()) {
            URI address;
            try {
                address = URI.create(e.getValue());
            } catch (IllegalArgumentException bad) {
                throw invalid(e.getKey(), e.getValue(), bad.getMessage());
            }
            if (!"tcp".equals(address.getScheme()) || address.getHost() == null || address.getPort() < 0) {
                throw invalid(e.getKey(), e.getValue(), "expected tcp://HOST:PORT");
            }
            DockerClient client = DockerClientProviderStrategy.getClientForConfig(TransportConfig.builder().dockerHost(address).build());
            Node node = new Node(e.getKey(), Docker.node(e.getKey(), client, address, address.getHost()), address.getHost(),
                    address.getPort(), first, null);
            if (!node.answers()) {
                throw new BerthException(owner + ": the engine of node " + node.describe() + " (" + Cluster.ENGINES + e.getKey()
                        + ".host) does not answer. Start it, or correct the address.");
            }
            nodes.add(node);
            first = false;
        }
        Cluster.joinSwarm(owner, nodes);
        return nodes;
    }

    private static ExtensionConfigurationException invalid(String name, String value, String why) {
        return new ExtensionConfigurationException("Configuration parameter " + Cluster.ENGINES + name + ".host = \"" + value
                + "\" is not an engine address (" + why + "). Fix: write it like tcp://10.0.0.5:2375.");
    }
}
