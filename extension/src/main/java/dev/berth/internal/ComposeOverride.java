package dev.berth.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The override file Berth adds to a compose stack, from the model {@code docker compose config}
 * printed: Berth's labels on every service and on every network and volume the stack creates
 * (external ones are not the stack's), and published ports without a host address bound to the
 * bind address, like {@code @WithContainer}'s.
 */
final class ComposeOverride {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** A key no compose file or label holds, replaced by {@code "ports": !override} in the text. */
    private static final String PORTS_KEY = "berth-ports-override-b6f1";

    private ComposeOverride() {
    }

    /** The override as compose reads it (JSON is YAML; the {@code !override} tag replaces a service's ports instead of merging). */
    static String render(JsonNode model, Map<String, String> berthLabels, String bindAddress) {
        return text(build(model, berthLabels, bindAddress));
    }

    /**
     * The override as a tree, to which other parts may still add (bind mounts copied into volumes for
     * an engine that cannot see the JVM's files); {@code bindAddress} empty leaves ports on the engine's default.
     */
    static ObjectNode build(JsonNode model, Map<String, String> berthLabels, String bindAddress) {
        ObjectNode root = JSON.createObjectNode();
        // compose interpolates "$" in every value of the override file too: a JUnit id such as
        // "Outer$Nested" would lose its "$Nested" part and warn of an unset variable
        Map<String, String> labels = new LinkedHashMap<>();
        berthLabels.forEach((k, v) -> labels.put(k, v.replace("$", "$$")));
        ObjectNode services = root.putObject("services");
        model.path("services").properties().forEach(e -> {
            ObjectNode service = services.putObject(e.getKey());
            ObjectNode l = service.putObject("labels");
            labels.forEach(l::put);
            JsonNode ports = e.getValue().path("ports");
            if (ports.isArray() && !ports.isEmpty()) {
                var list = service.putArray(PORTS_KEY);
                for (JsonNode p : ports) {
                    ObjectNode copy = p.deepCopy();
                    if (copy.path("host_ip").asText("").isEmpty() && bindAddress != null && !bindAddress.isEmpty()) {
                        copy.put("host_ip", bindAddress);
                    }
                    list.add(copy);
                }
            }
        });
        labelOwned(root, "networks", model, labels);
        labelOwned(root, "volumes", model, labels);
        return root;
    }

    /** The tree of {@link #build} as the text compose reads. */
    static String text(ObjectNode root) {
        try {
            // merged instead of replaced, the original binding on every interface would stay
            return JSON.writeValueAsString(root).replace("\"" + PORTS_KEY + "\":[", "\"ports\": !override [");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a compose override could not be written as JSON: " + e.getMessage(), e);
        }
    }

    private static void labelOwned(ObjectNode root, String section, JsonNode model, Map<String, String> labels) {
        ObjectNode owned = JSON.createObjectNode();
        model.path(section).properties().forEach(e -> {
            if (!e.getValue().path("external").asBoolean(false)) {
                ObjectNode l = owned.putObject(e.getKey()).putObject("labels");
                labels.forEach(l::put);
            }
        });
        if (!owned.isEmpty()) {
            root.set(section, owned);
        }
    }
}
