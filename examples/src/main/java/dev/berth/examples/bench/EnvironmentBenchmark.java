package dev.berth.examples.bench;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Volume;
import com.github.dockerjava.api.model.HostConfig;
import dev.berth.ExecResult;
import dev.berth.internal.Docker;
import dev.berth.internal.Exec;
import dev.berth.internal.PhaseTrace;
import dev.berth.internal.RunIdentity;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestPlan;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.Container;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;

/**
 * Builds one environment five ways in the same JVM and times each: a user-defined bridge, a
 * named volume, an HTTP server (waited for on port 8080) and a client on it, three checks from
 * the client (DNS name, TCP port, a file in the shared volume), then full teardown.
 *
 * <ul>
 *   <li>{@code berth}: {@link BenchEnvironment} run through the JUnit Platform Launcher (the time of
 *       {@code Launcher.execute}: discovery, environment, the test with its three checks at once
 *       ({@code assertAllAtOnce}), removal);</li>
 *   <li>{@code cli}: the {@code docker} CLI, one process per step, sequentially, as a person scripts it;</li>
 *   <li>{@code cli-parallel}: the same CLI steps with every independent step at once, as a shell script with {@code &};</li>
 *   <li>{@code testcontainers}: plain Testcontainers code (Network, GenericContainer, execInContainer);</li>
 *   <li>{@code api-floor}: the same work through the engine API (Berth's own docker-java client) with every
 *       independent call at once and nothing else: no JUnit, no preflight, no run record, the three checks only.
 *       The practical limit.</li>
 * </ul>
 *
 * <p>Berth's rounds run with {@code berth.trace.phases=true}: the median of each phase is printed.
 *
 * Each variant is warmed up once, then run round-robin for N rounds; the median, minimum and
 * maximum are printed with the ratios. Exits 1 if any check fails or anything is left behind.
 * See docs/performance.md. Arguments: {@code [rounds]} (default 7).
 */
public final class EnvironmentBenchmark {

    static final String IMAGE = "busybox:1.35";
    static final String FILE_CONTENT = "berth-bench";
    /** The server writes the file into the volume, then serves HTTP on 8080. */
    static final String SERVER_SCRIPT = "echo " + FILE_CONTENT + " > /data/hello.txt && exec httpd -f -p 8080 -h /";
    static final String[] DNS_CHECK = {"nslookup", "server"};
    static final String[] PORT_CHECK = {"sh", "-c", "nc -w 2 server 8080 </dev/null"};
    static final String[] FILE_CHECK = {"cat", "/data/hello.txt"};

    static final String BENCH_LABEL = "dev.berth.bench";
    /** Tells this JVM's CLI and Testcontainers objects from those of any other run. */
    static final String BENCH_RUN_LABEL = "dev.berth.bench.run";
    static final String BENCH_RUN = Long.toString(ProcessHandle.current().pid());
    static final Map<String, String> LABELS = Map.of("dev.berth.managed", "true", BENCH_LABEL, "1", BENCH_RUN_LABEL, BENCH_RUN);

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

    interface Variant {
        String name();

        /** Builds, checks and removes the environment once; throws when a check fails. */
        void runOnce(int round) throws Exception;
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 && !args[0].isBlank() ? Integer.parseInt(args[0].trim()) : 7;
        if (rounds < 1) {
            throw new IllegalArgumentException("rounds must be >= 1");
        }
        System.setProperty("berth.trace.phases", "true");
        BerthVariant berth = new BerthVariant();
        ApiFloorVariant floor = new ApiFloorVariant();
        List<Variant> variants = List.of(berth, new CliVariant(), new ParallelCliVariant(), new TestcontainersVariant(), floor);
        Map<String, List<Double>> millis = new LinkedHashMap<>();
        variants.forEach(v -> millis.put(v.name(), new ArrayList<>()));
        boolean ok = true;
        try {
            System.out.printf("Environment benchmark: %d rounds, round-robin, after one warm-up per variant%n", rounds);
            System.out.println("engine: " + engineVersion());
            for (Variant v : variants) {
                double ms = time(v, 0);
                System.out.printf("  warm-up %-15s %8.0f ms%n", v.name(), ms);
            }
            System.out.println("  first engine contact of Berth in this JVM (warm-up): " + PhaseTrace.firstContact());
            berth.phases.clear();
            floor.phases.clear();
            for (int round = 1; round <= rounds; round++) {
                StringBuilder line = new StringBuilder(String.format("  round %2d", round));
                // rotate the starting variant so that none always runs right after another one
                for (int i = 0; i < variants.size(); i++) {
                    Variant v = variants.get((round - 1 + i) % variants.size());
                    double ms = time(v, round);
                    millis.get(v.name()).add(ms);
                    line.append(String.format("  %s %6.0f ms", v.name(), ms));
                }
                System.out.println(line);
            }
            report(millis);
            berth.reportPhases(floor.phases);
        } catch (Exception | AssertionError e) {
            ok = false;
            System.err.println("BENCHMARK FAILED: " + e);
            e.printStackTrace();
        } finally {
            if (!leftBehindIsEmpty()) {
                ok = false;
            }
        }
        System.exit(ok ? 0 : 1);
    }

