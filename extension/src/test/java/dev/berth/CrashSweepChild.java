package dev.berth;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.berth.internal.RunIdentity;
import org.junit.jupiter.api.Test;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * The second JVM of {@link CrashSweepIT}: runs {@link HoldingTestCases} through the JUnit
 * launcher, so Berth creates a labelled network and container the ordinary way, prints
 * {@code READY <run id>} and blocks until it is killed.
 */
public final class CrashSweepChild {

    static final String READY = "BERTH-CHILD-READY ";

    private CrashSweepChild() {
    }

    /**
     * {@code hold} (default): blocks until killed; {@code compose}: the same with a compose stack; {@code exit}: calls
     * {@code System.exit(3)} in the middle of the test; {@code reuse-hold} and {@code reuse-window}: runs
     * {@link ReuseIT.KeptTestCases} (kept between runs), blocking until killed, or to its end (exit status 0 when it passed).
     */
    public static void main(String[] args) {
        String mode = args.length > 0 ? args[0] : "hold";
        Class<?> fixture = switch (mode) {
            case "exit" -> ExitingTestCases.class;
            case "compose" -> HoldingStackTestCases.class;
            case "reuse-hold", "reuse-window" -> ReuseIT.KeptTestCases.class;
            default -> HoldingTestCases.class;
        };
        System.setProperty(ReuseIT.MODE, mode);
        Launcher launcher = LauncherFactory.create();
        org.junit.platform.launcher.listeners.SummaryGeneratingListener summary =
                new org.junit.platform.launcher.listeners.SummaryGeneratingListener();
        launcher.execute(LauncherDiscoveryRequestBuilder.request().selectors(selectClass(fixture)).build(), summary);
        if (mode.equals("reuse-window")) {
            summary.getSummary().printFailuresTo(new java.io.PrintWriter(System.out, true), 20);
            System.out.flush();
            System.exit(summary.getSummary().getTestsSucceededCount() == 1 && summary.getSummary().getTotalFailureCount() == 0 ? 0 : 1);
        }
        // reached only when the fixture did not block: say so, so the parent fails with a reason
        System.out.println("BERTH-CHILD-DONE without blocking");
        System.out.flush();
        System.exit(2);
    }

    @WithNetwork(name = "crash-net")
    @WithVolume(name = "crash-data")
    @WithContainer(name = "crash-app", image = "busybox:1.35", networks = "crash-net", volumes = "crash-data:/data",
            command = {"sleep", "3600"})
    static class HoldingTestCases {
        @Test
        void holdsTheEnvironment(@Berth("crash-app") BerthContainer app) throws InterruptedException {
            System.out.println(READY + RunIdentity.current().runId() + " " + app.dockerName());
            System.out.flush();
            Thread.sleep(Long.MAX_VALUE);
        }
    }

    @WithNetwork(name = "exit-net")
    @WithVolume(name = "exit-data")
    @WithContainer(name = "exit-app", image = "busybox:1.35", networks = "exit-net", volumes = "exit-data:/data",
            command = {"sleep", "3600"})
    static class ExitingTestCases {
        @Test
        void exitsMidTest(@Berth("exit-app") BerthContainer app) {
            System.out.println(READY + RunIdentity.current().runId() + " " + app.dockerName());
            System.out.flush();
            System.exit(3);
        }
    }

    @ComposeStack(name = "shop", files = "src/test/resources/compose/shop.yml")
    static class HoldingStackTestCases {
        @Test
        void holdsTheStack(BerthStack shop) throws InterruptedException {
            System.out.println(READY + RunIdentity.current().runId() + " " + shop.services());
            System.out.flush();
            Thread.sleep(Long.MAX_VALUE);
        }
    }
}
