package dev.berth.internal.swarm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Whether an overlay network's names have spread, from each node's verbose view (shaped as the engine answers). */
@DisplayName("the names of an overlay network, as each node knows them")
class OverlayNamesTests {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A node's view: its own endpoints (name to endpoint ID, with its load balancer's) and the endpoints it knows. */
    private static JsonNode view(Map<String, String> own, List<String> known) {
        var view = JSON.createObjectNode();
        var containers = view.putObject("Containers");
        own.forEach((name, endpoint) -> containers.putObject("id-of-" + name).put("Name", name).put("EndpointID", endpoint));
        containers.putObject("lb-mesh").put("Name", "mesh-endpoint").put("EndpointID", "lb-endpoint-" + own.hashCode());
        var tasks = view.putObject("Services").putObject("").putArray("Tasks");
        known.forEach(endpoint -> tasks.addObject().put("Name", "task").put("EndpointID", endpoint));
        return view;
    }

    private static Map<String, JsonNode> views(JsonNode node1, JsonNode node2) {
        Map<String, JsonNode> views = new LinkedHashMap<>();
        views.put("node-1", node1);
        views.put("node-2", node2);
        return views;
    }

    @Test
    @DisplayName("spread: each node with a container knows the other node's endpoints")
    void spread() {
        assertThat(OverlayNames.unknown(views(view(Map.of("a", "e1"), List.of("e1", "e2")), view(Map.of("b", "e2"), List.of("e1", "e2")))))
                .isEmpty();
    }

    @Test
    @DisplayName("not spread: names each missing endpoint, the node that misses it and where it runs")
    void notSpread() {
        List<OverlayNames.Unknown> unknown = OverlayNames.unknown(views(view(Map.of("a", "e1"), List.of("e1")),
                view(Map.of("b", "e2", "c", "e3"), List.of("e1", "e2", "e3"))));
        assertThat(unknown).extracting(Object::toString).containsExactlyInAnyOrder(
                "node-1 does not know b (on node-2)", "node-1 does not know c (on node-2)");
    }

    @Test
    @DisplayName("a node without a container of its own on the network resolves nothing there: what it misses does not count")
    void nodeWithoutContainers() {
        assertThat(OverlayNames.unknown(views(view(Map.of("a", "e1"), List.of("e1")), view(Map.of(), List.of())))).isEmpty();
    }

    @Test
    @DisplayName("a node's load balancer endpoint has no name: no node needs to know it")
    void loadBalancerIgnored() {
        // each view carries its own lb- endpoint, which neither node lists as known
        assertThat(OverlayNames.unknown(views(view(Map.of("a", "e1"), List.of("e1", "e2")), view(Map.of("b", "e2"), List.of("e2", "e1")))))
                .isEmpty();
    }

    @Test
    @DisplayName("a node that knows nothing yet (its Services empty) misses every other node's endpoint")
    void knowsNothing() {
        var bare = JSON.createObjectNode();
        bare.putObject("Containers").putObject("x").put("Name", "a").put("EndpointID", "e1");
        bare.putObject("Services");
        assertThat(OverlayNames.unknown(views(bare, view(Map.of("b", "e2"), List.of("e1", "e2")))))
                .extracting(Object::toString).containsExactly("node-1 does not know b (on node-2)");
    }

    @Test
    @DisplayName("a node whose engine gives no swarm-wide view (no Services at all) is not waited for; the other node still is")
    void engineWithoutSwarmWideView() {
        var blind = JSON.createObjectNode();
        blind.putObject("Containers").putObject("x").put("Name", "a").put("EndpointID", "e1");
        assertThat(OverlayNames.unknown(views(blind, view(Map.of("b", "e2"), List.of("e2")))))
                .extracting(Object::toString).containsExactly("node-2 does not know a (on node-1)");
    }
}
