package dev.berth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * Two JVMs run the same suite at the same time against one engine: no name collisions, no
 * global lock, both pass, and neither sweeps the other's live objects.
 */
class TwoJvmsIT {

    @Test
    @DisplayName("the same environment declared in two JVMs at once: both pass and overlap in time")
    void sameSuiteInTwoJvms() throws Exception {
        List<ChildJvm> children = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            children.add(ChildJvm.start(Files.createTempFile("berth-two-jvms", ".log"), List.of(), Child.class));
        }
        List<long[]> windows = new ArrayList<>();
        for (ChildJvm child : children) {
            String log = child.awaitSuccess(Duration.ofMinutes(5));
            String window = log.lines().filter(l -> l.startsWith(Child.WINDOW)).findFirst().orElseThrow();
            String[] parts = window.substring(Child.WINDOW.length()).split(" ");
            windows.add(new long[] {Long.parseLong(parts[0]), Long.parseLong(parts[1])});
            Files.deleteIfExists(child.log());
        }
        // the two test bodies ran while both environments existed
        assertThat(Math.max(windows.get(0)[0], windows.get(1)[0])).isLessThan(Math.min(windows.get(0)[1], windows.get(1)[1]));
    }

    /** A second JVM: runs {@link SameSuiteTestCases} through the launcher, exits 0 only if all passed. */
    public static final class Child {
        static final String WINDOW = "BERTH-WINDOW ";

        private Child() {
        }

        public static void main(String[] args) throws IOException {
            Launcher launcher = LauncherFactory.create();
            SummaryGeneratingListener summary = new SummaryGeneratingListener();
            launcher.execute(LauncherDiscoveryRequestBuilder.request().selectors(selectClass(SameSuiteTestCases.class)).build(), summary);
            TestExecutionSummary s = summary.getSummary();
            s.printFailuresTo(new java.io.PrintWriter(System.out, true), 20);
            System.out.flush();
            System.exit(s.getTestsSucceededCount() == 1 && s.getTotalFailureCount() == 0 ? 0 : 1);
        }
    }

    @WithNetwork(name = "same-net")
    @WithContainer(name = "same-server", image = "busybox:1.35", networks = "same-net",
            command = {"httpd", "-f", "-p", "80", "-h", "/"}, waitFor = @WaitFor(port = 80))
    @WithContainer(name = "same-client", image = "busybox:1.35", networks = "same-net", command = {"sleep", "3600"})
    static class SameSuiteTestCases {
        @Test
        void wiring(@Berth("same-client") BerthContainer client) throws InterruptedException {
            long start = System.currentTimeMillis();
            dev.berth.assertions.BerthAssertions.assertThat(client).canResolve("same-server").canReach("same-server", 80);
            Thread.sleep(3000); // keep the environment up so the other JVM's run overlaps this one
            dev.berth.assertions.BerthAssertions.assertThat(client).canReach("same-server", 80);
            System.out.println(Child.WINDOW + start + " " + System.currentTimeMillis());
        }
    }
}
