package dev.berth.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.berth.BerthEnvironment;
import dev.berth.WithContainer;
import dev.berth.WithNetwork;
import dev.berth.WithSwarm;
import dev.berth.internal.Specs.ContainerSpec;
import dev.berth.internal.Specs.EnvironmentSpec;
import dev.berth.internal.Specs.NetworkSpec;
import dev.berth.internal.swarm.Placement;
import java.lang.reflect.Field;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

/**
 * The swarm's declarations (the node count, a container's node, a network's {@code encrypted} and
 * {@code options}) are read into the specs by {@link Declarations}, from the annotations and from
 * the builder alike, and checked there without an engine; {@link Placement} decides from the specs
 * alone. SwarmIT and SwarmBadInputIT run the same on real nodes.
 */
class SwarmDeclarationsTests {

    private static final Config DEFAULTS = Config.of(Map.of("node.of.client", "node-2"));

    @WithSwarm(nodes = 3)
    @WithNetwork(name = "mesh", driver = "overlay", encrypted = true, options = {"com.example.mtu = 1400", "flag="})
    @WithNetwork(name = "lan", driver = "macvlan", subnet = "192.168.77.0/24", options = "parent=eth0")
    @WithContainer(name = "web", image = "busybox:1.35", node = "node-1", networks = "mesh")
    @WithContainer(name = "client", image = "busybox:1.35", node = "${node.of.client}", networks = "mesh")
    @WithContainer(name = "local", image = "busybox:1.35", node = " node-3 ", networks = "lan")
    static class Declared {
    }

    static BerthEnvironment declaredTwin() {
        return BerthEnvironment.builder()
                .swarm(3)
                .network("mesh", n -> n.driver("overlay").encrypted(true).option("com.example.mtu ", " 1400").option("flag", ""))
                .network("lan", n -> n.driver("macvlan").subnet("192.168.77.0/24").option("parent", "eth0"))
                .container("web", c -> c.image("busybox:1.35").node("node-1").networks("mesh"))
                .container("client", c -> c.image("busybox:1.35").node("${node.of.client}").networks("mesh"))
                .container("local", c -> c.image("busybox:1.35").node(" node-3 ").networks("lan"))
                .build();
    }

    @Test
    @DisplayName("the node count, each container's node and each network's encrypted and options are in the specs")
    void readIntoTheSpecs() {
        EnvironmentSpec spec = Declarations.read(Declared.class, DEFAULTS);
        assertThat(spec.swarm().nodes()).isEqualTo(3);
        assertThat(spec.swarm().names()).containsExactly("node-1", "node-2", "node-3");
        assertThat(spec.swarm().origin()).isEqualTo("@WithSwarm on class " + Declared.class.getName());
        assertThat(spec.containers()).extracting(ContainerSpec::node).containsExactly("node-1", "node-2", "node-3");
        NetworkSpec mesh = spec.networks().get(0);
        assertThat(mesh.encrypted()).isTrue();
        assertThat(mesh.options()).containsExactly(Map.entry("com.example.mtu", "1400"), Map.entry("flag", ""));
        assertThat(spec.networks().get(1).encrypted()).isFalse();
        assertThat(spec.networks().get(1).options()).containsExactly(Map.entry("parent", "eth0"));
    }

    @Test
    @DisplayName("the builder's swarm(nodes), node, encrypted and option read into the same spec as the annotations")
    void builderReadsIntoTheSameSpec() throws ReflectiveOperationException {
        EnvironmentSpec annotated = Declarations.read(Declared.class, DEFAULTS);
        EnvironmentSpec built = readTwin(declaredTwin(), "BerthEnvironment in field Declared.env");
        assertThat(built.swarm().origin()).isEqualTo("@WithSwarm on BerthEnvironment in field Declared.env");
        assertThat(built.toString().replace("BerthEnvironment in field Declared.env", "SCOPE"))
                .isEqualTo(annotated.toString().replace("class " + Declared.class.getName(), "SCOPE"));
    }

