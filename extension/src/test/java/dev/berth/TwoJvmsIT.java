package dev.berth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
    @DisplayName("the same environment declared in two JVMs at once: both pass, each test body running while the other JVM's environment is up")
    void sameSuiteInTwoJvms(@org.junit.jupiter.api.io.TempDir Path meet) throws Exception {
        List<ChildJvm> children = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            children.add(ChildJvm.start(Files.createTempFile("berth-two-jvms", ".log"), List.of("-D" + Child.MEET + "=" + meet),
                    Child.class));
        }
        for (ChildJvm child : children) {
            String log = child.awaitSuccess(Duration.ofMinutes(5));
            assertThat(log).as("the child's output").contains(Child.MET);
            Files.deleteIfExists(child.log());
        }
        try (var entered = Files.list(meet)) {
            assertThat(entered).as("test bodies that checked in").hasSize(2);
        }
    }

    /** A second JVM: runs {@link SameSuiteTestCases} through the launcher, exits 0 only if all passed. */
    public static final class Child {
        /** System property: the directory where each JVM's test body checks in, and sees the other's. */
        static final String MEET = "berth.test.two-jvms.meet";
        static final String MET = "BERTH-MET the other JVM";

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
        void wiring(@Berth("same-client") BerthContainer client) throws Exception {
            dev.berth.assertions.BerthAssertions.assertThat(client).canResolve("same-server").canReach("same-server", 80);
            // check in, then wait (this environment up) for the other JVM's test body: the two run at once by construction
            Path meet = Path.of(System.getProperty(Child.MEET));
            Files.createFile(meet.resolve(String.valueOf(ProcessHandle.current().pid())));
            long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
            while (true) {
                try (var entered = Files.list(meet)) {
                    if (entered.count() >= 2) {
                        break;
                    }
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("the other JVM's test body did not start within 3 minutes of this one's");
                }
                Thread.sleep(50);
            }
            dev.berth.assertions.BerthAssertions.assertThat(client).canReach("same-server", 80);
            System.out.println(Child.MET);
        }
    }
}
