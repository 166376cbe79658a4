package dev.berth.examples.bench;

import static dev.berth.assertions.BerthAssertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.berth.BerthContainer;
import dev.berth.ExecResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * Assertion latency on a warm environment ({@link AssertionBenchEnvironment}, run through the
 * JUnit Platform Launcher; the measurements are its one test). Every variant is one check, made
 * once per round; the variants run round-robin with the starting one rotated every round, after
 * a warm-up. Berth's assertions are compared with the docker CLI doing the same check
 * ({@code docker exec ...}) and with a bare engine-API exec (the floor of any exec-based check).
 *
 * <p>Arguments: {@code [samples] [warmup]} (default 40 and 5). Exits 1 if any check fails or
 * anything is left behind; a missed goal (single check > 150 ms median, batch of 10 > 500 ms) is
 * printed as MISSED but does not fail the run. See docs/performance.md.
 */
public final class AssertionBenchmark {

    static final String IMAGE = "busybox:1.35";
    static final String SHELL_LESS = "berth/shell-less:latest";
    static final String PAGE = "berth-bench-page";
    static final String SERVER_SCRIPT = "mkdir -p /www && echo " + PAGE + " > /www/index.html && exec httpd -f -p 80 -h /www";

    /** The batch: 3 names resolve, 4 connections succeed, 3 are refused. */
    static final String BATCH_SCRIPT = String.join("; ",
            "r=0",
            "nslookup server >/dev/null 2>&1 || r=1",
            "nslookup client >/dev/null 2>&1 || r=1",
            "nslookup shellless >/dev/null 2>&1 || r=1",
            "nc -w 2 server 80 </dev/null >/dev/null 2>&1 || r=1",
            "nc -w 2 shellless 8080 </dev/null >/dev/null 2>&1 || r=1",
            "nc -w 2 server 80 </dev/null >/dev/null 2>&1 || r=1",
            "nc -w 2 shellless 8080 </dev/null >/dev/null 2>&1 || r=1",
            "nc -w 2 server 81 </dev/null >/dev/null 2>&1 && r=1",
            "nc -w 2 client 80 </dev/null >/dev/null 2>&1 && r=1",
            "nc -w 2 shellless 81 </dev/null >/dev/null 2>&1 && r=1",
            "exit $r");

    private static int samples = 40;
    private static int warmup = 5;
    private static final Map<String, List<Double>> MILLIS = new LinkedHashMap<>();
    private static final Map<String, String> DESCRIPTIONS = new LinkedHashMap<>();

    interface Check {
        void run() throws Exception;
    }

    record Variant(String name, String what, Check check) {
    }

