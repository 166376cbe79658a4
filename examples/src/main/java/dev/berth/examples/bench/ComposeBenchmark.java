package dev.berth.examples.bench;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;
import org.testcontainers.containers.ComposeContainer;
import org.testcontainers.containers.Container;
import org.testcontainers.containers.ContainerState;

/**
 * One compose stack (shop.yml: web + db, a shell as PID 1 in each), brought up, checked once
 * (web reaches db:5432) and taken down, four ways in the same JVM:
 *
 * <ol>
 *   <li>{@code berth}: {@link ComposeBenchStack} through the JUnit Platform Launcher
 *       ({@code up -d --wait}, the assertion, {@code down -v --remove-orphans -t 0});</li>
 *   <li>{@code cli-plain}: {@code docker compose up -d --wait}, {@code exec -T web nc ...}, {@code down -v};</li>
 *   <li>{@code cli-t0}: the same with {@code down -v -t 0};</li>
 *   <li>{@code testcontainers}: {@code new ComposeContainer(files)} with its defaults (local compose,
 *       {@code up -d}, no exposed services, so no wait), {@code execInContainer}, {@code stop()}.</li>
 * </ol>
 *
 * One warm-up each, then N rounds round-robin with the starting variant rotated. Besides the
 * total, the phases are timed: up, check and down (Berth: from a launcher listener, see
 * {@link PhaseListener}). Arguments: {@code [rounds]} (default 5). Exits 1 if a check fails or
 * anything is left behind. See docs/performance.md.
 */
public final class ComposeBenchmark {

    static final String CHECK = "nc -w 2 db 5432 </dev/null";

    interface Variant {
        String name();

        /** Runs once; returns {up, check, down} in ms. */
        double[] runOnce(int round) throws Exception;
    }

