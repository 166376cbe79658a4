package dev.berth.internal.swarm;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Whether the name records of an overlay network have spread to every node that has a container on
 * it. A node's engine learns the endpoints of other nodes' containers by gossip (its NetworkDB), and
 * resolves a name only once the endpoint's record has arrived: usually within a few hundred ms, but a
 * record can be lost (a node that left the network and joined it again), and is then refused until
 * the engines' periodic full exchange, up to ~30 s later.
 *
 * <p>Each node's view comes from {@code GET /networks/ID?verbose=true}: {@code Containers} holds its
 * own endpoints, {@code Services} every endpoint it knows on the swarm (plain containers under the
 * service named {@code ""}). A node whose view has no {@code Services} at all (an engine that gives no
 * swarm-wide view) is not waited for.
 */
final class OverlayNames {

    private OverlayNames() {
    }

    /** One endpoint a node does not know yet: whose it is and where it runs. */
    record Unknown(String node, String container, String on) {
        @Override
        public String toString() {
            return node + " does not know " + container + " (on " + on + ")";
        }
    }

    /**
     * The endpoints some node with a container on the network does not know yet, from each node's view
     * (by node name; a node without the network is absent): empty when the names have spread.
     */
    static List<Unknown> unknown(Map<String, JsonNode> views) {
        Map<String, Map<String, String>> local = new LinkedHashMap<>(); // node -> endpoint id -> container name
        Map<String, Set<String>> known = new LinkedHashMap<>();
        views.forEach((node, view) -> {
            local.put(node, ownEndpoints(view));
            // an engine that gives no swarm-wide view (no Services at all) cannot be asked: null, not waited for
            known.put(node, view.has("Services") ? knownEndpoints(view) : null);
        });
        List<Unknown> unknown = new ArrayList<>();
        local.forEach((node, own) -> {
            if (own.isEmpty() || known.get(node) == null) {
                return; // no container of this node resolves anything on the network, or its engine cannot say
            }
            local.forEach((other, theirs) -> {
                if (!other.equals(node)) {
                    theirs.forEach((endpoint, container) -> {
                        if (!known.get(node).contains(endpoint)) {
                            unknown.add(new Unknown(node, container, other));
                        }
                    });
                }
            });
        });
        return unknown;
    }

    /** The node's own container endpoints on the network (not its load balancer's, which has no name). */
    private static Map<String, String> ownEndpoints(JsonNode view) {
        Map<String, String> own = new LinkedHashMap<>();
        view.path("Containers").fields().forEachRemaining(e -> {
            if (!e.getKey().startsWith("lb-")) {
                own.put(e.getValue().path("EndpointID").asText(), e.getValue().path("Name").asText(e.getKey()));
            }
        });
        return own;
    }

    /** Every endpoint the node knows on the swarm. */
    private static Set<String> knownEndpoints(JsonNode view) {
        Set<String> known = new LinkedHashSet<>();
        view.path("Services").forEach(service -> service.path("Tasks").forEach(t -> known.add(t.path("EndpointID").asText())));
        return known;
    }
}
