package dev.berth.internal;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.BerthEnvironment;
import dev.berth.ComposeStack;
import dev.berth.WaitFor;
import dev.berth.WithContainer;
import dev.berth.WithNetwork;
import dev.berth.internal.Specs.EnvironmentSpec;
import java.lang.reflect.Field;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

/**
 * The fix a refusal proposes is worded for where the declaration came from: annotation attributes
 * for annotations, the builder's calls for a {@link BerthEnvironment}; the rest of the message is
 * the same. Read and checked here without an engine, as a scope's start does before any Docker call.
 */
class FixWordingTests {

    private static final Config DEFAULTS = Config.of(Map.of());
    private static final String BUILDER = "BerthEnvironment in field Fixture.env";

    private static void annotated(Class<?> fixture) {
        EnvironmentSpec spec = Declarations.read(fixture, DEFAULTS);
        References.check(spec, new ScopeChain(List.of()));
    }

    private static void built(BerthEnvironment.Builder builder) throws ReflectiveOperationException {
        Field declared = BerthEnvironment.class.getDeclaredField("declared"); // what the builder wrote, read as its start does
        declared.setAccessible(true);
        EnvironmentSpec spec = Declarations.read(BUILDER, (Declarations.Declared) declared.get(builder.build()), null, Set.of(),
                DEFAULTS, Placeholders.of(DEFAULTS, List.of()));
        References.check(spec, new ScopeChain(List.of()));
    }

    @WithNetwork(name = "backend")
    @WithContainer(name = "app", image = "busybox:1.35", networks = "frontend")
    static class UndeclaredNetwork {
    }

    @Test
    @DisplayName("an undeclared network: @WithNetwork(name = ...) for annotations, network(...) for a builder")
    void undeclaredNetwork() {
        assertThatThrownBy(() -> annotated(UndeclaredNetwork.class)).isInstanceOf(ExtensionConfigurationException.class)
                .hasMessageEndingWith("it joins network \"frontend\", which is not declared (declared: [backend]). Fix: add"
                        + " @WithNetwork(name = \"frontend\") to the class or method, or fix the name.");
        assertThatThrownBy(() -> built(BerthEnvironment.builder().network("backend")
                .container("app", c -> c.image("busybox:1.35").networks("frontend"))))
                .isInstanceOf(ExtensionConfigurationException.class)
                .hasMessage("@WithContainer(name = \"app\") on " + BUILDER + ": it joins network \"frontend\", which is not declared"
                        + " (declared: [backend]). Fix: add network(\"frontend\") to the builder, or fix the name.");
    }

    @WithContainer(name = "app", image = "busybox:1.35", volumes = "data:/data")
    static class UndeclaredVolume {
    }

    @Test
    @DisplayName("an undeclared volume: @WithVolume(name = ...) for annotations, volume(...) for a builder")
    void undeclaredVolume() {
        assertThatThrownBy(() -> annotated(UndeclaredVolume.class)).hasMessageEndingWith("Fix: add @WithVolume(name = \"data\"),"
                + " or write a project path as \"./data\" for a bind mount.");
        assertThatThrownBy(() -> built(BerthEnvironment.builder().container("app", c -> c.image("busybox:1.35").volumes("data:/data"))))
                .hasMessageEndingWith("Fix: add volume(\"data\") to the builder, or write a project path as \"./data\" for a bind mount.");
    }

    @WithContainer(name = "app", image = "busybox:1.35", dependsOn = "db")
    static class UndeclaredDependency {
    }

    @Test
    @DisplayName("an undeclared dependency: @WithContainer(name = ...) for annotations, container(...) for a builder")
    void undeclaredDependency() {
        assertThatThrownBy(() -> annotated(UndeclaredDependency.class))
                .hasMessageEndingWith("Fix: declare it with @WithContainer(name = \"db\", ...), or fix dependsOn.");
        assertThatThrownBy(() -> built(BerthEnvironment.builder().container("app", c -> c.image("busybox:1.35").dependsOn("db"))))
                .hasMessageEndingWith("Fix: declare it with container(\"db\", c -> ...) on the builder, or fix dependsOn.");
    }

    @WithContainer(name = "app", image = "busybox:1.35", networks = "shop/default")
    static class UndeclaredStack {
    }

    @Test
    @DisplayName("a network of an undeclared stack: @ComposeStack for annotations, composeStack(...) for a builder")
    void undeclaredStack() {
        assertThatThrownBy(() -> annotated(UndeclaredStack.class)).hasMessageContaining("Fix: declare @ComposeStack(name = \"shop\", ...)");
        assertThatThrownBy(() -> built(BerthEnvironment.builder().container("app", c -> c.image("busybox:1.35").networks("shop/default"))))
                .hasMessageContaining("Fix: declare it with composeStack(\"shop\", s -> s.files(...)) on the builder, or fix the name");
    }

