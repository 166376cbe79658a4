package dev.berth.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apiguardian.api.API;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A record of where the time of one environment went, phase by phase (reading the declarations,
 * image preflight, creating, starting, waiting, the checks, teardown), for finding Berth's own fixed
 * costs. Off unless {@value Config#TRACE_PHASES} is {@code true} (as a system property or a JUnit
 * configuration parameter); when off, each traced step costs one volatile read.
 *
 * <p>Spans of one phase may overlap (containers start in parallel): a phase's time is the wall
 * time covered by its spans, not their sum. When the environment is closed its spans are logged at
 * INFO in one line and handed to the listeners (the benchmark is one).
 */
@API(status = INTERNAL, since = "0.1")
public final class PhaseTrace {

    private static final Logger LOG = LoggerFactory.getLogger(PhaseTrace.class);

    /** The phases of one environment, in the order they happen. */
    public enum Phase {
        /** The JVM's first contact with the engine: connecting and sweeping dead runs (the run record starts meanwhile, in the background). */
        ENGINE,
        /** Reading the declarations of the scope and the configuration (JUnit's own discovery is not in it). */
        DISCOVERY,
        /** Checking references and that every image is present. */
        PREFLIGHT,
        /** Creating networks, volumes (with their seeds) and containers. */
        CREATE,
        /** Starting containers. */
        START,
        /** Waiting until containers are ready, or until one without {@code @WaitFor} counts as started. */
        WAIT,
        /** Commands and checks the tests ran in the containers. */
        CHECKS,
        /** Removing what the environment created. */
        TEARDOWN;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** One timed step: its phase, the scope it belongs to, and System.nanoTime() at its start and end. */
    public record Span(Phase phase, String scope, long startNanos, long endNanos) {
    }

    /**
     * The phases of one closed environment: wall milliseconds per phase, the span from the first to
     * the last step, and the part of that span no step covers (JUnit's lifecycle, the extension's
     * callbacks, the test's own work between Berth's calls).
     */
    public record Summary(String scope, Map<Phase, Double> millis, double totalMillis, double betweenMillis) {
        @Override
        public String toString() {
            StringBuilder s = new StringBuilder();
            millis.forEach((p, ms) -> s.append(s.length() == 0 ? "" : ", ").append(p.label())
                    .append(String.format(Locale.ROOT, " %.0f ms", ms)));
            return s + String.format(Locale.ROOT, " (first to last step %.0f ms, %.0f ms of it between steps)", totalMillis,
                    betweenMillis);
        }
    }

    private static volatile boolean enabled = Boolean.getBoolean(Config.TRACE_PHASES);
    private static final Map<String, List<Span>> OPEN = new ConcurrentHashMap<>();
    private static final List<Consumer<Summary>> LISTENERS = new CopyOnWriteArrayList<>();

    private PhaseTrace() {
    }

    /** Turns the trace on for the rest of this JVM (a configuration that asks for it calls this). */
    static void enable() {
        enabled = true;
    }

    public static boolean enabled() {
        return enabled;
    }

    private static volatile String firstContact = "";

    /**
     * Records the JVM's first engine contact: connecting, then the run record's start (in the background)
     * and the sweep of dead runs at once; the engine is handed out once the sweep is done.
     */
    static void firstContact(double connectMillis, double runRecordMillis, double handedOutMillis) {
        firstContact = String.format(Locale.ROOT, "connect %.0f ms, then at once sweep of dead runs %.0f ms (the engine"
                + " handed out after it) and run record %.0f ms (in the background)", connectMillis, handedOutMillis,
                runRecordMillis);
        if (enabled) {
            LOG.info("Berth's first engine contact: {}", firstContact);
        }
    }

    /** How the JVM's first engine contact was spent ("" before it). */
    public static String firstContact() {
        return firstContact;
    }

    /** Hands the summary of every environment closed from now on to the listener; the benchmark uses it. */
    public static void addListener(Consumer<Summary> listener) {
        LISTENERS.add(listener);
    }

    public static void removeListener(Consumer<Summary> listener) {
        LISTENERS.remove(listener);
    }

    /** Now, when tracing; 0 otherwise (then {@link #end} records nothing). */
    public static long begin() {
        return enabled ? System.nanoTime() : 0L;
    }

    /** Like {@link #begin()}, turning the trace on first when the configuration asks for it. */
    public static long begin(Config config) {
        if (config.tracePhases()) {
            enable();
        }
        return begin();
    }

    /** Records a span that began at {@code start} (from {@link #begin}) and ends now. */
    public static void end(Phase phase, String scope, long start) {
        if (start == 0L || scope == null) {
            return;
        }
        OPEN.computeIfAbsent(scope, k -> new CopyOnWriteArrayList<>()).add(new Span(phase, scope, start, System.nanoTime()));
    }

    static <T> T time(Phase phase, String scope, Supplier<T> work) {
        long start = begin();
        try {
            return work.get();
        } finally {
            end(phase, scope, start);
        }
    }

    static void time(Phase phase, String scope, Runnable work) {
        long start = begin();
        try {
            work.run();
        } finally {
            end(phase, scope, start);
        }
    }

    /** Ends the scope's trace: logs its summary and hands it to the listeners. Nothing when it has no spans. */
    static void finish(String scope) {
        List<Span> spans = scope == null ? null : OPEN.remove(scope);
        if (spans == null || spans.isEmpty()) {
            return;
        }
        Summary summary = summarize(scope, spans);
        LOG.info("Berth phases of {}: {}", scope, summary);
        LISTENERS.forEach(l -> l.accept(summary));
    }

    /** Wall milliseconds per phase (overlapping spans of a phase counted once), and the time between steps. */
    static Summary summarize(String scope, List<Span> spans) {
        Map<Phase, Double> millis = new EnumMap<>(Phase.class);
        for (Phase p : Phase.values()) {
            List<Span> of = spans.stream().filter(s -> s.phase() == p).toList();
            if (!of.isEmpty()) {
                millis.put(p, covered(of) / 1e6);
            }
        }
        long first = spans.stream().mapToLong(Span::startNanos).min().orElse(0);
        long last = spans.stream().mapToLong(Span::endNanos).max().orElse(0);
        return new Summary(scope, millis, (last - first) / 1e6, (last - first - covered(spans)) / 1e6);
    }

    /** The nanoseconds the spans cover, overlaps counted once. */
    private static long covered(List<Span> spans) {
        if (spans.isEmpty()) {
            return 0;
        }
        List<Span> sorted = spans.stream().sorted(Comparator.comparingLong(Span::startNanos)).toList();
        long covered = 0;
        long from = sorted.get(0).startNanos();
        long to = sorted.get(0).endNanos();
        for (Span s : sorted.subList(1, sorted.size())) {
            if (s.startNanos() > to) {
                covered += to - from;
                from = s.startNanos();
                to = s.endNanos();
            } else {
                to = Math.max(to, s.endNanos());
            }
        }
        return covered + to - from;
    }

    /** Spans recorded so far for the scope (a copy), for tests. */
    static List<Span> spansOf(String scope) {
        return new ArrayList<>(OPEN.getOrDefault(scope, List.of()));
    }
}
