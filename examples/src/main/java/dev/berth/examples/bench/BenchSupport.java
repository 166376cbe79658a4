package dev.berth.examples.bench;

import dev.berth.internal.RunIdentity;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What the assertion and compose benchmarks share with each other: medians, per-round ratios,
 * tables, and the check for anything left behind (reusing {@link EnvironmentBenchmark}'s
 * {@code docker} runner and its labels).
 */
final class BenchSupport {

    private BenchSupport() {
    }

    static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        return sorted.size() % 2 == 1 ? sorted.get(sorted.size() / 2)
                : (sorted.get(sorted.size() / 2 - 1) + sorted.get(sorted.size() / 2)) / 2;
    }

    /** The value at the given fraction of the sorted list (nearest rank). */
    static double percentile(List<Double> values, double fraction) {
        List<Double> sorted = values.stream().sorted().toList();
        int index = (int) Math.ceil(fraction * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }

    static double min(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
    }

    static double max(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
    }

    /** The median of a[i] / b[i]: a and b measured in the same round, seconds apart. */
    static double medianRatio(List<Double> a, List<Double> b) {
        List<Double> ratios = new ArrayList<>();
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            ratios.add(a.get(i) / b.get(i));
        }
        return median(ratios);
    }

    static String fmt(double d) {
        return String.format(Locale.ROOT, "%.0f", d);
    }

    static String fmt2(double d) {
        return String.format(Locale.ROOT, "%.2f", d);
    }

    static String engineVersion() {
        try {
            return EnvironmentBenchmark.run(List.of("version", "--format", "{{.Server.Version}} (API {{.Server.APIVersion}})")).out().strip()
                    + ", compose " + EnvironmentBenchmark.run(List.of("compose", "version", "--short")).out().strip()
                    + ", " + Runtime.getRuntime().availableProcessors() + " CPUs visible to the JVM";
        } catch (Exception e) {
            return "unknown (" + e + ")";
        }
    }

    /**
     * True when nothing of this run is left: objects labelled with this JVM's
     * {@code dev.berth.bench.run} (CLI, helper and Testcontainers objects) and Berth's objects of
     * this JVM's run. Whatever is found is reported and removed.
     */
    static boolean leftBehindIsEmpty() {
        try {
            List<String> found = new ArrayList<>();
            for (String filter : List.of("label=" + EnvironmentBenchmark.BENCH_RUN_LABEL + "=" + EnvironmentBenchmark.BENCH_RUN,
                    "label=" + RunIdentity.RUN + "=" + RunIdentity.current().runId())) {
                for (String c : lines(EnvironmentBenchmark.run(List.of("ps", "-aq", "--filter", filter)).out())) {
                    if (isThisRunsRecord(c)) {
                        continue; // the run record lives as long as the JVM: it is no object of a variant
                    }
                    found.add("container " + c);
                    EnvironmentBenchmark.run(List.of("rm", "-f", "-v", c));
                }
                for (String n : lines(EnvironmentBenchmark.run(List.of("network", "ls", "-q", "--filter", filter)).out())) {
                    found.add("network " + n);
                    EnvironmentBenchmark.run(List.of("network", "rm", n));
                }
                for (String v : lines(EnvironmentBenchmark.run(List.of("volume", "ls", "-q", "--filter", filter)).out())) {
                    found.add("volume " + v);
                    EnvironmentBenchmark.run(List.of("volume", "rm", v));
                }
            }
            if (found.isEmpty()) {
                System.out.println("\nleft behind: nothing (containers, networks and volumes of this run are all removed)");
                return true;
            }
            System.err.println("\nLEFT BEHIND (now removed): " + found);
            return false;
        } catch (Exception e) {
            System.err.println("leak check failed: " + e);
            return false;
        }
    }

    /** True for this JVM's run record (Berth's proof of what the run created), given a full or short container ID. */
    static boolean isThisRunsRecord(String containerId) {
        dev.berth.internal.RunRecord.awaitStarted(); // it starts in the background at first contact
        dev.berth.internal.RunRecord record = dev.berth.internal.RunRecord.current();
        return record != null && record.containerId().startsWith(containerId);
    }

    static List<String> lines(String text) {
        return text.lines().map(String::strip).filter(s -> !s.isEmpty()).distinct().toList();
    }

    /** Labels as docker CLI arguments. */
    static List<String> labelArgs() {
        List<String> args = new ArrayList<>();
        for (Map.Entry<String, String> e : EnvironmentBenchmark.LABELS.entrySet()) {
            args.add("--label");
            args.add(e.getKey() + "=" + e.getValue());
        }
        return args;
    }

    /** This JVM's CPU time so far, in ns (all threads). */
    static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /** The machine's busy CPU time so far (all cores, /proc/stat: everything but idle and iowait), in ns; -1 off Linux. */
    static long machineBusyNanos() {
        java.nio.file.Path stat = java.nio.file.Path.of("/proc/stat");
        if (!java.nio.file.Files.isReadable(stat)) {
            return -1;
        }
        try {
            String[] f = java.nio.file.Files.readAllLines(stat).get(0).trim().split("\\s+");
            long busy = 0;
            for (int i = 1; i < f.length && i <= 8; i++) {
                if (i != 4 && i != 5) { // idle, iowait
                    busy += Long.parseLong(f[i]);
                }
            }
            return busy * 10_000_000L; // USER_HZ = 100
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
