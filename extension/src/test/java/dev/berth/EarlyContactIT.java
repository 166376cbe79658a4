package dev.berth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The early engine contact through the real launcher, in a JVM of its own (the test JVM has contacted its engine long ago). */
class EarlyContactIT {

    @Test
    @DisplayName("a plan that holds a Berth class contacts the engine at its start: the run record exists while an earlier class without Berth runs")
    void contactsAtThePlansStart() throws Exception {
        ChildJvm child = ChildJvm.start(Files.createTempFile("berth-early-contact", ".log"),
                List.of("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"), EarlyContactChild.class);
        assertThat(child.awaitSuccess(Duration.ofMinutes(2))).contains(EarlyContactChild.PASSED);
        assertThat(LeakCheck.objects("berth-it=early-contact")).as("the child removed its network").isEmpty();
    }
}