    @Test
    @DisplayName("without a swarm in the scope the spec has none, and a container's node is empty unless declared")
    void noSwarm() {
        EnvironmentSpec spec = Declarations.read(NoSwarm.class, DEFAULTS);
        assertThat(spec.swarm()).isNull();
        assertThat(spec.containers().get(0).node()).isEmpty();
        assertThat(spec.networks().get(0).options()).isEmpty();
    }

    @WithNetwork(name = "net")
    @WithContainer(name = "app", image = "busybox:1.35", networks = "net")
    static class NoSwarm {
    }

    @WithSwarm(nodes = 2)
    @WithContainer(name = "app", image = "busybox:1.35", node = "node-9")
    static class UnknownNode {
    }

    @WithSwarm(nodes = 10)
    static class TooManyNodes {
    }

    @WithSwarm(nodes = 0)
    static class NoNodes {
    }

    @WithNetwork(name = "plain", encrypted = true)
    static class EncryptedBridge {
    }

    @WithNetwork(name = "lan", driver = "macvlan", options = "parent")
    static class OptionWithoutValue {
    }

    @Test
    @DisplayName("refused while reading, before any swarm is formed: an unknown node, a node count out of range,"
            + " encrypted without overlay, an option that is not key=value")
    void refusedWhileReading() {
        assertThat(refusal(UnknownNode.class)).isEqualTo("@WithContainer(name = \"app\") on class " + UnknownNode.class.getName()
                + ": it runs on node \"node-9\", which the swarm does not have (its nodes: [node-1, node-2]). Fix: use one of those"
                + " names, or declare more nodes with @WithSwarm(nodes = N).");
        assertThat(refusal(TooManyNodes.class)).isEqualTo("@WithSwarm on class " + TooManyNodes.class.getName() + ": nodes = 10 is"
                + " out of range. Fix: ask for 1 to 9 nodes (each local node is an engine in a privileged container).");
        assertThat(refusal(NoNodes.class)).contains(": nodes = 0 is out of range.");
        assertThat(refusal(EncryptedBridge.class)).isEqualTo("@WithNetwork(name = \"plain\") on class " + EncryptedBridge.class.getName()
                + ": encrypted = true needs driver = \"overlay\" (it is \"bridge\"). Fix: set driver = \"overlay\" (with @WithSwarm on"
                + " the class), or leave encrypted out.");
        assertThat(refusal(OptionWithoutValue.class)).isEqualTo("@WithNetwork(name = \"lan\") on class "
                + OptionWithoutValue.class.getName() + ": option \"parent\" is not key=value. Fix: write driver options like"
                + " \"parent=eth0\".");
    }

    @Test
    @DisplayName("the builder's bad swarm input is refused with the annotations' messages, its origin the field")
    void builderRefusals() {
        String where = "BerthEnvironment in field Bad.env";
        assertThat(builderRefusal(BerthEnvironment.builder().swarm(2)
                .container("app", c -> c.image("busybox:1.35").node("node-9")), where))
                .isEqualTo("@WithContainer(name = \"app\") on " + where + ": it runs on node \"node-9\", which the swarm does not have"
                        + " (its nodes: [node-1, node-2]). Fix: use one of those names, or declare more nodes with swarm(N).");
        assertThat(builderRefusal(BerthEnvironment.builder().swarm(12), where))
                .isEqualTo("@WithSwarm on " + where + ": nodes = 12 is out of range. Fix: ask for 1 to 9 nodes (each local node is an"
                        + " engine in a privileged container).");
        assertThat(builderRefusal(BerthEnvironment.builder().swarm(2).swarm(3), where))
                .isEqualTo("@WithSwarm on " + where + ": a second swarm is declared. Fix: declare one swarm per scope.");
        assertThat(builderRefusal(BerthEnvironment.builder().network("plain", n -> n.encrypted(true)), where))
                .startsWith("@WithNetwork(name = \"plain\") on " + where + ": encrypted = true needs driver = \"overlay\"");
        assertThat(builderRefusal(BerthEnvironment.builder().network("lan", n -> n.driver("macvlan").option("", "eth0")), where))
                .isEqualTo("@WithNetwork(name = \"lan\") on " + where + ": option \"=eth0\" is not key=value. Fix: write driver options"
                        + " like \"parent=eth0\".");
    }

