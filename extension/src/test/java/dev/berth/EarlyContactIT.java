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
    @DisplayName("selected Berth classes contact the engine when discovery starts: the run record exists while an earlier class without Berth runs")
    void contactsWhenDiscoveryStarts() throws Exception {
        runChild("classes");
    }

    @Test
    @DisplayName("a plan that holds a Berth class but selects none by class contacts the engine when the plan starts")
    void contactsWhenThePlanStarts() throws Exception {
        runChild("unique-ids");
    }

    private static void runChild(String mode) throws Exception {
        ChildJvm child = ChildJvm.start(Files.createTempFile("berth-early-contact", ".log"),
                List.of("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"), EarlyContactChild.class, mode);
        assertThat(child.awaitSuccess(Duration.ofMinutes(2))).contains(EarlyContactChild.PASSED);
        assertThat(LeakCheck.objects("berth-it=early-contact")).as("the child removed its network").isEmpty();
    }
}
