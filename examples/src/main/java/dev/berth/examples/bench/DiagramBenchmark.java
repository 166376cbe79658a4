package dev.berth.examples.bench;

import static dev.berth.assertions.BerthAssertions.assertThat;

import dev.berth.Removal;
import dev.berth.WaitFor;
import dev.berth.WithContainer;
import dev.berth.WithNetwork;
import dev.berth.WithVolume;
import dev.berth.internal.Config;
import dev.berth.internal.ContainerHandle;
import dev.berth.internal.Declarations;
import dev.berth.internal.Environment;
import dev.berth.internal.EnvironmentPicture;
import dev.berth.internal.topology.Diagrams;
import dev.berth.internal.topology.Topology;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * How long a picture takes (docs/performance.md#pictures), median of several runs after a warm-up:
 *
 * <ol>
 *   <li>the largest lesson environment (lesson 9's: five containers on the default bridge and two
 *       user-defined networks, eight checks), started for real: inspecting what Berth created and
 *       drawing the SVG and the Mermaid twin, as a failure does (goal: 50 ms);</li>
 *   <li>the same for a synthetic environment of 30 containers on five networks with 30 checks,
 *       started for real (goal: 300 ms);</li>
 *   <li>drawing alone (no engine) for a 30-container model.</li>
 * </ol>
 *
 * Not a test: {@code mvn -pl examples exec:exec@bench-diagrams [-Dbench.diagram.runs=N]}.
 */
public final class DiagramBenchmark {

    @WithContainer(name = "default-a", image = "busybox:1.35", command = {"sleep", "3600"})
    @WithContainer(name = "default-b", image = "busybox:1.35", command = {"httpd", "-f", "-p", "8080", "-h", "/"},
            waitFor = @WaitFor(port = 8080))
    @WithNetwork(name = "redmine-network")
    @WithContainer(name = "some-mysql", image = "busybox:1.35", networks = "redmine-network",
            command = {"httpd", "-f", "-p", "3306", "-h", "/"}, waitFor = @WaitFor(port = 3306))
    @WithContainer(name = "some-redmine", image = "busybox:1.35", networks = "redmine-network", command = {"sleep", "3600"})
    @WithNetwork(name = "other-network")
    @WithContainer(name = "outsider", image = "busybox:1.35", networks = "other-network", command = {"sleep", "3600"})
    static final class LessonNine {
    }

    @WithNetwork(name = "n0") @WithNetwork(name = "n1") @WithNetwork(name = "n2") @WithNetwork(name = "n3") @WithNetwork(name = "n4")
    @WithVolume(name = "shared")
    @WithContainer(name = "s00", image = "busybox:1.35", networks = {"n0", "n1"}, ports = "80", volumes = "shared:/data", command = {"sleep", "3600"})
    @WithContainer(name = "s01", image = "busybox:1.35", networks = "n1", command = {"sleep", "3600"})
    @WithContainer(name = "s02", image = "busybox:1.35", networks = "n2", command = {"sleep", "3600"})
    @WithContainer(name = "s03", image = "busybox:1.35", networks = "n3", command = {"sleep", "3600"})
    @WithContainer(name = "s04", image = "busybox:1.35", networks = "n4", command = {"sleep", "3600"})
    @WithContainer(name = "s05", image = "busybox:1.35", networks = {"n0", "n2"}, ports = "80", volumes = "shared:/data:ro", command = {"sleep", "3600"})
    @WithContainer(name = "s06", image = "busybox:1.35", networks = "n1", command = {"sleep", "3600"})
    @WithContainer(name = "s07", image = "busybox:1.35", networks = "n2", command = {"sleep", "3600"})
    @WithContainer(name = "s08", image = "busybox:1.35", networks = "n3", command = {"sleep", "3600"})
    @WithContainer(name = "s09", image = "busybox:1.35", networks = "n4", command = {"sleep", "3600"})
    @WithContainer(name = "s10", image = "busybox:1.35", networks = {"n0", "n3"}, ports = "80", volumes = "shared:/data", command = {"sleep", "3600"})
    @WithContainer(name = "s11", image = "busybox:1.35", networks = "n1", command = {"sleep", "3600"})
    @WithContainer(name = "s12", image = "busybox:1.35", networks = "n2", command = {"sleep", "3600"})
    @WithContainer(name = "s13", image = "busybox:1.35", networks = "n3", command = {"sleep", "3600"})
    @WithContainer(name = "s14", image = "busybox:1.35", networks = "n4", command = {"sleep", "3600"})
    @WithContainer(name = "s15", image = "busybox:1.35", networks = {"n0", "n4"}, ports = "80", volumes = "shared:/data", command = {"sleep", "3600"})
    @WithContainer(name = "s16", image = "busybox:1.35", networks = "n1", command = {"sleep", "3600"})
    @WithContainer(name = "s17", image = "busybox:1.35", networks = "n2", command = {"sleep", "3600"})
    @WithContainer(name = "s18", image = "busybox:1.35", networks = "n3", command = {"sleep", "3600"})
    @WithContainer(name = "s19", image = "busybox:1.35", networks = "n4", command = {"sleep", "3600"})
    @WithContainer(name = "s20", image = "busybox:1.35", networks = "n0", command = {"sleep", "3600"})
    @WithContainer(name = "s21", image = "busybox:1.35", networks = "n1", command = {"sleep", "3600"})
    @WithContainer(name = "s22", image = "busybox:1.35", networks = "n2", command = {"sleep", "3600"})
    @WithContainer(name = "s23", image = "busybox:1.35", networks = "n3", command = {"sleep", "3600"})
    @WithContainer(name = "s24", image = "busybox:1.35", networks = "n4", command = {"sleep", "3600"})
    @WithContainer(name = "s25", image = "busybox:1.35", networks = "n0", command = {"sleep", "3600"})
    @WithContainer(name = "s26", image = "busybox:1.35", networks = "n1", command = {"sleep", "3600"})
    @WithContainer(name = "s27", image = "busybox:1.35", networks = "n2", command = {"sleep", "3600"})
    @WithContainer(name = "s28", image = "busybox:1.35", networks = "n3", command = {"sleep", "3600"})
    @WithContainer(name = "s29", image = "busybox:1.35", networks = "n4", command = {"sleep", "3600"})
    static final class Thirty {
    }

    private DiagramBenchmark() {
    }

    public static void main(String[] args) {
        int runs = args.length > 0 && !args[0].isBlank() ? Integer.parseInt(args[0].trim()) : 15;
        Config config = Config.fromSystemProperties();
        System.out.println("Berth picture benchmark: median of " + runs + " runs after 3 warm-up runs");

        try (Environment nine = new Environment(Declarations.read(LessonNine.class, config), List.of(), "bench:diagram-9", config,
                Removal.ALWAYS).start()) {
            var c = nine.containers();
            assertThat(c.get("default-a")).cannotResolve("default-b").canReach(c.get("default-b").ipAddress("bridge"), 8080);
            assertThat(c.get("some-redmine")).resolvesTo("some-mysql", c.get("some-mysql")).canReach(c.get("some-mysql"), 3306)
                    .sharesNetworkWith(c.get("some-mysql"));
            assertThat(c.get("outsider")).cannotResolve("some-mysql").isIsolatedFrom(c.get("some-mysql"), 3306);
            report("lesson 9 environment (5 containers, 8 checks): inspect + SVG + Mermaid", runs, 50,
                    () -> draw(EnvironmentPicture.of("bench", List.of(nine), 0, false)));
        }
        try (Environment thirty = new Environment(Declarations.read(Thirty.class, config), List.of(), "bench:diagram-30", config,
                Removal.ALWAYS).start()) {
            List<ContainerHandle> all = new ArrayList<>(thirty.containers().values());
            for (int i = 0; i < all.size(); i++) {
                ContainerHandle from = all.get(i);
                ContainerHandle to = from;
                for (int k = 1; k < all.size() && to == from; k++) { // the next one on a network it is on
                    ContainerHandle next = all.get((i + k) % all.size());
                    if (!java.util.Collections.disjoint(from.networks(), next.networks())) {
                        to = next;
                    }
                }
                assertThat(from).sharesNetworkWith(to);
            }
            report("synthetic environment (30 containers, 5 networks, 30 checks): inspect + SVG + Mermaid", runs, 300,
                    () -> draw(EnvironmentPicture.of("bench", List.of(thirty), 0, false)));
            Topology model = EnvironmentPicture.of("bench", List.of(thirty), 0, false);
            report("the same 30-container model: SVG + Mermaid only (no engine)", runs, 300, () -> draw(model));
        }
    }

    private static int draw(Topology t) {
        return Diagrams.svg(t).length() + Diagrams.mermaid(t).length();
    }

    private static void report(String what, int runs, long goalMillis, Supplier<Integer> work) {
        for (int i = 0; i < 3; i++) {
            work.get();
        }
        List<Double> millis = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            long start = System.nanoTime();
            work.get();
            millis.add((System.nanoTime() - start) / 1e6);
        }
        millis.sort(Double::compare);
        double median = millis.get(millis.size() / 2);
        System.out.printf(Locale.ROOT, "%-92s median %7.2f ms (min %.2f, max %.2f; goal <= %d ms: %s)%n", what, median,
                millis.get(0), millis.get(millis.size() - 1), goalMillis, median <= goalMillis ? "met" : "MISSED");
    }
}