    public static void main(String[] args) {
        int rounds = args.length > 0 && !args[0].isBlank() ? Integer.parseInt(args[0].trim()) : 5;
        List<Variant> variants = List.of(new BerthVariant(), new CliVariant("cli-plain", false), new CliVariant("cli-t0", true),
                new TestcontainersVariant());
        Map<String, List<Double>> total = new LinkedHashMap<>();
        Map<String, List<double[]>> phases = new LinkedHashMap<>();
        variants.forEach(v -> {
            total.put(v.name(), new ArrayList<>());
            phases.put(v.name(), new ArrayList<>());
        });
        boolean ok = true;
        try {
            System.out.printf("Compose benchmark: %d rounds, round-robin, after one warm-up per variant%n", rounds);
            System.out.println("engine: " + BenchSupport.engineVersion());
            for (Variant v : variants) {
                long start = System.nanoTime();
                double[] p = v.runOnce(0);
                System.out.printf(Locale.ROOT, "  warm-up %-15s %7.0f ms  (up %.0f, check %.0f, down %.0f)%n", v.name(),
                        (System.nanoTime() - start) / 1e6, p[0], p[1], p[2]);
            }
            for (int round = 1; round <= rounds; round++) {
                StringBuilder line = new StringBuilder(String.format("  round %2d", round));
                for (int i = 0; i < variants.size(); i++) {
                    Variant v = variants.get((round - 1 + i) % variants.size());
                    long start = System.nanoTime();
                    double[] p = v.runOnce(round);
                    double ms = (System.nanoTime() - start) / 1e6;
                    total.get(v.name()).add(ms);
                    phases.get(v.name()).add(p);
                    line.append(String.format(Locale.ROOT, "  %s %6.0f ms (down %.0f)", v.name(), ms, p[2]));
                }
                System.out.println(line);
            }
            report(total, phases);
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

    private static void report(Map<String, List<Double>> total, Map<String, List<double[]>> phases) {
        System.out.println();
        System.out.println("| variant | median ms | min ms | max ms | up (median) | check (median) | down (median) | down min-max |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|");
        total.forEach((name, values) -> {
            List<double[]> p = phases.get(name);
            List<Double> downs = column(p, 2);
            System.out.println("| " + name + " | " + BenchSupport.fmt(BenchSupport.median(values)) + " | "
                    + BenchSupport.fmt(BenchSupport.min(values)) + " | " + BenchSupport.fmt(BenchSupport.max(values)) + " | "
                    + BenchSupport.fmt(BenchSupport.median(column(p, 0))) + " | " + BenchSupport.fmt(BenchSupport.median(column(p, 1)))
                    + " | " + BenchSupport.fmt(BenchSupport.median(downs)) + " | " + BenchSupport.fmt(BenchSupport.min(downs)) + "-"
                    + BenchSupport.fmt(BenchSupport.max(downs)) + " |");
        });
        System.out.println();
        System.out.println("| Berth vs | ratio of medians | median of per-round ratios | goal |");
        System.out.println("|---|---:|---:|---|");
        List<Double> berth = total.get("berth");
        for (String[] other : List.of(new String[] {"cli-t0", "<= 1.10"}, new String[] {"cli-plain", ""},
                new String[] {"testcontainers", ""})) {
            List<Double> o = total.get(other[0]);
            System.out.println("| " + other[0] + " | " + BenchSupport.fmt2(BenchSupport.median(berth) / BenchSupport.median(o)) + " | "
                    + BenchSupport.fmt2(BenchSupport.medianRatio(berth, o)) + " | " + other[1] + " |");
        }
        double down = BenchSupport.median(column(phases.get("berth"), 2));
        System.out.printf(Locale.ROOT, "%nBerth teardown (class container close, incl. compose down -t 0): median %.0f ms, goal < 2000 ms: %s%n",
                down, down < 2000 ? "met" : "MISSED");
    }

    private static List<Double> column(List<double[]> rows, int i) {
        return rows.stream().map(r -> r[i]).toList();
    }

    static Path resource(String name) {
        try {
            return Paths.get(ComposeBenchmark.class.getClassLoader().getResource(name).toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("resource " + name + " not found on the class path", e);
        }
    }

    // ------------------------------------------------------------------ (1) Berth

    /**
     * Times the phases of the Berth variant from the launcher's events: up = class started to
     * test started (Berth's beforeAll: config, preflight, {@code up --wait}, read-back), check =
     * the test, down = test finished to class finished (Berth closes the class's environment, i.e.
     * {@code compose down -v --remove-orphans -t 0} and the leftover sweep, in between).
     */
    static final class PhaseListener implements TestExecutionListener {
        long classStarted;
        long testStarted;
        long testFinished;
        long classFinished;

        @Override
        public void executionStarted(TestIdentifier id) {
            if (id.getSource().map(s -> s instanceof org.junit.platform.engine.support.descriptor.ClassSource).orElse(false)) {
                classStarted = System.nanoTime();
            } else if (id.isTest()) {
                testStarted = System.nanoTime();
            }
        }

        @Override
        public void executionFinished(TestIdentifier id, TestExecutionResult result) {
            if (id.getSource().map(s -> s instanceof org.junit.platform.engine.support.descriptor.ClassSource).orElse(false)) {
                classFinished = System.nanoTime();
            } else if (id.isTest()) {
                testFinished = System.nanoTime();
            }
        }
    }

    static final class BerthVariant implements Variant {
        private final Launcher launcher = LauncherFactory.create();
        private final LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                .selectors(selectClass(ComposeBenchStack.class)).build();

        @Override
        public String name() {
            return "berth";
        }

        @Override
        public double[] runOnce(int round) {
            SummaryGeneratingListener summaryListener = new SummaryGeneratingListener();
            PhaseListener phases = new PhaseListener();
            launcher.execute(request, summaryListener, phases);
            TestExecutionSummary summary = summaryListener.getSummary();
            if (summary.getTotalFailureCount() > 0 || summary.getTestsSucceededCount() != 1) {
                StringBuilder why = new StringBuilder("Berth variant failed: " + summary.getTestsSucceededCount()
                        + " succeeded, " + summary.getTotalFailureCount() + " failed");
                summary.getFailures().forEach(f -> why.append("\n  ").append(f.getTestIdentifier().getDisplayName())
                        .append(": ").append(f.getException()));
                throw new IllegalStateException(why.toString());
            }
            return new double[] {(phases.testStarted - phases.classStarted) / 1e6, (phases.testFinished - phases.testStarted) / 1e6,
                    (phases.classFinished - phases.testFinished) / 1e6};
        }
    }

    // ------------------------------------------------------------------ (2, 3) docker compose CLI

    static final class CliVariant implements Variant {
        private final String name;
        private final boolean zeroTimeout;

        CliVariant(String name, boolean zeroTimeout) {
            this.name = name;
            this.zeroTimeout = zeroTimeout;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public double[] runOnce(int round) throws Exception {
            String project = "bench-" + name + "-" + EnvironmentBenchmark.BENCH_RUN + "-" + round;
            List<String> base = List.of("compose", "-p", project, "-f", resource("bench/compose/shop.yml").toString(),
                    "-f", resource("bench/compose/bench-labels.yml").toString());
            List<String> down = new ArrayList<>(base);
            down.addAll(zeroTimeout ? List.of("down", "-v", "-t", "0") : List.of("down", "-v"));
            boolean done = false;
            try {
                long t0 = System.nanoTime();
                expectZero("up", compose(EnvironmentBenchmark.concat(base, List.of("up", "-d", "--wait"))));
                long t1 = System.nanoTime();
                expectZero("check", compose(EnvironmentBenchmark.concat(base, List.of("exec", "-T", "web", "sh", "-c", CHECK))));
                long t2 = System.nanoTime();
                expectZero("down", compose(down));
                long t3 = System.nanoTime();
                done = true;
                return new double[] {(t1 - t0) / 1e6, (t2 - t1) / 1e6, (t3 - t2) / 1e6};
            } finally {
                if (!done) {
                    compose(EnvironmentBenchmark.concat(base, List.of("down", "-v", "-t", "0", "--remove-orphans")));
                }
            }
        }

        private void expectZero(String step, EnvironmentBenchmark.Result r) {
            if (r.code() != 0) {
                throw new IllegalStateException(name + " " + step + " failed (" + r.code() + "): " + r.out());
            }
        }
    }

    /** docker with BENCH_RUN in the environment (the label override interpolates it). */
    static EnvironmentBenchmark.Result compose(List<String> args) throws IOException, InterruptedException {
        return EnvironmentBenchmark.run(args, java.util.Map.of("BENCH_RUN", EnvironmentBenchmark.BENCH_RUN), 180);
    }

    // ------------------------------------------------------------------ (4) Testcontainers

    static final class TestcontainersVariant implements Variant {
        @Override
        public String name() {
            return "testcontainers";
        }

        @Override
        public double[] runOnce(int round) throws Exception {
            List<File> files = List.of(resource("bench/compose/shop.yml").toFile(), resource("bench/compose/bench-labels.yml").toFile());
            // its defaults: local compose, pull (of missing images only), up -d, down -v on stop (10 s stop timeout)
            ComposeContainer compose = new ComposeContainer(files).withEnv("BENCH_RUN", EnvironmentBenchmark.BENCH_RUN);
            long t0 = System.nanoTime();
            long t1;
            long t2;
            try {
                compose.start();
                t1 = System.nanoTime();
                ContainerState web = compose.getContainerByServiceName("web")
                        .orElseThrow(() -> new IllegalStateException("testcontainers: no web container"));
                // no wait without exposed services: up -d returns when the containers are started, so
                // retry the check for a while (it passes at once in practice)
                Container.ExecResult r = null;
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                do {
                    if (r != null) {
                        Thread.sleep(100);
                    }
                    r = web.execInContainer("sh", "-c", CHECK);
                } while (r.getExitCode() != 0 && System.nanoTime() < deadline);
                if (r.getExitCode() != 0) {
                    throw new IllegalStateException("testcontainers check failed: " + r.getStdout() + r.getStderr());
                }
                t2 = System.nanoTime();
            } finally {
                // stop() is in finally so that a failed round leaves nothing behind
                long before = System.nanoTime();
                compose.stop();
                downMillis = (System.nanoTime() - before) / 1e6;
            }
            return new double[] {(t1 - t0) / 1e6, (t2 - t1) / 1e6, downMillis};
        }

        private double downMillis;
    }
}