    @WithContainer(name = "app", image = " ")
    static class BlankImage {
    }

    @Test
    @DisplayName("no image: image = ... for annotations, c.image(...) for a builder")
    void blankImage() {
        assertThatThrownBy(() -> annotated(BlankImage.class)).hasMessageEndingWith("image is blank. Fix: name an image, e.g."
                + " image = \"busybox:1.35\".");
        assertThatThrownBy(() -> built(BerthEnvironment.builder().container("app", c -> c.command("sleep", "1"))))
                .hasMessage("@WithContainer(name = \"app\") on " + BUILDER + ": image is blank. Fix: name an image, e.g."
                        + " container(\"app\", c -> c.image(\"busybox:1.35\")).");
    }

    @WithNetwork(name = "net", gateway = "172.28.0.1")
    static class GatewayWithoutSubnet {
    }

    @Test
    @DisplayName("a gateway without a subnet: subnet = ... for annotations, n.subnet(...) for a builder")
    void gatewayWithoutSubnet() {
        assertThatThrownBy(() -> annotated(GatewayWithoutSubnet.class))
                .hasMessageEndingWith("Fix: declare subnet as well, e.g. subnet = \"172.28.0.0/16\".");
        assertThatThrownBy(() -> built(BerthEnvironment.builder().network("net", n -> n.gateway("172.28.0.1"))))
                .hasMessageEndingWith("Fix: declare subnet as well, e.g. network(\"net\", n -> n.subnet(\"172.28.0.0/16\")"
                        + ".gateway(\"172.28.0.1\")).");
    }

    @WithContainer(name = "app", image = "busybox:1.35", waitFor = @WaitFor(http = "/health"))
    static class HttpWithoutPort {
    }

    @WithContainer(name = "app", image = "busybox:1.35", waitFor = @WaitFor)
    static class NoCondition {
    }

    @Test
    @DisplayName("waits: @WaitFor(...) for annotations, waitFor(w -> ...) for a builder")
    void waits() {
        assertThatThrownBy(() -> annotated(HttpWithoutPort.class))
                .hasMessageEndingWith("Fix: add the container port, e.g. @WaitFor(http = \"/\", port = 80).");
        assertThatThrownBy(() -> built(BerthEnvironment.builder().container("app", c -> c.image("busybox:1.35")
                .waitFor(w -> w.http("/health")))))
                .hasMessageEndingWith("Fix: add the container port, e.g. waitFor(w -> w.http(\"/health\").port(80)).");
        assertThatThrownBy(() -> annotated(NoCondition.class)).hasMessageEndingWith("a @WaitFor sets no condition. Fix: set exactly one"
                + " of port, log, http (with port), healthy or command per @WaitFor, and list several @WaitFor to require several.");
        assertThatThrownBy(() -> built(BerthEnvironment.builder().container("app", c -> c.image("busybox:1.35").waitFor(w -> { }))))
                .hasMessageEndingWith("Fix: set exactly one of port, log, http (with port), healthy or command per waitFor(w -> ...)"
                        + " call, and call waitFor again to require several.");
    }

    @ComposeStack(name = "shop", files = {})
    static class NoComposeFiles {
    }

    @Test
    @DisplayName("a stack without files: files = ... for annotations, s.files(...) for a builder")
    void noComposeFiles() {
        assertThatThrownBy(() -> annotated(NoComposeFiles.class))
                .hasMessageEndingWith("Fix: name at least one compose file, e.g. files = \"src/test/resources/compose.yml\".");
        assertThatThrownBy(() -> built(BerthEnvironment.builder().composeStack("shop", s -> { })))
                .hasMessageEndingWith("Fix: name at least one compose file, e.g. composeStack(\"shop\", s -> s.files("
                        + "\"src/test/resources/compose.yml\")).");
    }

    @WithContainer(name = "app", image = "busybox:1.35", privileged = true)
    static class Privileged {
    }

    @Test
    @DisplayName("host access: @AllowHostAccess for annotations, allowHostAccess(...) for a builder")
    void hostAccess() {
        assertThatThrownBy(() -> annotated(Privileged.class)).hasMessageEndingWith("allow exactly this by name:"
                + " @AllowHostAccess(HostAccess.PRIVILEGED) on the test class or method, or the configuration parameter"
                + " berth.host-access.allow=privileged.");
        assertThatThrownBy(() -> built(BerthEnvironment.builder().container("app", c -> c.image("busybox:1.35").privileged(true))))
                .hasMessageEndingWith("allow exactly this by name: allowHostAccess(HostAccess.PRIVILEGED) on the builder, or the"
                        + " configuration parameter berth.host-access.allow=privileged.");
    }
}
