package dev.berth.examples.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.Berth;
import dev.berth.BerthContainer;
import dev.berth.WithContainer;
import dev.berth.internal.Config;
import java.io.IOException;
import java.io.Reader;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

/** The examples of docs/configuration.md. */
class ConfigurationDocsTest {

    static final Path EXAMPLE = Path.of("src/test/java/dev/berth/examples/docs/example-junit-platform.properties");

    /** Every configuration key Config.java defines (its public String constants). */
    static Set<String> configKeys() throws IllegalAccessException {
        Set<String> keys = new TreeSet<>();
        for (Field f : Config.class.getDeclaredFields()) {
            if (Modifier.isStatic(f.getModifiers()) && Modifier.isPublic(f.getModifiers()) && f.getType() == String.class) {
                keys.add((String) f.get(null));
            }
        }
        return keys;
    }

    static Map<String, String> example() throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(EXAMPLE)) {
            p.load(r);
        }
        Map<String, String> out = new TreeMap<>();
        p.forEach((k, v) -> out.put((String) k, (String) v));
        return out;
    }

    @Test
    void theExampleSetsEveryKeyAndThePageDocumentsEveryKey() throws Exception {
        assertThat(example().keySet()).containsExactlyInAnyOrderElementsOf(configKeys());
        String page = Files.readString(DocsPaths.root().resolve("docs/configuration.md"));
        assertThat(configKeys()).allSatisfy(key -> assertThat(page).contains("`" + key + "`"));
    }

    @Fixture
    @WithContainer(name = "web", image = "busybox:1.35", ports = "80", command = {"httpd", "-f", "-p", "80", "-h", "/"})
    static class Published {
        static String hostIp;

        @Test
        void published(@Berth("web") BerthContainer web) {
            hostIp = DockerCli.docker("inspect", "--format", "{{(index (index .HostConfig.PortBindings \"80/tcp\") 0).HostIp}}",
                    web.dockerName()).strip();
        }
    }

    @Test
    void theExampleIsAccepted() throws Exception {
        FixtureRunner.Outcome run = FixtureRunner.run(Published.class, example());
        assertThat(run.testFailures()).isEmpty();
        assertThat(run.classFailures()).isEmpty();
        assertThat(Published.hostIp).isEqualTo("127.0.0.1");
    }

    @Test
    void theBindAddressIsConfigurable() {
        FixtureRunner.Outcome run = FixtureRunner.run(Published.class, Map.of("berth.ports.bind-address", "0.0.0.0"));
        assertThat(run.testsSucceeded()).isEqualTo(1);
        assertThat(Published.hostIp).isEqualTo("0.0.0.0");
    }

    @Test
    void anInvalidValueFailsWithTheKeyAndThePage() {
        FixtureRunner.Outcome run = FixtureRunner.run(Published.class, Map.of("berth.wait.timeout", "soon"));
        // tag::invalid[]
        assertThat(run.onlyClassFailure()).isInstanceOf(ExtensionConfigurationException.class).hasMessage(
                "Configuration parameter 'berth.wait.timeout' has the invalid value 'soon' ('soon' in berth.wait.timeout"
                + " is not a duration: write e.g. 500ms, 30s, 2m or 1h)."
                + " See the configuration page of Berth's documentation for its allowed values.");
        // end::invalid[]
    }
}
