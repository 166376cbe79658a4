package dev.berth;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The secret grep: after the deliberately failing {@code SecretProbe*OnPurpose} classes ran as real
 * Surefire tests (the {@code secret-probe-fails-on-purpose} execution of the pom, with its own reports
 * directory and JUnit output directory under {@code target/secret-probe}), this check (the
 * {@code secret-probe-grep} execution, after it in the same build) searches every file under
 * {@code target/} for the probe's secret values.
 *
 * <p>It first proves the probe is fresh and produced what it should: the fixtures' reports carry
 * this build's stamp, every fixture failed the expected way with the masked form in its message,
 * the published log files and Berth's build log exist. Only then does "no secret anywhere" mean
 * something. The one part of {@code target/} not searched is the compiled test code
 * ({@code target/test-classes}, {@code target/classes}): the probe's constants are there by
 * construction; the check proves they are, so the search itself is shown to find them.
 */
class SecretGrepCheck {

    private Path target;
    private Path probe;

    @BeforeEach
    void locate() {
        target = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().normalize().resolve("target");
        probe = target.resolve("secret-probe");
    }

    @Test
    @DisplayName("the probe's fixtures ran in this build and failed the expected way, masked")
    void probeRanAndFailedAsExpected() throws Exception {
        Map<String, String> waits = failures("SecretProbeWaitFailsOnPurpose");
        assertThat(waits).hasSize(1);
        assertThat(waits.values().iterator().next()).contains("was not ready", "last observed: exit code 1, stderr: not ready:",
                "mysql://root:****@db/app", "Last ", "boot: db mysql://root:****@db/app password ****");

        Map<String, String> build = failures("SecretProbeBuildFailsOnPurpose");
        assertThat(build).hasSize(1);
        assertThat(build.values().iterator().next()).contains("building berth-test/secret-probe:1 failed",
                "probe build sees token **** and repo https://deploy:****@repo.example/x");

        Map<String, String> failures = failures("SecretProbeChecksFailOnPurpose");
        assertThat(failures).containsOnlyKeys("fileContent(BerthContainer)", "registryPasswordInAFile(BerthContainer)",
                "logTail(BerthContainer)", "execResult(BerthContainer)");
        assertThat(failures.get("fileContent(BerthContainer)")).contains("db=mysql://root:****@db/app password=****",
                "Berth environment at the time of the failure");
        assertThat(failures.get("registryPasswordInAFile(BerthContainer)")).contains("\"auth\": \"probe:****\"");
        assertThat(failures.get("logTail(BerthContainer)")).contains("app: connecting to mysql://root:****@db/app with ****");
        assertThat(failures.get("execResult(BerthContainer)")).contains("mysql://root:****@db/app ****");

        List<Path> published = files(probe.resolve("junit-output")).stream()
                .filter(p -> p.getFileName().toString().equals("berth-app.log")).toList();
        assertThat(published).as("published log files of the app container").hasSizeGreaterThanOrEqualTo(4);
        for (Path p : published) {
            assertThat(shown(Files.readString(p))).contains("app: connecting to mysql://root:****@db/app with ****");
        }
        String buildLog = shown(Files.readString(probe.resolve("surefire-reports/dev.berth.SecretProbeBuildFailsOnPurpose-output.txt")));
        assertThat(buildLog).as("Berth's build log (SLF4J) of the probe's build")
                .contains("[build berth-test/secret-probe:1]", "probe build sees token ****");
    }

    @Test
    @DisplayName("no file under target/ holds a secret value of the probe")
    void noSecretUnderTarget() throws IOException {
        Map<String, List<String>> hits = new TreeMap<>();
        int searched = 0;
        for (Path file : files(target)) {
            if (file.startsWith(target.resolve("test-classes")) || file.startsWith(target.resolve("classes"))) {
                continue;
            }
            searched++;
            List<String> found = secretsIn(file);
            if (!found.isEmpty()) {
                hits.put(target.relativize(file).toString(), found);
            }
        }
        assertThat(searched).as("files searched under %s", target).isGreaterThan(10);
        assertThat(hits).as("files under target/ holding a secret value of the probe").isEmpty();
    }

    @Test
    @DisplayName("the search finds the secrets where they are by construction: the compiled probe")
    void searchFindsTheCompiledConstants() throws IOException {
        List<String> found = secretsIn(target.resolve("test-classes/dev/berth/SecretProbe.class"));
        assertThat(found).containsExactlyInAnyOrderElementsOf(SecretProbe.all().keySet());
    }

    /** The failure text (message and trace) of every failed test case of a fixture's Surefire report, by test name. */
    private Map<String, String> failures(String fixture) throws Exception {
        Path xml = probe.resolve("surefire-reports/TEST-dev.berth." + fixture + ".xml");
        assertThat(xml).as("Surefire report of %s (the secret-probe-fails-on-purpose execution runs before this check)", fixture)
                .exists();
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(xml.toFile());
        NodeList props = doc.getElementsByTagName("property");
        String stamp = null;
        for (int i = 0; i < props.getLength(); i++) {
            Element p = (Element) props.item(i);
            if (p.getAttribute("name").equals("berth.secretProbe.build")) {
                stamp = p.getAttribute("value");
            }
        }
        assertThat(stamp).as("build stamp of %s: the report is from this build", fixture).isNotBlank()
                .isEqualTo(System.getProperty("berth.secretProbe.build"));
        Map<String, String> out = new LinkedHashMap<>();
        NodeList cases = doc.getElementsByTagName("testcase");
        for (int i = 0; i < cases.getLength(); i++) {
            Element c = (Element) cases.item(i);
            StringBuilder text = new StringBuilder();
            for (String kind : List.of("failure", "error")) {
                NodeList f = c.getElementsByTagName(kind);
                for (int j = 0; j < f.getLength(); j++) {
                    Element e = (Element) f.item(j);
                    text.append(e.getAttribute("message")).append('\n').append(e.getTextContent());
                }
            }
            if (!text.isEmpty()) {
                out.put(c.getAttribute("name"), shown(text.toString()));
            }
        }
        return out;
    }

    /**
     * The text with every probe secret replaced by {@code <LEAKED: what>}: this check's own
     * failure messages (its reports are under target/ too) never hold a secret value.
     */
    private static String shown(String text) {
        String out = text;
        for (Map.Entry<String, String> s : SecretProbe.all().entrySet()) {
            out = out.replace(s.getValue(), "<LEAKED: " + s.getKey() + ">");
        }
        return out;
    }

    private static List<Path> files(Path root) throws IOException {
        try (Stream<Path> all = Files.walk(root)) {
            return all.filter(Files::isRegularFile).toList();
        }
    }

    /** What the file holds among the probe's secret values (raw bytes, any file type). */
    private static List<String> secretsIn(Path file) throws IOException {
        String content = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
        List<String> found = new ArrayList<>();
        SecretProbe.all().forEach((what, value) -> {
            if (content.contains(value)) {
                found.add(what);
            }
        });
        return found;
    }
}
