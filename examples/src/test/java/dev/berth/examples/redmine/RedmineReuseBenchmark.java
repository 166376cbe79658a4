package dev.berth.examples.redmine;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Container;
import dev.berth.internal.Docker;
import dev.berth.internal.KeptEnvironments;
import dev.berth.internal.Reuse;
import dev.berth.internal.RunIdentity;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * The reuse figures of docs/performance.md: each round, in a fresh JVM each, runs
 * <ol>
 * <li>{@code docker-run class}: {@link RedmineDockerRunStyleTest} as it is (nothing kept);</li>
 * <li>{@code reuse off}: {@link RedmineReusedTestCases} with {@code berth.reuse.enabled=false};</li>
 * <li>{@code first run}: the same with reuse on and nothing kept yet (creates, snapshots db-data, keeps);</li>
 * <li>{@code second run}: the same again (adopts, resets db-data).</li>
 * </ol>
 * The time is that of {@code Launcher.execute} in the child (discovery, environment, tests, removal
 * or keeping), JVM start not counted. Before each round and at the end it removes the kept
 * environment; it exits 1 when a test failed or a kept environment is left.
 *
 * <p>{@code mvn -o -pl examples exec:exec@bench-reuse [-Dbench.rounds=3]}
 */
public final class RedmineReuseBenchmark {

    static final String RESULT = "BENCH-RESULT ";

    private RedmineReuseBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 2 && args[0].equals("child")) {
            child(args[1]);
            return;
        }
        int rounds = Math.max(1, args.length > 0 && !args[0].isBlank() ? Integer.parseInt(args[0]) : 3);
        DockerClient client = Docker.get().client();
        Map<String, List<Double>> times = new LinkedHashMap<>();
        boolean ok = true;
        try {
            for (int round = 1; round <= rounds; round++) {
                removeKept(client);
                ok &= measure(times, "docker-run class", RedmineDockerRunStyleTest.class, List.of());
                ok &= measure(times, "reuse off", RedmineReusedTestCases.class, List.of("-Dberth.reuse.enabled=false"));
                ok &= measure(times, "first run", RedmineReusedTestCases.class, List.of());
                ok &= measure(times, "second run", RedmineReusedTestCases.class, List.of());
                System.out.println("round " + round + ": " + times);
            }
        } finally {
            removeKept(client);
        }
        System.out.println("| run | median ms | min ms | max ms |");
        System.out.println("|---|---:|---:|---:|");
        times.forEach((k, v) -> System.out.printf(Locale.ROOT, "| %s | %.0f | %.0f | %.0f |%n", k, median(v),
                v.stream().mapToDouble(Double::doubleValue).min().orElse(0), v.stream().mapToDouble(Double::doubleValue).max().orElse(0)));
        double second = median(times.get("second run"));
        System.out.printf(Locale.ROOT, "second / first run: %.2f; second run / docker-run class: %.2f; first run / reuse off: %.2f%n",
                second / median(times.get("first run")), second / median(times.get("docker-run class")),
                median(times.get("first run")) / median(times.get("reuse off")));
        boolean left = !kept(client).isEmpty();
        if (!ok || left) {
            System.out.println("FAILED: " + (ok ? "" : "a test failed; ") + (left ? "a kept environment is left" : ""));
            System.exit(1);
        }
    }

    private static boolean measure(Map<String, List<Double>> times, String name, Class<?> fixture, List<String> jvmOptions)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), RedmineReuseBenchmark.class.getName(), "child",
                fixture.getName()));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        String result = out.lines().filter(l -> l.startsWith(RESULT)).findFirst().orElse(null);
        if (p.exitValue() != 0 || result == null) {
            System.out.println(name + " FAILED:\n" + out);
            return false;
        }
        times.computeIfAbsent(name, k -> new ArrayList<>()).add(Double.parseDouble(result.substring(RESULT.length()).strip()));
        return true;
    }

    private static void child(String className) throws ClassNotFoundException {
        Launcher launcher = LauncherFactory.create();
        SummaryGeneratingListener summary = new SummaryGeneratingListener();
        long start = System.nanoTime();
        launcher.execute(LauncherDiscoveryRequestBuilder.request().selectors(selectClass(Class.forName(className))).build(), summary);
        long ms = (System.nanoTime() - start) / 1_000_000;
        TestExecutionSummary s = summary.getSummary();
        s.printFailuresTo(new java.io.PrintWriter(System.out, true), 30);
        boolean passed = s.getTotalFailureCount() == 0 && s.getTestsSucceededCount() > 0;
        System.out.println(RESULT + ms);
        System.out.flush();
        System.exit(passed ? 0 : 1);
    }

    private static List<String> kept(DockerClient client) {
        List<String> hashes = new ArrayList<>();
        for (Container a : client.listContainersCmd().withShowAll(true).withLabelFilter(Map.of(RunIdentity.KIND, Reuse.ANCHOR)).exec()) {
            if (a.getLabels().getOrDefault("dev.berth.reuse.scope", "").contains(RedmineReusedTestCases.class.getSimpleName())) {
                hashes.add(a.getLabels().get(Reuse.LABEL));
            }
        }
        return hashes;
    }

    private static void removeKept(DockerClient client) {
        kept(client).forEach(h -> KeptEnvironments.removeWhenFree(client, h, java.time.Duration.ofMinutes(5)));
    }

    private static double median(List<Double> v) {
        List<Double> s = v.stream().sorted().toList();
        return s.size() % 2 == 1 ? s.get(s.size() / 2) : (s.get(s.size() / 2 - 1) + s.get(s.size() / 2)) / 2;
    }
}