    private static double time(Variant v, int round) throws Exception {
        long start = System.nanoTime();
        v.runOnce(round);
        return (System.nanoTime() - start) / 1e6;
    }

    private static void report(Map<String, List<Double>> millis) {
        System.out.println();
        System.out.println("| variant | median ms | min ms | max ms |");
        System.out.println("|---|---:|---:|---:|");
        Map<String, Double> medians = new LinkedHashMap<>();
        millis.forEach((name, values) -> {
            List<Double> sorted = values.stream().sorted().toList();
            double median = median(values);
            medians.put(name, median);
            System.out.printf(Locale.ROOT, "| %s | %.0f | %.0f | %.0f |%n", name, median, sorted.get(0),
                    sorted.get(sorted.size() - 1));
        });
        double berth = medians.get("berth");
        // the load of a shared engine drifts during a run: the ratio within each round (all three
        // variants a few seconds apart) is the steadier figure, so both are printed
        System.out.printf(Locale.ROOT, "%nBerth / CLI            = %.2f of medians, %.2f median of per-round ratios (goal <= 0.80)%n",
                berth / medians.get("cli"), medianRatio(millis.get("berth"), millis.get("cli")));
        System.out.printf(Locale.ROOT, "Berth / Testcontainers = %.2f of medians, %.2f median of per-round ratios (goal <= 1.00)%n",
                berth / medians.get("testcontainers"), medianRatio(millis.get("berth"), millis.get("testcontainers")));
        System.out.printf(Locale.ROOT, "Berth / CLI parallel   = %.2f of medians, %.2f median of per-round ratios (goal <= 0.85)%n",
                berth / medians.get("cli-parallel"), medianRatio(millis.get("berth"), millis.get("cli-parallel")));
        System.out.printf(Locale.ROOT, "Berth / API floor      = %.2f of medians, %.2f median of per-round ratios (goal <= 1.25)%n",
                berth / medians.get("api-floor"), medianRatio(millis.get("berth"), millis.get("api-floor")));
        System.out.printf(Locale.ROOT, "CLI parallel / CLI     = %.2f of medians; API floor / CLI = %.2f of medians%n",
                medians.get("cli-parallel") / medians.get("cli"), medians.get("api-floor") / medians.get("cli"));
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        return sorted.size() % 2 == 1 ? sorted.get(sorted.size() / 2)
                : (sorted.get(sorted.size() / 2 - 1) + sorted.get(sorted.size() / 2)) / 2;
    }

    private static double medianRatio(List<Double> a, List<Double> b) {
        List<Double> ratios = new ArrayList<>();
        for (int i = 0; i < a.size(); i++) {
            ratios.add(a.get(i) / b.get(i));
        }
        return median(ratios);
    }

    // ------------------------------------------------------------------ (a) Berth

    static final class BerthVariant implements Variant {
        private final Launcher launcher = LauncherFactory.create();
        private final LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                .selectors(selectClass(BenchEnvironment.class))
                .build();

        @Override
        public String name() {
            return "berth";
        }

        /** Per round: JUnit's discovery (as "junit-discovery") and the phases Berth traced, in ms. */
        final List<Map<String, Double>> phases = new ArrayList<>();
        private final List<PhaseTrace.Summary> summaries = new java.util.concurrent.CopyOnWriteArrayList<>();

