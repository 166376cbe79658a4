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

    public static void main(String[] args) {
        LauncherFactory.create().execute(LauncherDiscoveryRequestBuilder.request().selectors(selectClass(ExitingTestCases.class)).build());
        System.out.println("BERTH-CHILD-DONE without exiting");
        System.out.flush();
        System.exit(2);
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
