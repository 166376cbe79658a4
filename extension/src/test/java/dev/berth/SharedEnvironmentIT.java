package dev.berth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.berth.internal.RunIdentity;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineTestKit;

/**
 * One environment, declared once, used by two test classes: both get the same container, started
 * once, and it is removed when the test run ends. The two users run in one JUnit run through the
 * test kit, as they would in one surefire run.
 */
class SharedEnvironmentIT {

    @WithNetwork(name = "shared-net")
    @WithContainer(name = "shared-db", image = "busybox:1.35", networks = "shared-net",
            command = {"sh", "-c", "echo booted; exec sleep 3600"})
    static final class SharedStack {
    }

    /** What each user saw: its class, the container id, its StartedAt, and how many shared-db containers this run had. */
    record Sighting(String user, String id, String startedAt, int running) {
    }

    static final List<Sighting> SIGHTINGS = new CopyOnWriteArrayList<>();

    static void record(Class<?> user, BerthContainer db) {
        int count = EngineState.containersLabelled(Map.of("dev.berth.run", RunIdentity.current().runId(),
                "dev.berth.name", "shared-db", "dev.berth.kind", "container")).size();
        SIGHTINGS.add(new Sighting(user.getSimpleName(), db.id(), EngineState.container(db.id()).getState().getStartedAt(), count));
    }

    /** Run through the test kit below, never directly (surefire skips inner classes). */
    @SharedEnvironment(SharedStack.class)
    static class FirstUser {
        @Test
        void uses(@Berth("shared-db") BerthContainer db) {
            record(FirstUser.class, db);
        }
    }

    /** Run through the test kit below, never directly (surefire skips inner classes). */
    @SharedEnvironment(SharedStack.class)
    static class SecondUser {
        @Berth("shared-db")
        static BerthContainer db;

        @Test
        void uses(BerthContainer injected) {
            assertThat(injected.id()).isEqualTo(db.id());
            record(SecondUser.class, injected);
        }
    }

    @Test
    @DisplayName("two classes sharing an environment get the same container, started once, removed at the end of the run")
    void sameContainerStartedOnce() {
        SIGHTINGS.clear();
        EngineTestKit.engine("junit-jupiter").selectors(selectClass(FirstUser.class), selectClass(SecondUser.class))
                .execute().testEvents().assertStatistics(s -> s.started(2).succeeded(2));
        assertThat(SIGHTINGS).extracting(Sighting::user).containsExactlyInAnyOrder("FirstUser", "SecondUser");
        Sighting first = SIGHTINGS.get(0);
        Sighting second = SIGHTINGS.get(1);
        assertThat(second.id()).isEqualTo(first.id());
        assertThat(second.startedAt()).as("not restarted between the classes").isEqualTo(first.startedAt());
        assertThat(SIGHTINGS).allSatisfy(s -> assertThat(s.running()).as("shared-db containers of this run").isEqualTo(1));
        assertThat(EngineState.containerExists(first.id())).as("removed at the end of the run").isFalse();
    }
}
