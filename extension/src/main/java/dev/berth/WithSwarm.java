package dev.berth;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.apiguardian.api.API;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A Docker Swarm of several engines for the annotated class, named {@code node-1} (the manager) to
 * {@code node-N}: containers run on a node with {@link WithContainer#node()}, and networks with
 * {@code driver = "overlay"} span the nodes.
 *
 * <p>By default the nodes are engines in privileged containers on the local engine (image
 * {@code berth/dind}), formed before the class and removed after it, with the images the
 * environment needs copied in from the local engine. With {@code berth.engines.node-1.host},
 * {@code berth.engines.node-2.host}, ... set for every node, the same tests run on those engines
 * instead; {@code berth.engines.NODE.tls-verify} and {@code berth.engines.NODE.cert-path} reach an
 * engine over TLS (docs/swarm.md).
 *
 * <pre>{@code
 * @WithSwarm(nodes = 2)
 * @WithNetwork(name = "mesh", driver = "overlay")
 * @WithContainer(name = "web", image = "busybox:1.35", node = "node-1", networks = "mesh")
 * @WithContainer(name = "client", image = "busybox:1.35", node = "node-2", networks = "mesh")
 * class AcrossNodesTest { ... }
 * }</pre>
 *
 * <p>In code, {@link BerthEnvironment.Builder#swarm(int)} declares the same for a programmatic
 * environment, with {@code node(...)} on its containers.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.ANNOTATION_TYPE})
@ExtendWith(BerthExtension.class)
@API(status = EXPERIMENTAL, since = "0.9")
public @interface WithSwarm {

    /** How many nodes: {@code node-1} (the manager) to {@code node-N} (workers); 1 to 9. */
    int nodes() default 2;
}
