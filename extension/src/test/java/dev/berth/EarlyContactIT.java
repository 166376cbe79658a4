package dev.berth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The early engine contact through the real launcher, in a JVM of its own (the test JVM has contacted its engine long ago). */
class EarlyContactIT {

    @Test
    @DisplayName("a plan that holds a Berth class contacts the engine at its start: the run record exists while an earlier class without Berth runs")
    void contactsAtThePlansStart() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "-cp", System.getProperty("java.class.path"),
                EarlyContactChild.class.getName()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(2, TimeUnit.MINUTES)).as(out).isTrue();
        assertThat(out).contains(EarlyContactChild.PASSED);
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(LeakCheck.objects("berth-it=early-contact")).as("the child removed its network").isEmpty();
    }
}
