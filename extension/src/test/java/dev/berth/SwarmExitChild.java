package dev.berth;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.berth.internal.RunIdentity;
import org.junit.jupiter.api.Test;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * A second JVM for {@link SwarmBadInputIT}: forms a one-node local swarm with a container on it
 * and calls {@code System.exit(3)} in the middle of the test, so only the shutdown hook can remove
 * the environment and the node.
 */
public final class SwarmExitChild {

    static final String READY = "BERTH-SWARM-CHILD-READY ";

    private SwarmExitChild() {
    }

    /** {@code exit} (default): {@code System.exit(3)} mid-test; {@code hold}: blocks until killed. */
    public static void main(String[] args) {
        Class<?> fixture = args.length > 0 && args[0].equals("hold") ? HoldingTestCases.class : ExitingTestCases.class;
        LauncherFactory.create().execute(LauncherDiscoveryRequestBuilder.request().selectors(selectClass(fixture)).build());
        System.out.println("BERTH-CHILD-DONE without exiting");
        System.out.flush();
        System.exit(2);
    }

    @WithSwarm(nodes = 1)
    @WithContainer(name = "on-node", image = "busybox:1.35", node = "node-1", command = {"sleep", "3600"})
    static class HoldingTestCases {
        @Test
        void holds(@Berth("on-node") BerthContainer app) throws InterruptedException {
            System.out.println(READY + RunIdentity.current().runId() + " " + app.node());
            System.out.flush();
            Thread.sleep(Long.MAX_VALUE);
        }
    }

    @WithSwarm(nodes = 1)
    @WithContainer(name = "on-node", image = "busybox:1.35", node = "node-1", command = {"sleep", "3600"})
    static class ExitingTestCases {
        @Test
        void exitsMidTest(@Berth("on-node") BerthContainer app) {
            System.out.println(READY + RunIdentity.current().runId() + " " + app.node());
            System.out.flush();
            System.exit(3);
        }
    }
}