        BerthVariant() {
            PhaseTrace.addListener(summaries::add);
        }

        @Override
        public void runOnce(int round) {
            SummaryGeneratingListener listener = new SummaryGeneratingListener();
            summaries.clear();
            long start = System.nanoTime();
            TestPlan plan = launcher.discover(request);
            double discovery = (System.nanoTime() - start) / 1e6;
            launcher.execute(plan, listener);
            Map<String, Double> round1 = new LinkedHashMap<>();
            round1.put("junit-discovery", discovery);
            for (PhaseTrace.Summary sum : summaries) {
                sum.millis().forEach((p, ms) -> round1.merge(p.label(), ms, Double::sum));
                round1.merge("first-to-last-step", sum.totalMillis(), Double::sum);
                round1.merge("between-steps", sum.betweenMillis(), Double::sum);
            }
            phases.add(round1);
            TestExecutionSummary summary = listener.getSummary();
            if (summary.getTotalFailureCount() > 0 || summary.getTestsSucceededCount() != 1) {
                StringBuilder why = new StringBuilder("Berth variant failed: " + summary.getTestsSucceededCount()
                        + " succeeded, " + summary.getTotalFailureCount() + " failed");
                summary.getFailures().forEach(f -> why.append("\n  ").append(f.getTestIdentifier().getDisplayName())
                        .append(": ").append(f.getException()));
                throw new IllegalStateException(why.toString());
            }
        }

        /** The median of each phase over the rounds, beside the API floor's steps of the same name. */
        void reportPhases(List<Map<String, Double>> floorSteps) {
            System.out.println();
            System.out.println("Berth's phases (berth.trace.phases) beside the API floor's steps, median over the rounds, ms;");
            System.out.println("a phase's time is the wall time its steps cover (containers start at once):");
            System.out.println("| phase | berth median | berth min | berth max | api-floor median |");
            System.out.println("|---|---:|---:|---:|---:|");
            List<String> names = new ArrayList<>();
            names.add("junit-discovery");
            for (PhaseTrace.Phase p : PhaseTrace.Phase.values()) {
                names.add(p.label());
            }
            names.add("first-to-last-step");
            names.add("between-steps");
            for (String name : names) {
                List<Double> values = phases.stream().map(r -> r.getOrDefault(name, 0.0)).toList();
                if (values.isEmpty() || values.stream().allMatch(v -> v == 0.0)) {
                    continue;
                }
                List<Double> sorted = values.stream().sorted().toList();
                List<Double> floorValues = floorSteps.stream().filter(r -> r.containsKey(name)).map(r -> r.get(name)).toList();
                System.out.printf(Locale.ROOT, "| %s | %.0f | %.0f | %.0f | %s |%n", name, median(values), sorted.get(0),
                        sorted.get(sorted.size() - 1), floorValues.isEmpty() ? "" : String.format(Locale.ROOT, "%.0f", median(floorValues)));
            }
        }
    }

    // ------------------------------------------------------------------ (b) docker CLI

    /** The labels of every object the two CLI variants create. */
    private static final List<String> CLI_LABELS = List.of("--label", "dev.berth.managed=true", "--label", BENCH_LABEL + "=1",
            "--label", BENCH_RUN_LABEL + "=" + BENCH_RUN);

    static final class CliVariant implements Variant {
        @Override
        public String name() {
            return "cli";
        }

