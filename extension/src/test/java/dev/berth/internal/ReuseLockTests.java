package dev.berth.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.internal.Reuse.HolderRecord;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** When the holder of a reuse lock counts as alive (wait for it) or dead (take the lock over). */
class ReuseLockTests {

    private final Duration grace = Sweeper.Options.fromSystemProperties().grace();

    @Test
    @DisplayName("a holder whose record runs is alive, whose records all exited is dead, however old its lock")
    void runningAndExitedRecords() {
        for (Duration age : List.of(Duration.ZERO, grace.plusSeconds(1), grace.multipliedBy(100))) {
            assertThat(Reuse.holderAlive(HolderRecord.RUNNING, age, grace)).as("running record, lock %s old", age).isTrue();
            assertThat(Reuse.holderAlive(HolderRecord.EXITED, age, grace)).as("exited record, lock %s old", age).isFalse();
        }
    }

    @Test
    @DisplayName("a holder without a record yet is alive while its lock is younger than the grace period, dead after")
    void noRecordYet() {
        assertThat(Reuse.holderAlive(HolderRecord.NOT_YET, Duration.ZERO, grace)).isTrue();
        assertThat(Reuse.holderAlive(HolderRecord.NOT_YET, grace.minusMillis(1), grace)).isTrue();
        assertThat(Reuse.holderAlive(HolderRecord.NOT_YET, grace, grace)).isFalse();
        assertThat(Reuse.holderAlive(HolderRecord.NOT_YET, grace.plusSeconds(1), grace)).isFalse();
    }

    @Test
    @DisplayName("the engine's states of a holder's records: any live one wins, a created one is not up yet, none is not yet")
    void recordStates() {
        assertThat(Reuse.holderRecord(List.of())).isEqualTo(HolderRecord.NOT_YET);
        assertThat(Reuse.holderRecord(List.of("created"))).isEqualTo(HolderRecord.NOT_YET);
        assertThat(Reuse.holderRecord(Arrays.asList((String) null))).isEqualTo(HolderRecord.NOT_YET);
        assertThat(Reuse.holderRecord(List.of("exited"))).isEqualTo(HolderRecord.EXITED);
        assertThat(Reuse.holderRecord(List.of("dead", "removing"))).isEqualTo(HolderRecord.EXITED);
        // a replaced record (its connection broke): the old one exited, the new one is being started
        assertThat(Reuse.holderRecord(List.of("exited", "created"))).isEqualTo(HolderRecord.NOT_YET);
        for (String live : List.of("running", "paused", "restarting")) {
            assertThat(Reuse.holderRecord(List.of("exited", live))).as(live).isEqualTo(HolderRecord.RUNNING);
        }
    }
}
