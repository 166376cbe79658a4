package dev.berth;

import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The swarm page's annotation examples written with the builder: docs/swarm.md shows each twin
 * beside its annotations, {@link SwarmBuildersTests} proves each reads into the same environment
 * as the annotations (without an engine), and {@link SwarmBuilderIT} runs the first on two nodes.
 */
final class SwarmBuilders {

    private SwarmBuilders() {
    }

    /** The twin of {@link SwarmIT}'s declarations. */
    static final class AcrossNodes {
        // tag::declaration[]
        static BerthEnvironment env = BerthEnvironment.builder()
                .swarm(2)
                .network("mesh", n -> n.driver("overlay"))
                .network("sealed", n -> n.driver("overlay").encrypted(true))
                .network("island", n -> n.label("team", "edge"))
                .volume("reports")
                .container("web", c -> c.image("busybox:1.35").node("node-1").networks("mesh", "sealed").ports("80")
                        .command("sh", "-c", "mkdir -p /www && echo hello-from-node-1 > /www/index.html && exec httpd -f -p 80 -h /www")
                        .waitFor(w -> w.port(80)))
                .container("client", c -> c.image("busybox:1.35").node("node-2").networks("mesh", "sealed")
                        .volumes("reports:/reports").command("sh", "-c", "echo written-on-node-2 > /reports/r.txt && exec sleep 3600"))
                .container("outsider", c -> c.image("busybox:1.35").node("node-1").networks("island").command("sleep", "3600"))
                .build();
        // end::declaration[]
    }

    /** The twin of {@link SwarmBadInputIT.NodeLostTestCases}' declarations. */
    static final class NodeLost {
        // tag::node-lost[]
        static BerthEnvironment env = BerthEnvironment.builder()
                .swarm(2)
                .network("mesh", n -> n.driver("overlay"))
                .network("node-1-only")
                .volume("data")
                .container("a", c -> c.image("busybox:1.35").node("node-1").networks("mesh", "node-1-only")
                        .volumes("data:/data").command("sleep", "3600"))
                .container("b", c -> c.image("busybox:1.35").node("node-2").networks("mesh").command("sleep", "3600"))
                .build();
        // end::node-lost[]
    }

    /** The twin of {@link SwarmNamesIT}'s declarations: the swarm and its network for the class, two containers for each test. */
    static final class Names {
        // tag::names[]
        @RegisterExtension
        static BerthEnvironment swarm = BerthEnvironment.builder()
                .swarm(2)
                .network("mesh", n -> n.driver("overlay"))
                .build();

        @RegisterExtension
        BerthEnvironment pair = BerthEnvironment.builder()
                .container("a", c -> c.image("busybox:1.35").node("node-1").networks("mesh").command("sleep", "3600"))
                .container("b", c -> c.image("busybox:1.35").node("node-2").networks("mesh").command("sleep", "3600"))
                .build();
        // end::names[]
    }
}
