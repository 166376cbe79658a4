package dev.berth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.LeakCheck.FixtureRun;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A container without {@code @WaitFor} counts as started when it stays up for the settle window,
 * or when it is a one-shot job that ended with exit code 0. The settle runs in the background from
 * the container's start and is joined at the first test boundary after it: any other stop in the
 * window fails the first test (BadInputIT covers a class-scope container; here a method-scope one).
 * Against the engine.
 */
class StartupSettleIT {

    @WithContainer(name = "job", image = "busybox:1.35", command = {"sh", "-c", "echo job-done"})
    @WithContainer(name = "steady", image = "busybox:1.35", command = {"sleep", "3600"})
    static class OneShotTestCases {
        static volatile String jobState;
        static volatile boolean steadyRunning;

        @Test
        void uses(@Berth("job") BerthContainer job, @Berth("steady") BerthContainer steady) {
            dev.berth.assertions.BerthAssertions.assertThat(job).within(Duration.ofSeconds(10)).hasExitedWithCode(0);
            jobState = job.logs().strip() + " / running=" + job.isRunning();
            steadyRunning = steady.isRunning();
        }

        @Test
        @WithContainer(name = "boom", image = "busybox:1.35", command = {"sh", "-c", "echo method-boom-marker; exit 4"})
        void methodScopeExitsAtStart(@Berth("boom") BerthContainer boom) {
            // it has exited once this holds (no race with a fast test: a boundary before the window's end looks once
            // more and decides); the test then fails at its own boundary, when the settle of its container is joined
            dev.berth.assertions.BerthAssertions.assertThat(boom).within(Duration.ofSeconds(10)).hasExitedWithCode(4);
        }
    }

    @Test
    @DisplayName("a one-shot job that exits 0 at once is started; a method-scope container that exits non-zero at start"
            + " fails its test with exit code and logs")
    void oneShotJobIsAllowed() {
        FixtureRun run = LeakCheck.execute(OneShotTestCases.class).assertNothingLeftBehind();
        run.results().testEvents().assertStatistics(s -> s.started(2).succeeded(1).failed(1));
        assertThat(OneShotTestCases.jobState).isEqualTo("job-done / running=false");
        assertThat(OneShotTestCases.steadyRunning).isTrue();
        List<String> failed = run.results().testEvents().failed().stream()
                .map(e -> e.getTestDescriptor().getDisplayName()).toList();
        assertThat(failed).containsExactly("methodScopeExitsAtStart(BerthContainer)");
        Throwable failure = run.onlyTestFailure();
        assertThat(failure).isInstanceOf(BerthException.class)
                .hasMessageContaining("Container boom (busybox:1.35) exited with code 4 while starting")
                .hasMessageContaining("method-boom-marker");
        run.results().containerEvents().assertStatistics(s -> s.failed(0));
    }
}
