package dev.berth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.LeakCheck.FixtureRun;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A container without {@code @WaitFor} counts as started when it stays up for the settle window,
 * or when it is a one-shot job that ended with exit code 0; any other stop in that window fails the
 * scope (BadInputIT covers the non-zero exit). Against the engine.
 */
class StartupSettleIT {

    @WithContainer(name = "job", image = "busybox:1.35", command = {"sh", "-c", "echo job-done"})
    @WithContainer(name = "steady", image = "busybox:1.35", command = {"sleep", "3600"})
    static class OneShotTestCases {
        static volatile String jobState;
        static volatile boolean steadyRunning;

        @Test
        void uses(@Berth("job") BerthContainer job, @Berth("steady") BerthContainer steady) {
            jobState = job.logs().strip() + " / running=" + job.isRunning();
            steadyRunning = steady.isRunning();
        }
    }

    @Test
    @DisplayName("a one-shot job that exits 0 at once is started; a long-running neighbour runs after the settle")
    void oneShotJobIsAllowed() {
        FixtureRun run = LeakCheck.execute(OneShotTestCases.class).assertNothingLeftBehind();
        run.results().testEvents().assertStatistics(s -> s.started(1).succeeded(1).failed(0));
        assertThat(OneShotTestCases.jobState).isEqualTo("job-done / running=false");
        assertThat(OneShotTestCases.steadyRunning).isTrue();
    }
}