        @Override
        public void runOnce(int round) throws Exception {
            String suffix = "-cli-" + ProcessHandle.current().pid() + "-" + round;
            String net = "bench" + suffix;
            String vol = "data" + suffix;
            String server = "server" + suffix;
            String client = "client" + suffix;
            List<String> labels = CLI_LABELS;
            boolean done = false;
            try {
                docker(concat(List.of("network", "create"), labels, List.of(net)));
                docker(concat(List.of("volume", "create"), labels, List.of(vol)));
                docker(concat(List.of("run", "-d", "--name", server), labels, List.of("--network", net,
                        "--network-alias", "server", "-v", vol + ":/data", IMAGE, "sh", "-c", SERVER_SCRIPT)));
                docker(concat(List.of("run", "-d", "--name", client), labels, List.of("--network", net,
                        "--network-alias", "client", "-v", vol + ":/data", IMAGE, "sleep", "3600")));
                // until docker exec server nc -w 1 127.0.0.1 8080 </dev/null; do sleep 0.1; done
                long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
                while (run(List.of("exec", server, "sh", "-c", "nc -w 1 127.0.0.1 8080 </dev/null")).code != 0) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("cli: server not ready on 8080 after " + READY_TIMEOUT);
                    }
                    Thread.sleep(100);
                }
                expectZero("DNS", run(concat(List.of("exec", client), List.of(DNS_CHECK))));
                expectZero("port", run(concat(List.of("exec", client), List.of(PORT_CHECK))));
                Result file = run(concat(List.of("exec", client), List.of(FILE_CHECK)));
                expectZero("file", file);
                if (!file.out.strip().equals(FILE_CONTENT)) {
                    throw new IllegalStateException("cli file check: read \"" + file.out.strip() + "\"");
                }
                docker(List.of("rm", "-f", server, client));
                docker(List.of("network", "rm", net));
                docker(List.of("volume", "rm", vol));
                done = true;
            } finally {
                if (!done) {
                    run(List.of("rm", "-f", server, client));
                    run(List.of("network", "rm", net));
                    run(List.of("volume", "rm", vol));
                }
            }
        }

        private static void expectZero(String check, Result r) {
            if (r.code != 0) {
                throw new IllegalStateException("cli " + check + " check failed: exit " + r.code + ": " + r.out);
            }
        }
    }

    // ------------------------------------------------------------------ (b2) docker CLI, independent steps at once

    /** The CLI steps of {@link CliVariant} with every independent step at once (a script with {@code &} and {@code wait}). */
    static final class ParallelCliVariant implements Variant {
        @Override
        public String name() {
            return "cli-parallel";
        }

        @Override
        public void runOnce(int round) throws Exception {
            String suffix = "-clip-" + ProcessHandle.current().pid() + "-" + round;
            String net = "bench" + suffix;
            String vol = "data" + suffix;
            String server = "server" + suffix;
            String client = "client" + suffix;
            List<String> labels = CLI_LABELS;
            boolean done = false;
            try {
                all(() -> docker(concat(List.of("network", "create"), labels, List.of(net))),
                        () -> docker(concat(List.of("volume", "create"), labels, List.of(vol))));
                all(() -> docker(concat(List.of("run", "-d", "--name", server), labels, List.of("--network", net,
                                "--network-alias", "server", "-v", vol + ":/data", IMAGE, "sh", "-c", SERVER_SCRIPT))),
                        () -> docker(concat(List.of("run", "-d", "--name", client), labels, List.of("--network", net,
                                "--network-alias", "client", "-v", vol + ":/data", IMAGE, "sleep", "3600"))));
                long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
                while (run(List.of("exec", server, "sh", "-c", "nc -w 1 127.0.0.1 8080 </dev/null")).code != 0) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("cli-parallel: server not ready on 8080 after " + READY_TIMEOUT);
                    }
                    Thread.sleep(100);
                }
                List<Result> checks = all(() -> run(concat(List.of("exec", client), List.of(DNS_CHECK))),
                        () -> run(concat(List.of("exec", client), List.of(PORT_CHECK))),
                        () -> run(concat(List.of("exec", client), List.of(FILE_CHECK))));
                CliVariant.expectZero("DNS", checks.get(0));
                CliVariant.expectZero("port", checks.get(1));
                CliVariant.expectZero("file", checks.get(2));
                if (!checks.get(2).out.strip().equals(FILE_CONTENT)) {
                    throw new IllegalStateException("cli-parallel file check: read \"" + checks.get(2).out.strip() + "\"");
                }
                docker(List.of("rm", "-f", server, client));
                all(() -> docker(List.of("network", "rm", net)), () -> docker(List.of("volume", "rm", vol)));
                done = true;
            } finally {
                if (!done) {
                    run(List.of("rm", "-f", server, client));
                    run(List.of("network", "rm", net));
                    run(List.of("volume", "rm", vol));
                }
            }
        }
    }

    interface Step<T> {
        T call() throws Exception;
    }

    interface VoidStep {
        void call() throws Exception;
    }

    /** The benchmark's own threads for the parallel variants (not Berth's). */
    private static final ExecutorService PARALLEL = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "bench-parallel");
        t.setDaemon(true);
        return t;
    });

    /** Runs the steps at once and waits for all; the first failure is thrown. */
    @SafeVarargs
    static <T> List<T> all(Step<T>... steps) throws Exception {
        List<Future<T>> futures = new ArrayList<>();
        for (Step<T> step : steps) {
            futures.add(PARALLEL.submit((Callable<T>) step::call));
        }
        List<T> results = new ArrayList<>();
        Exception first = null;
        for (Future<T> f : futures) {
            try {
                results.add(f.get());
            } catch (java.util.concurrent.ExecutionException e) {
                Exception cause = e.getCause() instanceof Exception x ? x : new IllegalStateException(e.getCause());
                if (first == null) {
                    first = cause;
                } else {
                    first.addSuppressed(cause);
                }
            }
        }
        if (first != null) {
            throw first;
        }
        return results;
    }

    static void all(VoidStep... steps) throws Exception {
        List<Step<Object>> wrapped = new ArrayList<>();
        for (VoidStep s : steps) {
            wrapped.add(() -> {
                s.call();
                return null;
            });
        }
        @SuppressWarnings("unchecked")
        Step<Object>[] array = wrapped.toArray(new Step[0]);
        all(array);
    }

    // ------------------------------------------------------------------ (d) the engine API, the floor

    /**
     * The same work through the engine API with Berth's own docker-java client, every independent
     * call at once, nothing else: network and volume together; each container created and started
     * (both at once); the server waited for by connecting to its address from this JVM (what Berth
     * does on a local engine), polled at 0, 10, 30, 70... ms; the three checks at once (one exec each:
     * create, start, inspect); both containers removed at once, then the volume, and at the same time both
     * containers disconnected from the network by force, then the network removed (as Berth's teardown does:
     * the network need not wait for the containers' exit).
     */
    static final class ApiFloorVariant implements Variant {
        /** Per run: the floor's own steps in ms, named as Berth's phases, to set beside Berth's trace (runs may be concurrent). */
        final List<Map<String, Double>> phases = new java.util.concurrent.CopyOnWriteArrayList<>();

        @Override
        public String name() {
            return "api-floor";
        }

        @Override
        public void runOnce(int round) throws Exception {
            runOnce(Integer.toString(round));
        }

        /**
         * Builds, checks and removes the environment once, its Docker names ending in {@code tag}: runs with
         * distinct tags may run at once (as {@link ParallelBenchmark} does, one run per class).
         */
        void runOnce(String tag) throws Exception {
            Map<String, Double> steps = new LinkedHashMap<>();
            long[] mark = {System.nanoTime()};
            java.util.function.Consumer<String> step = name -> {
                long now = System.nanoTime();
                steps.put(name, (now - mark[0]) / 1e6);
                mark[0] = now;
            };
            try {
                runSteps(tag, step);
            } finally {
                step.accept("teardown");
                phases.add(steps);
            }
        }

        private void runSteps(String tag, java.util.function.Consumer<String> step) throws Exception {
            DockerClient docker = Docker.get().client();
            String suffix = "-api-" + ProcessHandle.current().pid() + "-" + tag;
            String net = "bench" + suffix;
            String vol = "data" + suffix;
            List<String> ids = new java.util.concurrent.CopyOnWriteArrayList<>();
            String[] netId = new String[1];
            boolean volCreated = false;
            try {
                all(() -> netId[0] = docker.createNetworkCmd().withName(net).withLabels(LABELS).exec().getId(),
                        () -> docker.createVolumeCmd().withName(vol).withLabels(LABELS).exec());
                volCreated = true;
                step.accept("create");
                List<String> started = all(() -> createAndStart(docker, ids, "server" + suffix, "server", net, vol,
                                "sh", "-c", SERVER_SCRIPT),
                        () -> createAndStart(docker, ids, "client" + suffix, "client", net, vol, "sleep", "3600"));
                String serverId = started.get(0);
                String clientId = started.get(1);
                step.accept("start");
                String ip = docker.inspectContainerCmd(serverId).exec().getNetworkSettings().getNetworks().get(net).getIpAddress();
                long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
                long pause = 10;
                while (!accepts(ip, 8080)) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("api-floor: server not ready on 8080 after " + READY_TIMEOUT);
                    }
                    Thread.sleep(pause);
                    pause = Math.min(250, pause * 2);
                }
                step.accept("wait");
                Duration timeout = Duration.ofSeconds(30);
                List<ExecResult> checks = all(() -> Exec.run(docker, clientId, "client", timeout, List.of(DNS_CHECK)),
                        () -> Exec.run(docker, clientId, "client", timeout, List.of(PORT_CHECK)),
                        () -> Exec.run(docker, clientId, "client", timeout, List.of(FILE_CHECK)));
                String[] what = {"DNS", "port", "file"};
                for (int i = 0; i < 3; i++) {
                    if (checks.get(i).exitCode() != 0) {
                        throw new IllegalStateException("api-floor " + what[i] + " check failed: " + checks.get(i));
                    }
                }
                step.accept("checks");
                if (!checks.get(2).stdout().strip().equals(FILE_CONTENT)) {
                    throw new IllegalStateException("api-floor file check: read \"" + checks.get(2).stdout().strip() + "\"");
                }
            } finally {
                // the network goes while the containers do (as Berth's teardown): both disconnected by force, then the
                // network removed, since the engine releases a running container's endpoint at once and a killed one's
                // only after its exit; at the same time both containers removed, then the volume
                List<VoidStep> containers = new ArrayList<>();
                List<VoidStep> disconnects = new ArrayList<>();
                for (String id : ids) {
                    containers.add(() -> docker.removeContainerCmd(id).withForce(true).withRemoveVolumes(true).exec());
                    disconnects.add(() -> {
                        try {
                            docker.disconnectFromNetworkCmd().withNetworkId(netId[0]).withContainerId(id).withForce(true).exec();
                        } catch (com.github.dockerjava.api.exception.DockerException offOrGone) {
                            // removed first by the other branch: the network's removal below fails if it is still on it
                        }
                    });
                }
                boolean removeVolume = volCreated;
                all(() -> {
                    if (netId[0] != null) {
                        all(disconnects.toArray(new VoidStep[0]));
                        docker.removeNetworkCmd(netId[0]).exec();
                    }
                }, () -> {
                    all(containers.toArray(new VoidStep[0]));
                    if (removeVolume) {
                        docker.removeVolumeCmd(vol).exec();
                    }
                });
            }
        }

        private static String createAndStart(DockerClient docker, List<String> ids, String name, String alias, String net,
                                             String vol, String... command) {
            String id = docker.createContainerCmd(IMAGE).withName(name).withLabels(LABELS).withCmd(command)
                    .withAliases(alias)
                    .withHostConfig(HostConfig.newHostConfig().withNetworkMode(net).withBinds(new Bind(vol, new Volume("/data"))))
                    .exec().getId();
            ids.add(id);
            docker.startContainerCmd(id).exec();
            return id;
        }

        private static boolean accepts(String ip, int port) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(ip, port), 500);
                return true;
            } catch (IOException e) {
                return false;
            }
        }
    }

    record Result(int code, String out) {
    }

    static void docker(List<String> args) throws IOException, InterruptedException {
        Result r = run(args);
        if (r.code != 0) {
            throw new IllegalStateException("docker " + String.join(" ", args) + " failed (" + r.code + "): " + r.out);
        }
    }

    static Result run(List<String> args) throws IOException, InterruptedException {
        return run(args, java.util.Map.of(), 120);
    }

    /** Runs {@code docker ARGS} with extra environment variables, waiting at most the given seconds. */
    static Result run(List<String> args, java.util.Map<String, String> env, int timeoutSeconds)
            throws IOException, InterruptedException {
        List<String> command = concat(List.of("docker"), args);
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        p.getOutputStream().close();
        String out;
        try (InputStream in = p.getInputStream()) {
            out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("timed out: " + command);
        }
        return new Result(p.exitValue(), out);
    }

    @SafeVarargs
    static List<String> concat(List<String>... parts) {
        List<String> all = new ArrayList<>();
        Arrays.stream(parts).forEach(all::addAll);
        return all;
    }

    // ------------------------------------------------------------------ (c) Testcontainers

    static final class TestcontainersVariant implements Variant {
        @Override
        public String name() {
            return "testcontainers";
        }

        @Override
        public void runOnce(int round) throws Exception {
            DockerClient docker = DockerClientFactory.instance().client();
            String vol = "data-tc-" + ProcessHandle.current().pid() + "-" + round;
            // Testcontainers has no named-volume API: create it with the Docker client
            docker.createVolumeCmd().withName(vol).withLabels(LABELS).exec();
            Network network = Network.builder().createNetworkCmdModifier(cmd -> cmd.withLabels(LABELS)).build();
            GenericContainer<?> server = new GenericContainer<>(DockerImageName.parse(IMAGE))
                    .withNetwork(network).withNetworkAliases("server").withLabels(LABELS)
                    .withCommand("sh", "-c", SERVER_SCRIPT)
                    .withCreateContainerCmdModifier(cmd -> cmd.getHostConfig().withBinds(new Bind(vol, new Volume("/data"))))
                    .withExposedPorts(8080)
                    .waitingFor(Wait.forListeningPort());
            GenericContainer<?> client = new GenericContainer<>(DockerImageName.parse(IMAGE))
                    .withNetwork(network).withNetworkAliases("client").withLabels(LABELS)
                    .withCommand("sleep", "3600")
                    .withCreateContainerCmdModifier(cmd -> cmd.getHostConfig().withBinds(new Bind(vol, new Volume("/data"))));
            try {
                server.start();
                client.start();
                expectZero("DNS", client.execInContainer(DNS_CHECK));
                expectZero("port", client.execInContainer(PORT_CHECK));
                Container.ExecResult file = client.execInContainer(FILE_CHECK);
                expectZero("file", file);
                if (!file.getStdout().strip().equals(FILE_CONTENT)) {
                    throw new IllegalStateException("testcontainers file check: read \"" + file.getStdout().strip() + "\"");
                }
            } finally {
                client.stop();
                server.stop();
                network.close();
                docker.removeVolumeCmd(vol).exec();
            }
        }

        private static void expectZero(String check, Container.ExecResult r) {
            if (r.getExitCode() != 0) {
                throw new IllegalStateException("testcontainers " + check + " check failed: exit " + r.getExitCode()
                        + ": " + r.getStdout() + r.getStderr());
            }
        }
    }

    // ------------------------------------------------------------------ leaks

    private static String engineVersion() {
        try {
            return run(List.of("version", "--format", "{{.Server.Version}} (API {{.Server.APIVersion}})")).out.strip()
                    + ", " + Runtime.getRuntime().availableProcessors() + " CPUs visible to the JVM";
        } catch (Exception e) {
            return "unknown (" + e + ")";
        }
    }

    /**
     * True when nothing of this run is left: the CLI and Testcontainers objects (label
     * {@value #BENCH_RUN_LABEL}), and Berth's
     * objects of this JVM's run. Whatever is found is reported and removed.
     */
    private static boolean leftBehindIsEmpty() {
        try {
            List<String> found = new ArrayList<>();
            for (String filter : List.of("label=" + BENCH_RUN_LABEL + "=" + BENCH_RUN, "label=" + RunIdentity.RUN + "=" + RunIdentity.current().runId())) {
                for (String c : lines(run(List.of("ps", "-aq", "--filter", filter)).out)) {
                    if (BenchSupport.isThisRunsRecord(c)) {
                        continue; // the run record lives as long as the JVM: it is no object of a variant
                    }
                    found.add("container " + c);
                    run(List.of("rm", "-f", c));
                }
                for (String n : lines(run(List.of("network", "ls", "-q", "--filter", filter)).out)) {
                    found.add("network " + n);
                    run(List.of("network", "rm", n));
                }
                for (String v : lines(run(List.of("volume", "ls", "-q", "--filter", filter)).out)) {
                    found.add("volume " + v);
                    run(List.of("volume", "rm", v));
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

    private static List<String> lines(String text) {
        return text.lines().map(String::strip).filter(s -> !s.isEmpty()).distinct().toList();
    }
}
