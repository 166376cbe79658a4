package dev.berth.examples.bench;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.berth.internal.swarm.Cluster;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * The swarm benchmark (docs/swarm.md), not a timed test: (1) the time to a formed two-node local
 * swarm, the first formation of this JVM (cold) and the following ones (warm); (2) the environment
 * benchmark's scenario with its two containers on two nodes over an overlay network against the same
 * on one engine's bridge, each built and removed {@link #ROUNDS} times in this run: medians and their ratio.
 *
 * <p>{@code mvn -pl extension,examples -am -o compile exec:exec@bench-swarm} (see examples/pom.xml).
 */
public final class SwarmBenchmark {

    /** Repetitions of each environment (the repeated tests of {@link SwarmBenchEnvironments}). */
    static final int ROUNDS = 5;

    private SwarmBenchmark() {
    }

    public static void main(String[] args) {
        int formations = args.length > 0 ? Integer.parseInt(args[0]) : 4;
        List<Double> formed = new ArrayList<>();
        for (int i = 0; i < formations; i++) {
            long start = System.nanoTime();
            try (Cluster c = Cluster.form("SwarmBenchmark", 2, key -> Optional.empty())) {
                formed.add((System.nanoTime() - start) / 1e6);
                if (c.nodes().size() != 2) {
                    throw new IllegalStateException("expected two nodes, got " + c.names());
                }
            }
        }
        List<Double> warm = formed.subList(1, formed.size());
        System.out.printf(Locale.ROOT, "[swarm-bench] formation of a 2-node local swarm: cold %.0f ms, warm median %.0f ms"
                + " (min %.0f, max %.0f, n=%d) %s%n", formed.get(0), BenchSupport.median(warm), BenchSupport.min(warm),
                BenchSupport.max(warm), warm.size(), formed);

        Launcher launcher = LauncherFactory.create();
        List<Double> bridge = run(launcher, SwarmBenchEnvironments.OneEngineBridge.class);
        List<Double> overlay = run(launcher, SwarmBenchEnvironments.TwoNodesOverlay.class);
        double ratio = BenchSupport.median(overlay) / BenchSupport.median(bridge);
        System.out.printf(Locale.ROOT, "[swarm-bench] environment (network, volume, server waited on 8080, client, DNS+port+file"
                + " checks, teardown), %d rounds each: one engine's bridge median %.0f ms %s; two nodes over overlay median"
                + " %.0f ms %s; ratio overlay/bridge %.2f%n", ROUNDS, BenchSupport.median(bridge), rounded(bridge),
                BenchSupport.median(overlay), rounded(overlay), ratio);
        List<String> left = leftBehind();
        System.out.println("[swarm-bench] left behind on the local engine (nodes included, the run record excepted): "
                + (left.isEmpty() ? "nothing" : left));
        if (!left.isEmpty()) {
            System.exit(1);
        }
    }

    /** Containers, networks and volumes of this run on the local engine, other than its running run record. */
    private static List<String> leftBehind() {
        var client = dev.berth.internal.Docker.get().client();
        String run = dev.berth.internal.RunIdentity.current().runId();
        List<String> out = new ArrayList<>();
        client.listContainersCmd().withShowAll(true).withLabelFilter(Map.of(dev.berth.internal.RunIdentity.RUN, run)).exec().stream()
                .filter(c -> !dev.berth.internal.RunRecord.KIND.equals(c.getLabels().get(dev.berth.internal.RunIdentity.KIND)))
                .forEach(c -> out.add("container " + c.getNames()[0]));
        client.listNetworksCmd().withFilter("label", List.of(dev.berth.internal.RunIdentity.RUN + "=" + run)).exec()
                .forEach(n -> out.add("network " + n.getName()));
        var volumes = client.listVolumesCmd().withFilter("label", List.of(dev.berth.internal.RunIdentity.RUN + "=" + run)).exec().getVolumes();
        if (volumes != null) {
            volumes.forEach(v -> out.add("volume " + v.getName()));
        }
        return out;
    }

    private static List<Long> rounded(List<Double> values) {
        return values.stream().map(Math::round).toList();
    }

    /** Runs the class; the duration of each repetition (its environment built, checked and removed), in ms. */
    private static List<Double> run(Launcher launcher, Class<?> environments) {
        Map<String, Long> started = new ConcurrentHashMap<>();
        List<Double> millis = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        launcher.execute(LauncherDiscoveryRequestBuilder.request().selectors(selectClass(environments)).build(),
                new TestExecutionListener() {
                    @Override
                    public void executionStarted(TestIdentifier id) {
                        if (id.isTest()) {
                            started.put(id.getUniqueId(), System.nanoTime());
                        }
                    }

                    @Override
                    public void executionFinished(TestIdentifier id, TestExecutionResult result) {
                        if (result.getStatus() != TestExecutionResult.Status.SUCCESSFUL) {
                            failures.add(id.getDisplayName() + ": " + result.getThrowable().map(Throwable::toString).orElse("?"));
                        }
                        if (id.isTest() && started.containsKey(id.getUniqueId())) {
                            synchronized (millis) {
                                millis.add((System.nanoTime() - started.get(id.getUniqueId())) / 1e6);
                            }
                        }
                    }
                });
        if (!failures.isEmpty() || millis.size() != ROUNDS) {
            throw new IllegalStateException(environments.getSimpleName() + " failed: " + failures + " (" + millis.size() + " rounds)");
        }
        return millis;
    }
}
