package dev.berth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
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
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<Process> children = new ArrayList<>();
        List<Path> outputs = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            Path out = Files.createTempFile("berth-two-jvms", ".log");
            outputs.add(out);
            children.add(new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), Child.class.getName())
                    .redirectErrorStream(true).redirectOutput(out.toFile()).start());
        }
        List<long[]> windows = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            Process p = children.get(i);
            boolean finished = p.waitFor(5, TimeUnit.MINUTES);
            String log = Files.readString(outputs.get(i), StandardCharsets.UTF_8);
            if (!finished) {
                p.destroyForcibly();
            }
            assertThat(finished).as("child %d finished; its output:%n%s", i, log).isTrue();
            assertThat(p.exitValue()).as("child %d exit code; its output:%n%s", i, log).isZero();
            String window = log.lines().filter(l -> l.startsWith(Child.WINDOW)).findFirst().orElseThrow();
            String[] parts = window.substring(Child.WINDOW.length()).split(" ");
            windows.add(new long[] {Long.parseLong(parts[0]), Long.parseLong(parts[1])});
            Files.deleteIfExists(outputs.get(i));
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
