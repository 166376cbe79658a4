package dev.berth.examples.bench;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.berth.internal.PhaseTrace;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * Runs the eight classes of {@link ParallelBenchEnvironments} (the same logical names in each)
 * through the JUnit Platform Launcher one class after the other, and all at once (JUnit's parallel
 * execution, classes concurrent, fixed parallelism 8), alternating which goes first, and prints the
 * medians, the ratio parallel / sequential, and the median of Berth's phases per class in each mode
 * (where the time of a class goes when eight run at once). Exits 1 if a test fails or anything is
 * left behind. Arguments: {@code [rounds]} (default 3). See docs/performance.md.
 */
public final class ParallelBenchmark {

    private ParallelBenchmark() {
    }

    public static void main(String[] args) {
        int rounds = args.length > 0 && !args[0].isBlank() ? Integer.parseInt(args[0].trim()) : 3;
        if (rounds < 1) {
            throw new IllegalArgumentException("rounds must be >= 1");
        }
        System.setProperty("berth.trace.phases", "true");
        List<PhaseTrace.Summary> summaries = new CopyOnWriteArrayList<>();
        PhaseTrace.addListener(summaries::add);
        Launcher launcher = LauncherFactory.create();
        Map<String, List<Double>> millis = new LinkedHashMap<>();
        Map<String, List<Map<String, Double>>> phases = new LinkedHashMap<>();
        for (String mode : List.of("sequential", "parallel")) {
            millis.put(mode, new ArrayList<>());
            phases.put(mode, new ArrayList<>());
        }
        boolean ok = true;
        try {
            System.out.printf("Parallel benchmark: %d classes, %d rounds, after one warm-up of each mode%n",
                    ParallelBenchEnvironments.ALL.length, rounds);
            System.out.println("engine: " + BenchSupport.engineVersion());
            for (String mode : List.of("sequential", "parallel")) {
                System.out.printf("  warm-up %-10s %8.0f ms%n", mode, run(launcher, mode));
            }
            for (int round = 1; round <= rounds; round++) {
                StringBuilder line = new StringBuilder(String.format("  round %2d", round));
                List<String> order = round % 2 == 1 ? List.of("parallel", "sequential") : List.of("sequential", "parallel");
                for (String mode : order) {
                    summaries.clear();
                    double ms = run(launcher, mode);
                    millis.get(mode).add(ms);
                    for (PhaseTrace.Summary s : summaries) {
                        Map<String, Double> perClass = new LinkedHashMap<>();
                        s.millis().forEach((p, v) -> perClass.put(p.label(), v));
                        perClass.put("first-to-last-step", s.totalMillis());
                        phases.get(mode).add(perClass);
                    }
                    line.append(String.format(Locale.ROOT, "  %s %6.0f ms", mode, ms));
                }
                System.out.println(line);
            }
            report(millis, phases);
        } catch (RuntimeException | AssertionError e) {
            ok = false;
            System.err.println("BENCHMARK FAILED: " + e);
            e.printStackTrace();
        } finally {
            if (!BenchSupport.leftBehindIsEmpty()) {
                ok = false;
            }
        }
        System.exit(ok ? 0 : 1);
    }

    private static double run(Launcher launcher, String mode) {
        LauncherDiscoveryRequestBuilder request = LauncherDiscoveryRequestBuilder.request()
                .selectors(Arrays.stream(ParallelBenchEnvironments.ALL).map(c -> selectClass(c)).toList());
        if (mode.equals("parallel")) {
            request.configurationParameter("junit.jupiter.execution.parallel.enabled", "true")
                    .configurationParameter("junit.jupiter.execution.parallel.mode.default", "concurrent")
                    .configurationParameter("junit.jupiter.execution.parallel.mode.classes.default", "concurrent")
                    .configurationParameter("junit.jupiter.execution.parallel.config.strategy", "fixed")
                    .configurationParameter("junit.jupiter.execution.parallel.config.fixed.parallelism", "8");
        } else {
            request.configurationParameter("junit.jupiter.execution.parallel.enabled", "false");
        }
        LauncherDiscoveryRequest built = request.build();
        SummaryGeneratingListener listener = new SummaryGeneratingListener();
        long start = System.nanoTime();
        launcher.execute(built, listener);
        double ms = (System.nanoTime() - start) / 1e6;
        TestExecutionSummary summary = listener.getSummary();
        int expected = ParallelBenchEnvironments.ALL.length;
        if (summary.getTotalFailureCount() > 0 || summary.getTestsSucceededCount() != expected) {
            StringBuilder why = new StringBuilder(mode + " run failed: " + summary.getTestsSucceededCount() + " of " + expected
                    + " succeeded, " + summary.getTotalFailureCount() + " failed");
            summary.getFailures().forEach(f -> why.append("\n  ").append(f.getTestIdentifier().getDisplayName())
                    .append(": ").append(f.getException()));
            throw new IllegalStateException(why.toString());
        }
        return ms;
    }

    private static void report(Map<String, List<Double>> millis, Map<String, List<Map<String, Double>>> phases) {
        System.out.println();
        System.out.println("| mode | median ms | min ms | max ms |");
        System.out.println("|---|---:|---:|---:|");
        millis.forEach((mode, values) -> System.out.printf(Locale.ROOT, "| %s | %s | %s | %s |%n", mode,
                BenchSupport.fmt(BenchSupport.median(values)), BenchSupport.fmt(BenchSupport.min(values)),
                BenchSupport.fmt(BenchSupport.max(values))));
        System.out.printf(Locale.ROOT, "%nparallel / sequential = %s of medians, %s median of per-round ratios (goal <= 0.55)%n",
                BenchSupport.fmt2(BenchSupport.median(millis.get("parallel")) / BenchSupport.median(millis.get("sequential"))),
                BenchSupport.fmt2(BenchSupport.medianRatio(millis.get("parallel"), millis.get("sequential"))));
        System.out.println();
        System.out.println("Berth's phases of one class (median over all classes of all rounds), ms:");
        System.out.println("| phase | sequential | parallel |");
        System.out.println("|---|---:|---:|");
        List<String> names = new ArrayList<>();
        for (PhaseTrace.Phase p : PhaseTrace.Phase.values()) {
            names.add(p.label());
        }
        names.add("first-to-last-step");
        for (String name : names) {
            List<Double> seq = phases.get("sequential").stream().map(m -> m.getOrDefault(name, 0.0)).toList();
            List<Double> par = phases.get("parallel").stream().map(m -> m.getOrDefault(name, 0.0)).toList();
            if (seq.isEmpty() || par.isEmpty()) {
                continue;
            }
            System.out.printf(Locale.ROOT, "| %s | %s | %s |%n", name, BenchSupport.fmt(BenchSupport.median(seq)),
                    BenchSupport.fmt(BenchSupport.median(par)));
        }
    }
}
