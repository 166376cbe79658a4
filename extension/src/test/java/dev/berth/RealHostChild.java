package dev.berth;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.berth.internal.RunIdentity;
import org.junit.jupiter.api.Test;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * A second JVM for {@link RealHostEngineIT}: runs {@link HoldingTestCases} on the "real host" engine that
 * its system properties name ({@code berth.engines.node-1.*}, read as configuration parameters), prints
 * {@code READY <run id>} once its environment exists there, and blocks until it is killed.
 */
public final class RealHostChild {

    static final String READY = "BERTH-REAL-HOST-CHILD-READY ";

    private RealHostChild() {
    }

    public static void main(String[] args) {
        LauncherFactory.create().execute(LauncherDiscoveryRequestBuilder.request().selectors(selectClass(HoldingTestCases.class)).build());
        System.out.println("BERTH-CHILD-DONE without blocking");
        System.out.flush();
        System.exit(2);
    }

    @WithSwarm(nodes = 1)
    @WithNetwork(name = "mesh", driver = "overlay")
    @WithVolume(name = "data")
    @WithContainer(name = "app", image = "busybox:1.35", node = "node-1", networks = "mesh", volumes = "data:/data",
            command = {"sleep", "3600"})
    static class HoldingTestCases {
        @Test
        void holds(@Berth("app") BerthContainer app) throws InterruptedException {
            System.out.println(READY + RunIdentity.current().runId() + " " + app.node());
            System.out.flush();
            Thread.sleep(Long.MAX_VALUE);
        }
    }
}
