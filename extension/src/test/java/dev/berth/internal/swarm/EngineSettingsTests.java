package dev.berth.internal.swarm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.io.TempDir;

/** The per-engine settings of a real host, read and checked without any engine. */
class EngineSettingsTests {

    private static Function<String, Optional<String>> parameters(Map<String, String> values) {
        return key -> Optional.ofNullable(values.get(key));
    }

    @Test
    void plainTcpNeedsNoCertificates() {
        EngineSettings s = EngineSettings.read("node-1", "tcp://10.0.0.5:2375", parameters(Map.of()));
        assertThat(s.address()).hasToString("tcp://10.0.0.5:2375");
        assertThat(s.tls()).isNull();
        assertThat(s.certPath()).isNull();
    }

    @Test
    void missingFileNamesTheKeyAndTheFile(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("ca.pem"), "x");
        Files.writeString(dir.resolve("cert.pem"), "x");
        assertThatThrownBy(() -> EngineSettings.read("node-2", "tcp://10.0.0.6:2376", parameters(Map.of(
                "berth.engines.node-2.tls-verify", "true", "berth.engines.node-2.cert-path", dir.toString()))))
                .isInstanceOf(ExtensionConfigurationException.class)
                .hasMessageContaining("berth.engines.node-2.cert-path = \"" + dir + "\"")
                .hasMessageContaining("key.pem is missing there (" + dir.resolve("key.pem") + " does not exist)")
                .hasMessageContaining("needs ca.pem, cert.pem and key.pem");
    }

    @Test
    void damagedCertificateIsNamed(@TempDir Path dir) throws IOException {
        for (String f : EngineSettings.FILES) {
            Files.writeString(dir.resolve(f), "not a pem");
        }
        assertThatThrownBy(() -> EngineSettings.read("node-1", "tcp://10.0.0.5:2376", parameters(Map.of(
                "berth.engines.node-1.tls-verify", "true", "berth.engines.node-1.cert-path", dir.toString()))))
                .isInstanceOf(ExtensionConfigurationException.class)
                .hasMessageContaining("berth.engines.node-1.cert-path")
                .hasMessageContaining("ca.pem (" + dir.resolve("ca.pem") + ") cannot be used: it is not a PEM certificate");
    }

    @Test
    void httpsWithoutTlsVerifyIsInconsistent() {
        assertThatThrownBy(() -> EngineSettings.read("node-1", "https://10.0.0.5:2376", parameters(Map.of())))
                .isInstanceOf(ExtensionConfigurationException.class)
                .hasMessageContaining("berth.engines.node-1.host = \"https://10.0.0.5:2376\" asks for TLS")
                .hasMessageContaining("berth.engines.node-1.tls-verify is not true")
                .hasMessageContaining("or write the address as tcp://10.0.0.5:2376");
    }

    @Test
    void certPathWithoutTlsVerifyIsInconsistent(@TempDir Path dir) {
        assertThatThrownBy(() -> EngineSettings.read("node-1", "tcp://10.0.0.5:2376",
                parameters(Map.of("berth.engines.node-1.cert-path", dir.toString()))))
                .isInstanceOf(ExtensionConfigurationException.class)
                .hasMessageContaining("berth.engines.node-1.cert-path = \"" + dir + "\" is set, but berth.engines.node-1.tls-verify is not true")
                .hasMessageContaining("Fix: set berth.engines.node-1.tls-verify=true, or remove berth.engines.node-1.cert-path");
    }

    @Test
    void tlsVerifyMustBeABoolean() {
        assertThatThrownBy(() -> EngineSettings.read("node-1", "tcp://10.0.0.5:2376",
                parameters(Map.of("berth.engines.node-1.tls-verify", "yes"))))
                .isInstanceOf(ExtensionConfigurationException.class)
                .hasMessageContaining("berth.engines.node-1.tls-verify = \"yes\" is not a boolean");
    }

    @Test
    void otherSchemesAreRefused() {
        assertThatThrownBy(() -> EngineSettings.read("node-3", "unix:///var/run/docker.sock", parameters(Map.of())))
                .isInstanceOf(ExtensionConfigurationException.class)
                .hasMessageContaining("berth.engines.node-3.host = \"unix:///var/run/docker.sock\" is not an engine address");
    }
}
