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
 * (where the time of a class goes when eight run at once).
 *
 * <p>In the same rounds it runs the engine's own parallel ratio, the {@code api-floor}: the work of
 * one class done through the engine API with nothing else ({@link EnvironmentBenchmark.ApiFloorVariant}),
 * eight times one after the other and eight times at once (eight threads, as JUnit's fixed parallelism 8),
 * and prints its ratio beside Berth's and Berth's parallel time over the floor's. Exits 1 if a test
 * fails or anything is left behind. Arguments: {@code [rounds]} (default 3). See docs/performance.md.
 */
public final class ParallelBenchmark {

    private static final List<String> MODES = List.of("sequential", "parallel", "api-floor-sequential", "api-floor-parallel");

    private ParallelBenchmark() {
    }

    public static void main(String[] args) {
        int rounds = args.length > 0 && !args[0].isBlank() ? Integer.parseInt(args[0].trim()) : 3;
        if (rounds < 1) {
            throw new IllegalArgumentException("rounds must be >= 1");
        }
        System.setProperty("berth.trace.phases", "true");
        List<PhaseTrace.Summary> summaries = new CopyOnWriteArrayList<>();
        // each class's (or floor run's) first and last step, System.nanoTime(): the span all of them cover in a mode
        List<long[]> spans = new CopyOnWriteArrayList<>();
        PhaseTrace.addListener(s -> {
            long end = System.nanoTime(); // the summary comes as the class's environment closes, after its last step
            summaries.add(s);
            spans.add(new long[] {end - (long) (s.totalMillis() * 1e6), end});
        });
        Map<String, List<Double>> covered = new LinkedHashMap<>();
        Launcher launcher = LauncherFactory.create();
        Map<String, List<Double>> millis = new LinkedHashMap<>();
        Map<String, List<Map<String, Double>>> phases = new LinkedHashMap<>();
        Map<String, List<double[]>> cpu = new LinkedHashMap<>(); // per run: this JVM's CPU ms, the machine's busy ms
        for (String mode : MODES) {
            millis.put(mode, new ArrayList<>());
            phases.put(mode, new ArrayList<>());
            covered.put(mode, new ArrayList<>());
            cpu.put(mode, new ArrayList<>());
        }
        EnvironmentBenchmark.ApiFloorVariant floor = new EnvironmentBenchmark.ApiFloorVariant();
        // -Dbench.parallel.count=true: count and time the engine calls of each mode (a diagnostic; a proxy costs a little);
        // =callers: per calling method of Berth's as well
        String count = System.getProperty("bench.parallel.count", "false");
        EngineCallCounter counter = count.equals("true") || count.equals("callers") ? EngineCallCounter.install() : null;
        boolean ok = true;
        try {
            System.out.printf("Parallel benchmark: %d classes, %d rounds, after one warm-up of each mode%n",
                    ParallelBenchEnvironments.ALL.length, rounds);
            System.out.println("engine: " + BenchSupport.engineVersion());
            for (String mode : MODES) {
                System.out.printf("  warm-up %-20s %8.0f ms%n", mode, run(launcher, floor, mode, "w", spans));
            }
            for (int round = 1; round <= rounds; round++) {
                StringBuilder line = new StringBuilder(String.format("  round %2d", round));
                // rotate the starting mode so that none always runs right after another one
                for (int i = 0; i < MODES.size(); i++) {
                    String mode = MODES.get((round - 1 + i) % MODES.size());
                    summaries.clear();
                    floor.phases.clear();
                    spans.clear();
                    if (counter != null) {
                        counter.mode(mode);
                    }
                    long jvmCpu = BenchSupport.processCpuNanos();
                    long machineCpu = BenchSupport.machineBusyNanos();
                    double ms = run(launcher, floor, mode, Integer.toString(round), spans);
                    cpu.get(mode).add(new double[] {(BenchSupport.processCpuNanos() - jvmCpu) / 1e6,
                            (BenchSupport.machineBusyNanos() - machineCpu) / 1e6});
                    millis.get(mode).add(ms);
                    covered.get(mode).add((spans.stream().mapToLong(a -> a[1]).max().orElse(0)
                            - spans.stream().mapToLong(a -> a[0]).min().orElse(0)) / 1e6);
                    for (Map<String, Double> steps : floor.phases) {
                        Map<String, Double> perRun = new LinkedHashMap<>(steps);
                        perRun.put("first-to-last-step", steps.values().stream().mapToDouble(Double::doubleValue).sum());
                        perRun.put("of it between steps", 0.0); // the floor's steps follow one another
                        phases.get(mode).add(perRun);
                    }
                    for (PhaseTrace.Summary s : summaries) {
                        Map<String, Double> perClass = new LinkedHashMap<>();
                        s.millis().forEach((p, v) -> perClass.put(p.label(), v));
                        perClass.put("first-to-last-step", s.totalMillis());
                        perClass.put("of it between steps", s.betweenMillis());
                        phases.get(mode).add(perClass);
                    }
                    line.append(String.format(Locale.ROOT, "  %s %6.0f ms", mode, ms));
                }
                System.out.println(line);
            }
            report(millis, phases);
            System.out.println();
            System.out.println("The whole run beside the span its classes' (runs') steps cover, from the first step of the first");
            System.out.println("to the last step of the last (medians, ms); the rest is JUnit's discovery and lifecycle, or the floor's loop:");
            System.out.println("| mode | whole run | span of the steps | outside the steps |");
            System.out.println("|---|---:|---:|---:|");
            for (String mode : MODES) {
                List<Double> outside = new ArrayList<>();
                for (int i = 0; i < millis.get(mode).size(); i++) {
                    outside.add(millis.get(mode).get(i) - covered.get(mode).get(i));
                }
                System.out.printf(Locale.ROOT, "| %s | %s | %s | %s |%n", mode, BenchSupport.fmt(BenchSupport.median(millis.get(mode))),
                        BenchSupport.fmt(BenchSupport.median(covered.get(mode))), BenchSupport.fmt(BenchSupport.median(outside)));
            }
            System.out.println();
            System.out.println("CPU time per run (medians, ms): this JVM's (JUnit, Berth or the floor's loop, docker-java), and the");
            System.out.println("whole machine's busy time from /proc/stat (the engine, containerd, the containers, this JVM); 2 cores");
            System.out.println("give at most twice the wall time:");
            System.out.println("| mode | wall | JVM CPU | machine busy | machine busy / (2 x wall) |");
            System.out.println("|---|---:|---:|---:|---:|");
            for (String mode : MODES) {
                double wall = BenchSupport.median(millis.get(mode));
                double busy = BenchSupport.median(cpu.get(mode).stream().map(c -> c[1]).toList());
                System.out.printf(Locale.ROOT, "| %s | %s | %s | %s | %.2f |%n", mode, BenchSupport.fmt(wall),
                        BenchSupport.fmt(BenchSupport.median(cpu.get(mode).stream().map(c -> c[0]).toList())),
                        BenchSupport.fmt(busy), busy / (Runtime.getRuntime().availableProcessors() * wall));
            }
            if (counter != null) {
                for (String mode : MODES) {
                    counter.print(mode, "Engine calls through Berth's client in mode " + mode + " over " + rounds
                            + " rounds (count, per class per round, mean ms of exec):", ParallelBenchEnvironments.ALL.length * rounds);
                }
            }
        } catch (Exception | AssertionError e) {
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

    private static double run(Launcher launcher, EnvironmentBenchmark.ApiFloorVariant floor, String mode, String round,
                              List<long[]> steps) throws Exception {
        if (mode.startsWith("api-floor")) {
            return runFloor(floor, mode.endsWith("parallel"), round, steps);
        }
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

    /** The floor's work of the eight classes, one after the other or all at once (each run on a thread of its own). */
    private static double runFloor(EnvironmentBenchmark.ApiFloorVariant floor, boolean parallel, String round, List<long[]> steps)
            throws Exception {
        int classes = ParallelBenchEnvironments.ALL.length;
        long start = System.nanoTime();
        if (!parallel) {
            for (int i = 1; i <= classes; i++) {
                timed(floor, "s" + round + "-" + i, steps);
            }
            return (System.nanoTime() - start) / 1e6;
        }
        List<EnvironmentBenchmark.VoidStep> runs = new ArrayList<>();
        for (int i = 1; i <= classes; i++) {
            String tag = "p" + round + "-" + i;
            runs.add(() -> timed(floor, tag, steps));
        }
        EnvironmentBenchmark.all(runs.toArray(new EnvironmentBenchmark.VoidStep[0])); // all at once; the first failure is thrown
        return (System.nanoTime() - start) / 1e6;
    }

    private static void timed(EnvironmentBenchmark.ApiFloorVariant floor, String tag, List<long[]> steps) throws Exception {
        long start = System.nanoTime();
        try {
            floor.runOnce(tag);
        } finally {
            steps.add(new long[] {start, System.nanoTime()});
        }
    }

    private static void report(Map<String, List<Double>> millis, Map<String, List<Map<String, Double>>> phases) {
        System.out.println();
        System.out.println("| mode | median ms | min ms | max ms |");
        System.out.println("|---|---:|---:|---:|");
        millis.forEach((mode, values) -> System.out.printf(Locale.ROOT, "| %s | %s | %s | %s |%n", mode,
                BenchSupport.fmt(BenchSupport.median(values)), BenchSupport.fmt(BenchSupport.min(values)),
                BenchSupport.fmt(BenchSupport.max(values))));
        System.out.println();
        ratio(millis, "Berth parallel / sequential          ", "parallel", "sequential", " (goal <= 0.55)");
        ratio(millis, "api-floor parallel / sequential      ", "api-floor-parallel", "api-floor-sequential", " (the engine's own)");
        ratio(millis, "Berth parallel / api-floor parallel  ", "parallel", "api-floor-parallel", "");
        ratio(millis, "Berth sequential / api-floor seq.    ", "sequential", "api-floor-sequential", "");
        System.out.println();
        System.out.println("Berth's phases of one class beside the api-floor's steps of one run (median over all classes/runs of all rounds), ms:");
        System.out.println("| phase | sequential | parallel | api-floor sequential | api-floor parallel |");
        System.out.println("|---|---:|---:|---:|---:|");
        List<String> names = new ArrayList<>();
        for (PhaseTrace.Phase p : PhaseTrace.Phase.values()) {
            names.add(p.label());
        }
        names.add("first-to-last-step");
        names.add("of it between steps");
        for (String name : names) {
            List<Double> seq = phases.get("sequential").stream().map(m -> m.getOrDefault(name, 0.0)).toList();
            List<Double> par = phases.get("parallel").stream().map(m -> m.getOrDefault(name, 0.0)).toList();
            if (seq.isEmpty() || par.isEmpty()) {
                continue;
            }
            List<Double> floorSeq = phases.get("api-floor-sequential").stream().map(m -> m.get(name)).filter(v -> v != null).toList();
            List<Double> floorPar = phases.get("api-floor-parallel").stream().map(m -> m.get(name)).filter(v -> v != null).toList();
            System.out.printf(Locale.ROOT, "| %s | %s | %s | %s | %s |%n", name, BenchSupport.fmt(BenchSupport.median(seq)),
                    BenchSupport.fmt(BenchSupport.median(par)), floorSeq.isEmpty() ? "" : BenchSupport.fmt(BenchSupport.median(floorSeq)),
                    floorPar.isEmpty() ? "" : BenchSupport.fmt(BenchSupport.median(floorPar)));
        }
    }

    private static void ratio(Map<String, List<Double>> millis, String label, String over, String under, String note) {
        System.out.printf(Locale.ROOT, "%s = %s of medians, %s median of per-round ratios%s%n", label,
                BenchSupport.fmt2(BenchSupport.median(millis.get(over)) / BenchSupport.median(millis.get(under))),
                BenchSupport.fmt2(BenchSupport.medianRatio(millis.get(over), millis.get(under))), note);
    }
}
