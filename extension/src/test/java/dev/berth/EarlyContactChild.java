package dev.berth;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectUniqueId;

import dev.berth.internal.RunIdentity;
import dev.berth.internal.RunRecord;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.ClassOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;

/**
 * The JVM of {@link EarlyContactIT}: runs a plan whose first class does not use Berth and whose
 * second does, in that order. The first class passes only when this JVM's run record appears
 * while it runs: only the early contact at the plan's start can have made it.
 */
public final class EarlyContactChild {

    static final String PASSED = "BERTH-EARLY-CONTACT-PASSED";

    private EarlyContactChild() {
    }

    /**
     * {@code classes}: selects the two classes (as Surefire and Gradle do: the contact starts with discovery);
     * {@code unique-ids}: selects them by unique ID (no class selector: the contact starts with the plan).
     */
    public static void main(String[] args) {
        SummaryGeneratingListener summary = new SummaryGeneratingListener();
        List<DiscoverySelector> selectors = args.length > 0 && args[0].equals("unique-ids")
                ? List.of(selectUniqueId(classId(FirstWithoutBerth.class)), selectUniqueId(classId(SecondWithBerth.class)))
                : List.of(selectClass(FirstWithoutBerth.class), selectClass(SecondWithBerth.class));
        LauncherFactory.create().execute(LauncherDiscoveryRequestBuilder.request()
                .selectors(selectors)
                .configurationParameter("junit.jupiter.testclass.order.default", ClassOrderer.OrderAnnotation.class.getName())
                .build(), summary);
        summary.getSummary().printFailuresTo(new java.io.PrintWriter(System.out, true), 20);
        boolean passed = summary.getSummary().getTotalFailureCount() == 0 && summary.getSummary().getTestsSucceededCount() == 2;
        System.out.println(passed ? PASSED : "BERTH-EARLY-CONTACT-FAILED");
        System.out.flush();
        System.exit(passed ? 0 : 1);
    }

    private static String classId(Class<?> type) {
        return "[engine:junit-jupiter]/[class:" + type.getName() + "]";
    }

    @Order(1)
    static class FirstWithoutBerth {
        @Test
        void seesTheRunRecordOfThisJvm() throws IOException, InterruptedException {
            String filter = RunIdentity.RUN + "=" + RunIdentity.current().runId();
            long deadline = System.nanoTime() + 20_000_000_000L;
            while (System.nanoTime() < deadline) {
                // through the CLI: asking through Berth would contact the engine itself
                Process p = new ProcessBuilder("docker", "ps", "-q", "--filter", "label=" + filter,
                        "--filter", "label=" + RunIdentity.KIND + "=" + RunRecord.KIND).redirectErrorStream(true).start();
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
                if (p.waitFor() == 0 && !out.isEmpty()) {
                    return;
                }
                Thread.sleep(100);
            }
            throw new AssertionError("no run record of this JVM (" + filter + ") appeared within 20 s of the plan's start");
        }
    }

    @Order(2)
    @WithNetwork(name = "early-net", labels = "berth-it=early-contact")
    static class SecondWithBerth {
        @Test
        void usesBerth(@Berth("early-net") BerthNetwork net) {
            org.assertj.core.api.Assertions.assertThat(net.name()).isEqualTo("early-net");
        }
    }
}
