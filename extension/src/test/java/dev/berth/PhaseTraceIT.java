package dev.berth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.LeakCheck.FixtureRun;
import dev.berth.internal.PhaseTrace;
import dev.berth.internal.PhaseTrace.Phase;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** berth.trace.phases against the engine: an environment's phases are timed and handed over when it is closed. */
class PhaseTraceIT {

    @WithNetwork(name = "net")
    @WithVolume(name = "data")
    @WithContainer(name = "server", image = "busybox:1.35", networks = "net", volumes = "data:/data",
            command = {"httpd", "-f", "-p", "8080", "-h", "/"}, waitFor = @WaitFor(port = 8080))
    @WithContainer(name = "client", image = "busybox:1.35", networks = "net", command = {"sleep", "3600"})
    static class TracedTestCases {
        @Test
        void check(@Berth("client") BerthContainer client) {
            assertThat(client.exec("nslookup", "server").exitCode()).isZero();
        }
    }

    @Test
    @DisplayName("every phase of a class environment is timed: preflight, create, start, wait, checks, teardown")
    void everyPhaseIsTimed() {
        List<PhaseTrace.Summary> summaries = new CopyOnWriteArrayList<>();
        Consumer<PhaseTrace.Summary> listener = s -> {
            if (s.scope().contains(TracedTestCases.class.getName())) {
                summaries.add(s);
            }
        };
        PhaseTrace.addListener(listener);
        FixtureRun run;
        try {
            run = LeakCheck.execute(TracedTestCases.class, Map.of("berth.trace.phases", "true"));
        } finally {
            PhaseTrace.removeListener(listener);
        }
        run.assertNothingLeftBehind();
        run.assertTestsPassed(1);
        assertThat(summaries).hasSize(1);
        PhaseTrace.Summary summary = summaries.get(0);
        assertThat(summary.millis()).containsKeys(Phase.ENGINE, Phase.DISCOVERY, Phase.PREFLIGHT, Phase.CREATE, Phase.START,
                Phase.WAIT, Phase.CHECKS, Phase.TEARDOWN);
        // WAIT is the server's port wait only: the client's start-up settle runs in the background, overlapping the
        // test (StartupSettleIT, BadInputIT.exitsAtStartWithoutWait), so no lower bound on it holds any more
        assertThat(summary.millis().get(Phase.CHECKS)).isPositive();
    }
}
