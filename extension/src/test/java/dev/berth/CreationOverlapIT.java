package dev.berth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.LeakCheck.FixtureRun;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Containers start as soon as their own networks and volumes exist, not after every network and
 * volume of the scope: when another network of the scope fails meanwhile, the scope still fails
 * with that network's error and removes everything, the container that had started included.
 */
@HostExclusive("subnet-10.213.58.0-24") // a fixed host-wide resource: two suites at once must not overlap here
class CreationOverlapIT {

    @WithNetwork(name = "first", subnet = "10.213.58.0/24")
    @WithNetwork(name = "second", subnet = "10.213.58.0/24") // the same subnet: the engine refuses one of the two
    @WithContainer(name = "bystander", image = "busybox:1.35", command = {"sleep", "3600"}) // on neither network
    @WithContainer(name = "member", image = "busybox:1.35", networks = "first", command = {"sleep", "3600"})
    static class ClashTestCases {
        @Test
        void never() {
        }
    }

    @Test
    @DisplayName("a network refused while an unrelated container starts: the network's error, nothing left behind")
    void failedNetworkStillFailsTheScopeAndRemovesEverything() {
        FixtureRun run = LeakCheck.execute(ClashTestCases.class).assertNothingLeftBehind();
        run.results().testEvents().assertStatistics(s -> s.started(0));
        assertThat(run.classFailure()).isInstanceOf(BerthException.class)
                .hasMessageContaining("Docker refused to create the network")
                .hasMessageContaining("10.213.58.0/24");
        assertThat(run.createdContainers()).as("the container on neither network did not wait for them")
                .anyMatch(n -> n.startsWith("bystander-"));
    }
}
