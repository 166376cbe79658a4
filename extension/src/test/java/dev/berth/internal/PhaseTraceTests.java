package dev.berth.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.internal.PhaseTrace.Phase;
import dev.berth.internal.PhaseTrace.Span;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

/** The phase trace's arithmetic and its configuration key, without an engine. */
class PhaseTraceTests {

    private static final long MS = 1_000_000L;

    @Test
    @DisplayName("a phase's time is the wall time its spans cover: overlapping spans count once, gaps not at all")
    void overlappingSpansCountOnce() {
        String scope = "scope-" + UUID.randomUUID();
        List<Span> spans = List.of(
                new Span(Phase.START, scope, 100 * MS, 300 * MS),   // two containers starting at once
                new Span(Phase.START, scope, 200 * MS, 400 * MS),
                new Span(Phase.START, scope, 500 * MS, 550 * MS),   // a later wave, after a gap of 100 ms
                new Span(Phase.CREATE, scope, 40 * MS, 100 * MS));
        PhaseTrace.Summary summary = PhaseTrace.summarize(scope, spans);
        assertThat(summary.millis()).containsOnlyKeys(Phase.CREATE, Phase.START);
        assertThat(summary.millis().get(Phase.START)).isEqualTo(350.0); // 100..400 and 500..550
        assertThat(summary.millis().get(Phase.CREATE)).isEqualTo(60.0);
        assertThat(summary.totalMillis()).isEqualTo(510.0); // 40..550
        assertThat(summary.betweenMillis()).isEqualTo(100.0); // 400..500: no step ran
        assertThat(summary.toString()).startsWith("create 60 ms, start 350 ms")
                .endsWith("(first to last step 510 ms, 100 ms of it between steps)");
    }

    @Test
    @DisplayName("a span begun while tracing was off (start 0) or without a scope records nothing")
    void offRecordsNothing() {
        String scope = "scope-" + UUID.randomUUID();
        PhaseTrace.end(Phase.WAIT, scope, 0L);
        PhaseTrace.end(Phase.WAIT, null, System.nanoTime());
        assertThat(PhaseTrace.spansOf(scope)).isEmpty();
    }

    @Test
    @DisplayName("finishing a scope hands its summary to the listeners once and forgets its spans")
    void finishHandsTheSummaryOver() {
        String scope = "scope-" + UUID.randomUUID();
        List<PhaseTrace.Summary> seen = new ArrayList<>();
        Consumer<PhaseTrace.Summary> listener = s -> {
            if (s.scope().equals(scope)) {
                seen.add(s);
            }
        };
        PhaseTrace.addListener(listener);
        try {
            long start = System.nanoTime();
            PhaseTrace.end(Phase.TEARDOWN, scope, start);
            assertThat(PhaseTrace.spansOf(scope)).hasSize(1);
            PhaseTrace.finish(scope);
            PhaseTrace.finish(scope);
        } finally {
            PhaseTrace.removeListener(listener);
        }
        assertThat(seen).hasSize(1);
        assertThat(seen.get(0).millis()).containsOnlyKeys(Phase.TEARDOWN);
        assertThat(PhaseTrace.spansOf(scope)).isEmpty();
    }

    @Test
    @DisplayName("berth.trace.phases is off by default, true or false in any case, anything else names the key")
    void configurationKey() {
        assertThat(Config.of(Map.of()).tracePhases()).isFalse();
        assertThat(Config.of(Map.of(Config.TRACE_PHASES, " TRUE ")).tracePhases()).isTrue();
        assertThat(Config.of(Map.of(Config.TRACE_PHASES, "false")).tracePhases()).isFalse();
        assertThatThrownBy(() -> Config.of(Map.of(Config.TRACE_PHASES, "yes")))
                .isInstanceOf(ExtensionConfigurationException.class)
                .hasMessageContaining("'berth.trace.phases'")
                .hasMessageContaining("'yes'")
                .hasMessageContaining("expected 'true' or 'false'");
    }
}
