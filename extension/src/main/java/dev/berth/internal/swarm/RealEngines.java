package dev.berth.internal.swarm;

import com.github.dockerjava.api.DockerClient;
import dev.berth.BerthException;
import dev.berth.internal.Config;
import dev.berth.internal.Docker;
import dev.berth.internal.RunRecord;
import dev.berth.internal.Secrets;
import dev.berth.internal.Sweeper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import javax.net.ssl.SSLException;

/**
 * Engines on real hosts, named in configuration ({@code berth.engines.node-1.host=tcp://10.0.0.5:2375},
 * with {@code tls-verify} and {@code cert-path} beside it for TLS). At first contact each gets the dead-run
 * sweep and this JVM's run record, as the default engine does, before anything is created there.
 */
final class RealEngines {

    private RealEngines() {
    }

    static List<Node> connect(String owner, Map<String, String> hosts, Function<String, Optional<String>> parameters, boolean copy) {
        // every setting is read and checked before any engine is contacted
        List<EngineSettings> settings = new ArrayList<>();
        hosts.forEach((name, host) -> settings.add(EngineSettings.read(name, host, parameters)));
        List<Node> nodes = new ArrayList<>();
        // an engine is known by its address and its ID: an address can later be another engine's (a host rebuilt)
        Map<Node, String> engines = new java.util.HashMap<>();
        for (EngineSettings s : settings) {
            DockerClient client = s.client();
            Node node = new Node(s.name(), Docker.node(s.name(), client, s.address(), s.address().getHost()), s.address().getHost(),
                    s.address().getPort(), nodes.isEmpty(), null, Node.api(s.address(), s.tls()));
            if (!node.answers()) {
                throw new BerthException(owner + ": the engine of node " + node.describe() + " (" + Cluster.ENGINES + s.name()
                        + EngineSettings.HOST + ") does not answer. Start it, or correct the address.");
            }
            engines.put(node, s.address() + " " + ping(owner, s, client));
            nodes.add(node);
        }
        String probe = Config.fromParameters(parameters).probeImage();
        recordImage(owner, nodes, probe, copy);
        // workers first: their containers leave a dead run's overlay networks, which the manager then removes
        List<Node> workersFirst = new ArrayList<>(nodes.subList(1, nodes.size()));
        workersFirst.add(nodes.get(0));
        for (Node n : workersFirst) {
            String engine = engines.get(n);
            Sweeper.sweepDeadRunsOnce(engine, "node " + n.describe(), n.docker().client());
            RunRecord.startOn(engine, new java.net.InetSocketAddress(n.ip(), n.apiPort()), n.docker().client(), probe);
        }
        Cluster.joinSwarm(owner, nodes);
        return nodes;
    }

    /** The first API call, which returns the engine's ID: a TLS or protocol mismatch becomes a message that says which settings to fix. */
    private static String ping(String owner, EngineSettings s, DockerClient client) {
        try {
            return String.valueOf(client.infoCmd().exec().getId());
        } catch (RuntimeException e) {
            String prefix = Cluster.ENGINES + s.name();
            String why = Secrets.mask(rootMessage(e));
            String head = owner + ": the engine of node " + s.name() + " at " + s + " answers, but ";
            if (s.tls() != null && tlsFailure(e)) {
                throw new BerthException(head + "the TLS handshake failed (" + why + "); nothing was created. Either the engine's"
                        + " certificate is not signed by " + s.certPath().resolve("ca.pem") + ", or the engine does not accept "
                        + s.certPath().resolve("cert.pem") + ", or it does not speak TLS on that port. Fix: set " + prefix
                        + EngineSettings.CERT_PATH + " to the engine's CA and a client certificate and key it issued (the files"
                        + " DOCKER_CERT_PATH names for the docker CLI); for an engine without TLS, remove " + prefix
                        + EngineSettings.TLS_VERIFY + ".", e);
            }
            throw new BerthException(head + "Berth cannot talk to it (" + why + "); nothing was created. Fix: " + (s.tls() != null
                    ? "check that the engine runs dockerd --tlsverify on that port, with API >= 1.44."
                    : "if the engine uses TLS (usually port 2376), set " + prefix + EngineSettings.TLS_VERIFY + "=true and " + prefix
                    + EngineSettings.CERT_PATH + "=DIR (holding ca.pem, cert.pem, key.pem); else check that it speaks API >= 1.44."), e);
        }
    }

    private static boolean tlsFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SSLException) {
                return true;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName() + ": " + t.getMessage();
    }

    /** The image of this JVM's run record, on every node: copied in when allowed, else reported for all nodes at once. */
    private static void recordImage(String owner, List<Node> nodes, String image, boolean copy) {
        List<String> problems = new ArrayList<>();
        List<Node> toCopy = new ArrayList<>();
        DockerClient local = null;
        for (Node n : nodes) {
            if (Placement.present(n.docker().client(), image)) {
                continue;
            }
            if (!copy) {
                problems.add("image " + image + " is missing on node " + n.name() + " (" + Cluster.COPY_IMAGES
                        + " = false: load or pull it there; Berth's run record on that engine is made from it, " + Config.PROBE_IMAGE + ")");
                continue;
            }
            local = local == null ? Docker.get().client() : local;
            if (!Placement.present(local, image)) {
                problems.add("image " + image + " (" + Config.PROBE_IMAGE + ", Berth's run record) is missing on node " + n.name()
                        + " and on the local engine, so it cannot be copied there (build or pull it locally)");
            } else {
                toCopy.add(n);
            }
        }
        if (!problems.isEmpty()) {
            throw new BerthException(Secrets.mask(owner + ": the configured engines cannot be used, nothing was created:\n  - "
                    + String.join("\n  - ", problems)));
        }
        for (Node n : toCopy) {
            Placement.copy(local, n, List.of(image));
        }
    }

}