    public static void main(String[] args) {
        if (args.length > 0 && !args[0].isBlank()) {
            samples = Integer.parseInt(args[0].trim());
        }
        if (args.length > 1 && !args[1].isBlank()) {
            warmup = Integer.parseInt(args[1].trim());
        }
        boolean ok = true;
        try {
            System.out.printf("Assertion benchmark: %d samples per variant, round-robin, after %d warm-up rounds%n", samples, warmup);
            System.out.println("engine: " + BenchSupport.engineVersion());
            Launcher launcher = LauncherFactory.create();
            LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                    .selectors(selectClass(AssertionBenchEnvironment.class)).build();
            SummaryGeneratingListener listener = new SummaryGeneratingListener();
            launcher.execute(request, listener);
            TestExecutionSummary summary = listener.getSummary();
            if (summary.getTotalFailureCount() > 0 || summary.getTestsSucceededCount() != 1) {
                ok = false;
                System.err.println("BENCHMARK FAILED: " + summary.getTestsSucceededCount() + " succeeded, "
                        + summary.getTotalFailureCount() + " failed");
                summary.getFailures().forEach(f -> {
                    System.err.println("  " + f.getTestIdentifier().getDisplayName() + ": " + f.getException());
                    f.getException().printStackTrace();
                });
            } else {
                report();
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

    /** Runs inside {@link AssertionBenchEnvironment}'s test, with the environment up. */
    static void measure(BerthContainer server, BerthContainer client, BerthContainer shellless) throws Exception {
        String c = client.dockerName();
        String s = server.dockerName();
        // the CLI's counterpart of Berth's probe: a long-lived busybox in the shell-less container's
        // network namespace, created once (labelled, removed in finally)
        String helper = "bench-probe-" + EnvironmentBenchmark.BENCH_RUN;
        List<String> runHelper = new ArrayList<>(List.of("run", "-d", "--name", helper));
        runHelper.addAll(BenchSupport.labelArgs());
        runHelper.addAll(List.of("--network", "container:" + shellless.id(), IMAGE, "sleep", "3600"));
        EnvironmentBenchmark.docker(runHelper);
        try {
            List<Variant> variants = List.of(
                    new Variant("berth dns", "assertThat(client).canResolve(\"server\")",
                            () -> assertThat(client).canResolve("server")),
                    new Variant("cli dns", "docker exec client nslookup server",
                            () -> cli("exec", c, "nslookup", "server")),
                    new Variant("api-exec dns", "client.exec(\"nslookup\", \"server\") (one bare engine-API exec)",
                            () -> zero(client.exec("nslookup", "server"))),
                    new Variant("berth port", "assertThat(client).canReach(server, 80)",
                            () -> assertThat(client).canReach(server, 80)),
                    new Variant("cli port", "docker exec client sh -c 'nc -w 2 server 80 </dev/null'",
                            () -> cli("exec", c, "sh", "-c", "nc -w 2 server 80 </dev/null")),
                    new Variant("berth file", "assertThat(server).file(\"/www/index.html\").contains(...)",
                            () -> assertThat(server).file("/www/index.html").contains(PAGE)),
                    new Variant("cli file", "docker exec server cat /www/index.html (output checked)",
                            () -> {
                                EnvironmentBenchmark.Result r = cli("exec", s, "cat", "/www/index.html");
                                if (!r.out().contains(PAGE)) {
                                    throw new IllegalStateException("cli file: read " + r.out());
                                }
                            }),
                    new Variant("berth batch10", "passesNetworkChecks: 3 canResolve, 4 canReach, 3 cannotReach",
                            () -> assertThat(client).passesNetworkChecks(b -> b
                                    .canResolve("server").canResolve("client").canResolve("shellless")
                                    .canReach(server, 80).canReach(shellless, 8080).canReach("server", 80).canReach("shellless", 8080)
                                    .cannotReach("server", 81).cannotReach(client, 80).cannotReach("shellless", 81))),
                    new Variant("cli batch10", "docker exec client sh -c '<the same 10 checks>'",
                            () -> cli("exec", c, "sh", "-c", BATCH_SCRIPT)),
                    new Variant("berth probe dns", "assertThat(shellless).canResolve(\"server\") (probe route)",
                            () -> assertThat(shellless).canResolve("server")),
                    new Variant("cli probe dns", "docker exec <busybox in its netns> nslookup server",
                            () -> cli("exec", helper, "nslookup", "server")),
                    new Variant("cli run-rm dns", "docker run --rm --network container:<shellless> busybox nslookup server",
                            () -> cli("run", "--rm", "--label", "dev.berth.managed=true", "--label", "dev.berth.bench=1",
                                    "--label", EnvironmentBenchmark.BENCH_RUN_LABEL + "=" + EnvironmentBenchmark.BENCH_RUN,
                                    "--network", "container:" + shellless.id(), IMAGE, "nslookup", "server")),
                    new Variant("berth probe port", "assertThat(shellless).canReach(server, 80) (probe route)",
                            () -> assertThat(shellless).canReach(server, 80)),
                    new Variant("cli probe port", "docker exec <busybox in its netns> sh -c 'nc -w 2 server 80 </dev/null'",
                            () -> cli("exec", helper, "sh", "-c", "nc -w 2 server 80 </dev/null")));
            variants.forEach(v -> {
                MILLIS.put(v.name(), new ArrayList<>());
                DESCRIPTIONS.put(v.name(), v.what());
            });
            for (int round = 1; round <= warmup + samples; round++) {
                for (int i = 0; i < variants.size(); i++) {
                    Variant v = variants.get((round - 1 + i) % variants.size());
                    long start = System.nanoTime();
                    v.check().run();
                    double ms = (System.nanoTime() - start) / 1e6;
                    if (round > warmup) {
                        MILLIS.get(v.name()).add(ms);
                    }
                }
                if (round == warmup) {
                    System.out.println("  warm-up done (" + warmup + " rounds)");
                } else if (round > warmup && (round - warmup) % 10 == 0) {
                    System.out.printf(Locale.ROOT, "  %d/%d rounds%n", round - warmup, samples);
                }
            }
        } finally {
            EnvironmentBenchmark.run(List.of("rm", "-f", helper));
        }
    }

    private static EnvironmentBenchmark.Result cli(String... args) throws Exception {
        EnvironmentBenchmark.Result r = EnvironmentBenchmark.run(List.of(args));
        if (r.code() != 0) {
            throw new IllegalStateException("docker " + String.join(" ", args) + " failed (" + r.code() + "): " + r.out());
        }
        return r;
    }

    private static void zero(ExecResult r) {
        if (r.exitCode() != 0) {
            throw new IllegalStateException("exec failed: " + r);
        }
    }

    private static void report() {
        System.out.println();
        System.out.println("| variant | what | median ms | p90 ms | min ms | max ms |");
        System.out.println("|---|---|---:|---:|---:|---:|");
        MILLIS.forEach((name, values) -> System.out.println("| " + name + " | `" + DESCRIPTIONS.get(name) + "` | "
                + BenchSupport.fmt(BenchSupport.median(values)) + " | " + BenchSupport.fmt(BenchSupport.percentile(values, 0.9))
                + " | " + BenchSupport.fmt(BenchSupport.min(values)) + " | " + BenchSupport.fmt(BenchSupport.max(values)) + " |"));
        System.out.println();
        System.out.println("| Berth vs | ratio of medians | median of per-round ratios |");
        System.out.println("|---|---:|---:|");
        ratio("berth dns", "cli dns");
        ratio("berth dns", "api-exec dns");
        ratio("berth port", "cli port");
        ratio("berth file", "cli file");
        ratio("berth batch10", "cli batch10");
        ratio("berth probe dns", "cli probe dns");
        ratio("berth probe dns", "cli run-rm dns");
        ratio("berth probe port", "cli probe port");
        System.out.println();
        for (String single : List.of("berth dns", "berth port", "berth file", "berth probe dns", "berth probe port")) {
            goal(single, 150);
        }
        goal("berth batch10", 500);
    }

    private static void ratio(String a, String b) {
        List<Double> x = MILLIS.get(a);
        List<Double> y = MILLIS.get(b);
        System.out.println("| " + a + " / " + b + " | " + BenchSupport.fmt2(BenchSupport.median(x) / BenchSupport.median(y))
                + " | " + BenchSupport.fmt2(BenchSupport.medianRatio(x, y)) + " |");
    }

    private static void goal(String name, double goalMillis) {
        double m = BenchSupport.median(MILLIS.get(name));
        System.out.printf(Locale.ROOT, "%-18s median %5.0f ms  goal <= %3.0f ms: %s%n", name, m, goalMillis,
                m <= goalMillis ? "met" : "MISSED");
    }
}
