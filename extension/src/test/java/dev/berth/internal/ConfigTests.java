package dev.berth.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.Removal;
import dev.berth.HostAccess;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Berth's configuration keys: defaults, accepted values, and the message for a value it cannot use. */
class ConfigTests {

    @Test
    @DisplayName("without parameters every key has its documented default")
    void defaults() {
        Config config = Config.of(Map.of());
        assertThat(config.cleanup()).isEqualTo(Removal.ALWAYS);
        assertThat(config.waitTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(config.pullTimeout()).isEqualTo(Duration.ofSeconds(120));
        assertThat(config.bindAddress()).as("none configured: 127.0.0.1 on a local engine, its default on a remote one").isNull();
        assertThat(config.probeImage()).isEqualTo("busybox:1.35");
        assertThat(config.parallelStart()).isTrue();
        assertThat(config.logLines()).isEqualTo(50);
        assertThat(config.composeWaitTimeout()).isEqualTo(Duration.ofSeconds(120));
        assertThat(config.composeCommand()).isEqualTo("docker compose");
        assertThat(config.registryImage()).isEqualTo("berth/registry:latest");
        assertThat(config.skipWithoutEngine()).isFalse();
        assertThat(config.hostAccessAllowed()).isEmpty();
    }

    @Test
    @DisplayName("every key is read, trimmed and parsed")
    void values() {
        Config config = Config.of(Map.ofEntries(
                Map.entry(Config.CLEANUP, " on_success "),
                Map.entry(Config.WAIT_TIMEOUT, "1500ms"),
                Map.entry(Config.PULL_TIMEOUT, "2m"),
                Map.entry(Config.BIND_ADDRESS, "::1"),
                Map.entry(Config.PROBE_IMAGE, " my/probe:1 "),
                Map.entry(Config.START_ORDER, "sequential"),
                Map.entry(Config.LOG_LINES, "7"),
                Map.entry(Config.COMPOSE_WAIT_TIMEOUT, "1h"),
                Map.entry(Config.COMPOSE_COMMAND, "docker-compose"),
                Map.entry(Config.REGISTRY_IMAGE, "registry:2"),
                Map.entry(Config.ENGINE_UNAVAILABLE, "skip")));
        assertThat(config.cleanup()).isEqualTo(Removal.ON_SUCCESS);
        assertThat(config.waitTimeout()).isEqualTo(Duration.ofMillis(1500));
        assertThat(config.pullTimeout()).isEqualTo(Duration.ofMinutes(2));
        assertThat(config.bindAddress()).isEqualTo("::1");
        assertThat(config.probeImage()).isEqualTo("my/probe:1");
        assertThat(config.parallelStart()).isFalse();
        assertThat(config.logLines()).isEqualTo(7);
        assertThat(config.composeWaitTimeout()).isEqualTo(Duration.ofHours(1));
        assertThat(config.composeCommand()).isEqualTo("docker-compose");
        assertThat(config.registryImage()).isEqualTo("registry:2");
        assertThat(config.skipWithoutEngine()).isTrue();
    }

    @Test
    @DisplayName("berth.reuse.*: on by default, 24h maximum age, 10m lock timeout; invalid values name the key")
    void reuse() {
        Config defaults = Config.of(Map.of());
        assertThat(defaults.reuseEnabled()).isTrue();
        assertThat(defaults.reuseMaxAge()).isEqualTo(Duration.ofHours(24));
        assertThat(defaults.reuseLockTimeout()).isEqualTo(Duration.ofMinutes(10));
        Config set = Config.of(Map.of(Config.REUSE_ENABLED, " false ", Config.REUSE_MAX_AGE, "2h", Config.REUSE_LOCK_TIMEOUT, "30s"));
        assertThat(set.reuseEnabled()).isFalse();
        assertThat(set.reuseMaxAge()).isEqualTo(Duration.ofHours(2));
        assertThat(set.reuseLockTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThatThrownBy(() -> Config.of(Map.of(Config.REUSE_ENABLED, "yes")))
                .isInstanceOf(org.junit.jupiter.api.extension.ExtensionConfigurationException.class)
                .hasMessageContaining(Config.REUSE_ENABLED).hasMessageContaining("expected 'true' or 'false'");
        assertThatThrownBy(() -> Config.of(Map.of(Config.REUSE_MAX_AGE, "0s"))).hasMessageContaining(Config.REUSE_MAX_AGE)
                .hasMessageContaining("it must be positive");
    }

    @Test
    @DisplayName("berth.host-access.allow lists kinds of host access")
    void hostAccess() {
        Config config = Config.of(Map.of(Config.HOST_ACCESS_ALLOW, "host-root, privileged"));
        assertThat(config.hostAccessAllowed()).containsExactlyInAnyOrder(HostAccess.HOST_ROOT, HostAccess.PRIVILEGED);
        assertThatThrownBy(() -> Config.of(Map.of(Config.HOST_ACCESS_ALLOW, "everything")))
                .hasMessageContaining("use a comma-separated list of host-root, engine-socket, outside-project, privileged");
    }

    @ParameterizedTest(name = "{0}={1} is refused: {2}")
    @CsvSource(delimiter = '|', value = {
            "berth.cleanup|sometimes|No enum constant",
            "berth.wait.timeout|0s|it must be positive",
            "berth.wait.timeout|soon|is not a duration: write e.g. 500ms, 30s, 2m or 1h",
            "berth.pull.timeout|-1s|is not a duration",
            "berth.ports.bind-address|localhost|an IPv4 or IPv6 address such as 127.0.0.1 or ::1",
            "berth.container.start|random|expected 'parallel' or 'sequential'",
            "berth.diagnostics.log-lines|many|For input string",
            "berth.compose.wait-timeout|0ms|it must be positive",
            "berth.engine.unavailable|maybe|expected 'fail' or 'skip'"})
    void invalid(String key, String value, String reason) {
        assertThatThrownBy(() -> Config.of(Map.of(key, value)))
                .isInstanceOf(ExtensionConfigurationException.class)
                .hasMessageContaining("Configuration parameter '" + key + "' has the invalid value '" + value + "'")
                .hasMessageContaining(reason)
                .hasMessageContaining("See the configuration page of Berth's documentation");
    }

    @ParameterizedTest(name = "\"{0}\" is {1} ms")
    @CsvSource({"500ms,500", "30s,30000", "30,30000", "2m,120000", "1h,3600000", " 5 s ,5000"})
    void durations(String text, long millis) {
        assertThat(Config.duration(text, "test")).isEqualTo(Duration.ofMillis(millis));
    }
}
