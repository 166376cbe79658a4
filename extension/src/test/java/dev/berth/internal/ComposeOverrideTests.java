package dev.berth.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The compose override file, generated from a model as {@code docker compose config --format json} prints it. */
class ComposeOverrideTests {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> LABELS = new LinkedHashMap<>(Map.of("dev.berth.managed", "true",
            "dev.berth.scope", "[engine:junit-jupiter]/[class:Outer$Nested]"));

    private static JsonNode model(String json) throws Exception {
        return JSON.readTree(json.replace('\'', '"'));
    }

    /** The override with the {@code !override} tag removed, so it can be read back as JSON. */
    private static JsonNode readBack(String override) throws Exception {
        return JSON.readTree(override.replace("\"ports\": !override [", "\"ports\": ["));
    }

    @Test
    @DisplayName("every service, and every network and volume the stack owns, carries Berth's labels; external ones do not")
    void labels() throws Exception {
        String text = ComposeOverride.render(model("{'services': {'web': {}, 'db': {}},"
                + " 'networks': {'default': {}, 'shared': {'external': true}},"
                + " 'volumes': {'data': {}, 'outside': {'external': true}}}"), LABELS, "127.0.0.1");
        JsonNode o = readBack(text);
        assertThat(o.path("services").path("web").path("labels").path("dev.berth.managed").asText()).isEqualTo("true");
        assertThat(o.path("services").path("db").path("labels").path("dev.berth.managed").asText()).isEqualTo("true");
        assertThat(o.path("networks").has("default")).isTrue();
        assertThat(o.path("networks").has("shared")).isFalse();
        assertThat(o.path("volumes").has("data")).isTrue();
        assertThat(o.path("volumes").has("outside")).isFalse();
    }

    @Test
    @DisplayName("a $ in a label value is doubled, so compose's interpolation keeps it")
    void dollarsEscaped() throws Exception {
        JsonNode o = readBack(ComposeOverride.render(model("{'services': {'web': {}}}"), LABELS, "127.0.0.1"));
        assertThat(o.path("services").path("web").path("labels").path("dev.berth.scope").asText())
                .isEqualTo("[engine:junit-jupiter]/[class:Outer$$Nested]");
    }

    @Test
    @DisplayName("published ports without a host address get the bind address, and replace the service's ports (!override)")
    void ports() throws Exception {
        String text = ComposeOverride.render(model("{'services': {'web': {'ports': ["
                + "{'target': 80, 'published': '8080', 'protocol': 'tcp'},"
                + "{'target': 443, 'host_ip': '0.0.0.0', 'protocol': 'tcp'}]}, 'db': {}}}"), LABELS, "::1");
        assertThat(text).contains("\"ports\": !override [");
        JsonNode ports = readBack(text).path("services").path("web").path("ports");
        assertThat(ports).hasSize(2);
        assertThat(ports.get(0).path("host_ip").asText()).isEqualTo("::1");
        assertThat(ports.get(0).path("published").asText()).isEqualTo("8080");
        assertThat(ports.get(1).path("host_ip").asText()).as("a declared host address is kept").isEqualTo("0.0.0.0");
        assertThat(readBack(text).path("services").path("db").has("ports")).isFalse();
    }

    @Test
    @DisplayName("a model without networks or volumes writes neither section")
    void noSections() throws Exception {
        JsonNode o = readBack(ComposeOverride.render(model("{'services': {'web': {}}}"), LABELS, "127.0.0.1"));
        assertThat(o.has("networks")).isFalse();
        assertThat(o.has("volumes")).isFalse();
    }
}