    @WithNetwork(name = "mesh", driver = "overlay")
    @WithContainer(name = "app", image = "busybox:1.35", networks = "mesh")
    static class OverlayWithoutSwarm {
    }

    @WithContainer(name = "app", image = "busybox:1.35", node = "node-2")
    static class NodeWithoutSwarm {
    }

    @WithNetwork(name = "lan", driver = "macvlan", options = "parent=eth0")
    @WithNetwork(name = "plain")
    @WithContainer(name = "app", image = "busybox:1.35", networks = {"lan", "plain"})
    static class OptionsOnTheDefaultEngine {
    }

    @Test
    @DisplayName("Placement reads the specs: a node or an overlay network without a swarm is refused, options reach the driver")
    void placementFromTheSpecs() {
        assertThat(placementRefusal(NodeWithoutSwarm.class)).isEqualTo("@WithContainer(name = \"app\") on class "
                + NodeWithoutSwarm.class.getName() + ": it runs on node \"node-2\", but no swarm is declared. Fix: declare"
                + " @WithSwarm(nodes = N) on the test class, or leave node out to run it on the default engine.");
        assertThat(placementRefusal(OverlayWithoutSwarm.class)).startsWith("@WithNetwork(name = \"mesh\") on class "
                + OverlayWithoutSwarm.class.getName() + ": an overlay network spans the nodes of a swarm, and no swarm is declared");
        Placement placement = Placement.of(Declarations.read(OptionsOnTheDefaultEngine.class, DEFAULTS), null);
        assertThat(placement.options("lan")).containsExactly(Map.entry("parent", "eth0"));
        assertThat(placement.options("plain")).isEmpty();
        assertThat(placement.nodeOf("app")).isEmpty();
        assertThat(placement.onSwarm()).isFalse();
    }

    @WithNetwork(name = "sealed", driver = "overlay", encrypted = true, options = "com.example.mtu=1400")
    static class EncryptedOverlay {
    }

    @Test
    @DisplayName("encrypted is passed to the driver as the option encrypted, beside the declared options")
    void encryptedIsADriverOption() {
        EnvironmentSpec spec = Declarations.read(EncryptedOverlay.class, DEFAULTS);
        // no swarm: the overlay is refused by Placement, so the options are read from the spec as Placement reads them
        assertThat(spec.networks().get(0).options()).containsExactly(Map.entry("com.example.mtu", "1400"));
        assertThat(placementRefusal(EncryptedOverlay.class)).contains("no swarm is declared");
    }

    private static String refusal(Class<?> fixture) {
        ExtensionConfigurationException e = catchThrowableOfType(ExtensionConfigurationException.class,
                () -> Declarations.read(fixture, DEFAULTS));
        assertThat(e).as("%s is refused", fixture.getSimpleName()).isNotNull();
        return e.getMessage();
    }

    private static String placementRefusal(Class<?> fixture) {
        EnvironmentSpec spec = Declarations.read(fixture, DEFAULTS);
        ExtensionConfigurationException e = catchThrowableOfType(ExtensionConfigurationException.class, () -> Placement.of(spec, null));
        assertThat(e).as("%s is refused", fixture.getSimpleName()).isNotNull();
        return e.getMessage();
    }

    private static String builderRefusal(BerthEnvironment.Builder builder, String where) {
        ExtensionConfigurationException e = catchThrowableOfType(ExtensionConfigurationException.class,
                () -> readTwin(builder.build(), where));
        assertThat(e).as("refused").isNotNull();
        return e.getMessage();
    }

    /** What the builder wrote, read as JUnit's start of the environment reads it. */
    private static EnvironmentSpec readTwin(BerthEnvironment twin, String where) throws ReflectiveOperationException {
        Field declared = BerthEnvironment.class.getDeclaredField("declared");
        declared.setAccessible(true);
        return Declarations.read(where, (Declarations.Declared) declared.get(twin), SwarmDeclarationsTests.class, Set.of(), DEFAULTS,
                Placeholders.of(DEFAULTS, List.of()));
    }
}
