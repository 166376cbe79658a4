package dev.berth.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.berth.BuildImage;
import dev.berth.ComposeStack;
import dev.berth.WaitFor;
import dev.berth.WithContainer;
import dev.berth.WithNetwork;
import dev.berth.WithRegistry;
import dev.berth.WithVolume;
import dev.berth.internal.Specs.EnvironmentSpec;
import dev.berth.internal.Specs.MountKind;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every declaration Berth refuses before it talks to Docker, read and checked here without an
 * engine: the message names the annotation, the element, what is wrong and the fix. The
 * integration tests (BadInputIT, InputValidationIT, HostAccessIT) prove the same refusals reach
 * the test report through JUnit and create nothing. (Compose services' host access is read from
 * {@code docker compose config}, so HostAccessIT alone covers it.)
 */
class DeclarationsTests {

    private static final Config DEFAULTS = Config.of(Map.of());

    /** Reads and checks a fixture's declarations the way a scope's start does, before any Docker call. */
    private static EnvironmentSpec check(Class<?> fixture) {
        EnvironmentSpec spec = Declarations.read(fixture, DEFAULTS);
        References.check(spec, new ScopeChain(List.of()));
        return spec;
    }

    static Stream<Arguments> refusals() {
        return Stream.of(
                refused(UndeclaredNetwork.class, "@WithContainer(name = \"app\")",
                        "joins network \"frontend\", which is not declared (declared: [backend])", "add @WithNetwork(name = \"frontend\")"),
                refused(UndeclaredStackNetwork.class, "@WithContainer(name = \"app\")",
                        "joins network \"shop/default\" of stack \"shop\", which is not declared", "declare @ComposeStack(name = \"shop\""),
                refused(UndeclaredVolume.class, "@WithContainer(name = \"app\")",
                        "mounts volume \"db-data\"", "which is not declared (declared: [data])", "add @WithVolume(name = \"db-data\")"),
                refused(UnknownDependency.class, "@WithContainer(name = \"second\")",
                        "depends on container \"database\", which is not declared (declared: [first, second])", "fix dependsOn"),
                refused(DependencyCycle.class, "@WithContainer(name = \"",
                        "dependsOn forms a cycle a -> c -> b -> a", "remove one of these dependencies"),
                refused(DuplicateContainerName.class, "@WithContainer(name = \"twin\")",
                        "the container name \"twin\" is declared twice in the same scope", "give each container a distinct logical name"),
                refused(DuplicateNetworkName.class, "@WithNetwork(name = \"net\")", "the network name \"net\" is declared twice"),
                refused(IdenticalDuplicate.class, "@WithContainer(name = \"twin\")", "is declared 2 times, identically"),
                refused(IdenticalVolumes.class, "@WithVolume(name = \"data\")", "is declared 2 times, identically"),
                refused(InvalidNetworkName.class, "@WithNetwork(name = \"bad name!\")", "name \"bad name!\" is not a valid name", "use letters, digits"),
                refused(BlankDriver.class, "@WithNetwork(name = \"net\")", "driver is blank"),
                refused(GatewayWithoutSubnet.class, "@WithNetwork(name = \"net\")", "gateway \"10.1.0.1\" is given without a subnet"),
                refused(SubnetNotCidr.class, "@WithNetwork(name = \"net\")", "subnet \"10.1.0.0\" is not IPv4 CIDR"),
                refused(UnparsablePort.class, "@WithContainer(name = \"app\")", "port \"http\" is not understood", "\"8080:80\""),
                refused(PortOutOfRange.class, "@WithContainer(name = \"app\")", "port \"8080:70000\" is out of range", "between 1 and 65535"),
                refused(OctetOutOfRange.class, "@WithContainer(name = \"app\")",
                        "\"999.1.1.1\" in port \"999.1.1.1::80\" is not an IPv4 or IPv6 address"),
                refused(BadIpv6.class, "@WithContainer(name = \"app\")", "is not an IPv4 or IPv6 address"),
                refused(InvalidEnv.class, "@WithContainer(name = \"app\")", "env entry \"JUST_A_NAME\" is not NAME=value", "\"MYSQL_DATABASE=redmine\""),
                refused(WaitWithoutCondition.class, "@WithContainer(name = \"app\")", "a @WaitFor sets no condition", "set exactly one of port, log"),
                refused(WaitWithTwoConditions.class, "@WithContainer(name = \"app\")", "a @WaitFor sets 2 conditions",
                        "list several @WaitFor to require several"),
                refused(HttpPathWithSpace.class, "@WithContainer(name = \"web\")", "@WaitFor(http = \"/a b\") is not a URL path", "percent-encode"),
                refused(ZeroWaitTimeout.class, "@WithContainer(name = \"app\")", "@WaitFor timeout \"0s\" is not positive"),
                refused(BangImage.class, "@WithContainer(name = \"app\")", "image \"busybox:1.35!\" is not a valid image reference", "lower-case"),
                refused(UpperCaseImage.class, "@WithContainer(name = \"app\")", "image \"BusyBox:1.35\" is not a valid image reference"),
                refused(CaseCollision.class, "\"DB\"", "collides with container \"db\"", "DNS names ignore case"),
                refused(AliasCollision.class, "@WithContainer(name = \"cache\")", "alias \"db\" collides with container \"db\""),
                refused(BadMountMode.class, "@WithContainer(name = \"app\")", "volume mount \"data:/data:rx\" has mode \"rx\"", "use \":ro\" or \":rw\""),
                refused(UnparsableMount.class, "@WithContainer(name = \"app\")", "volume mount \"data\" is not understood"),
                refused(MissingBindSource.class, "@WithContainer(name = \"app\")", "bind mount source", "does not exist"),
                refused(MissingEnvFile.class, "@WithContainer(name = \"app\")", "envFile \"classpath:env/none.env\" is not on the test classpath"),
                refused(SeedNotOnClasspath.class, "@WithVolume(name = \"data\")", "seedFrom \"classpath:no/such/dir\" is not on the test classpath"),
                refused(ZeroComposeTimeout.class, "@ComposeStack(name = \"shop\")", "waitTimeout \"0s\" is not positive"),
                refused(MissingComposeFile.class, "@ComposeStack(name = \"shop\")", "compose file(s) not found: src/test/resources/compose/none.yml"),
                refused(BadScale.class, "@ComposeStack(name = \"shop\")", "scale entry \"web\" is not SERVICE=N", "\"web=3\""),
                refused(BadPull.class, "@ComposeStack(name = \"shop\")", "pull \"sometimes\" is not a pull policy"),
                refused(BadBuildTag.class, "@BuildImage(name = \"Bad Tag\")", "name \"Bad Tag\" is not a valid image reference"),
                refused(MissingBuildContext.class, "@BuildImage(name = \"berth/none:1\")", "the build context \"no/such/context\" is not a directory"),
                refused(HalfRegistryCredentials.class, "@WithRegistry(name = \"registry\")", "only one of username and password is set"),
                refused(HostRootBind.class, "@WithContainer(name = \"app\")", "bind mount \"/:/host\" exposes the host's root file system",
                        "@AllowHostAccess(HostAccess.HOST_ROOT)", "berth.host-access.allow=host-root"),
                refused(EngineSocketBind.class, "@WithContainer(name = \"app\")", "gives the container control of the Docker engine",
                        "@AllowHostAccess(HostAccess.ENGINE_SOCKET)"),
                refused(BindOutsideProject.class, "@WithContainer(name = \"app\")", "bind mount \"../..:/up\"",
                        "is outside the project directory " + System.getProperty("user.dir"), "berth.host-access.allow=outside-project"),
                refused(SeedOutsideProject.class, "@WithVolume(name = \"data\")", "seedFrom \"../../..\""),
                refused(EnvFileOutsideProject.class, "@WithContainer(name = \"app\")", "envFile \"../pom.xml\"", "is outside the project directory"),
                refused(ComposeFileOutsideProject.class, "@ComposeStack(name = \"far\")", "compose file \"../pom.xml\"",
                        "is outside the project directory"),
                refused(BuildContextRoot.class, "@BuildImage(name = \"berth-test/host-root:1\")",
                        "the build context \"/\" exposes the host's root file system"),
                refused(PrivilegedContainer.class, "@WithContainer(name = \"app\")", "privileged = true gives the container full control of the host",
                        "@AllowHostAccess(HostAccess.PRIVILEGED)"));
    }

    private static Arguments refused(Class<?> fixture, String annotation, String... what) {
        return Arguments.of(fixture.getSimpleName(), fixture, annotation, what);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusals")
    @DisplayName("a declaration that cannot work is refused before Docker, with the annotation, the element and the fix")
    void refusedBeforeDocker(String name, Class<?> fixture, String annotation, String[] what) {
        ExtensionConfigurationException failure = catchThrowableOfType(ExtensionConfigurationException.class, () -> check(fixture));
        assertThat(failure).as("%s is refused", name).isNotNull()
                .hasMessageContaining(annotation)
                .hasMessageContaining("on class " + fixture.getName())
                .hasMessageContaining("Fix: ");
        for (String w : what) {
            assertThat(failure.getMessage()).contains(w);
        }
    }

    @Test
    @DisplayName("a correct declaration is read into a spec: names, ports on the default bind address, mounts, waits")
    void accepted() {
        EnvironmentSpec spec = check(Accepted.class);
        assertThat(spec.networks()).singleElement().satisfies(n -> assertThat(n.name()).isEqualTo("backend"));
        assertThat(spec.volumes()).singleElement().satisfies(v -> assertThat(v.name()).isEqualTo("data"));
        var web = spec.containers().get(1);
        assertThat(web.name()).isEqualTo("web");
        assertThat(web.dependsOn()).containsExactly("db");
        assertThat(web.ports()).singleElement().satisfies(p -> {
            assertThat(p.hostIp()).as("no address declared: the engine decides when it is published").isNull();
            assertThat(p.containerPort()).isEqualTo(80);
            assertThat(p.hostPort()).isNull();
        });
        assertThat(web.mounts()).singleElement().satisfies(m -> {
            assertThat(m.kind()).isEqualTo(MountKind.VOLUME);
            assertThat(m.target()).isEqualTo("/data");
            assertThat(m.readOnly()).isTrue();
        });
        assertThat(web.env()).contains("A=1");
        assertThat(web.waits()).hasSize(1);
    }

    @Test
    @DisplayName("a bad declaration on a method names the method")
    void onMethod() throws NoSuchMethodException {
        var method = MethodLevel.class.getDeclaredMethod("declaresOnMethod");
        ExtensionConfigurationException failure = catchThrowableOfType(ExtensionConfigurationException.class,
                () -> References.check(Declarations.read(method, DEFAULTS), new ScopeChain(List.of())));
        assertThat(failure).hasMessageContaining("@WithContainer(name = \"app\") on method " + MethodLevel.class.getName() + "#declaresOnMethod()")
                .hasMessageContaining("joins network \"nowhere\", which is not declared")
                .hasMessageContaining("Fix: add @WithNetwork(name = \"nowhere\")");
    }

    // ------------------------------------------------------------------ fixtures (read, never run)

    @WithNetwork(name = "backend")
    @WithContainer(name = "app", image = "busybox:1.35", networks = "frontend")
    static class UndeclaredNetwork {
    }

    @WithContainer(name = "app", image = "busybox:1.35", networks = "shop/default")
    static class UndeclaredStackNetwork {
    }

    @WithVolume(name = "data")
    @WithContainer(name = "app", image = "busybox:1.35", volumes = "db-data:/var/lib/data")
    static class UndeclaredVolume {
    }

    @WithContainer(name = "first", image = "busybox:1.35")
    @WithContainer(name = "second", image = "busybox:1.35", dependsOn = "database")
    static class UnknownDependency {
    }

    @WithContainer(name = "a", image = "busybox:1.35", dependsOn = "c")
    @WithContainer(name = "b", image = "busybox:1.35", dependsOn = "a")
    @WithContainer(name = "c", image = "busybox:1.35", dependsOn = "b")
    static class DependencyCycle {
    }

    @WithContainer(name = "twin", image = "busybox:1.35")
    @WithContainer(name = "twin", image = "debian:bookworm-slim")
    static class DuplicateContainerName {
    }

    @WithNetwork(name = "net")
    @WithNetwork(name = "net", internal = true)
    static class DuplicateNetworkName {
    }

    @WithContainer(name = "twin", image = "busybox:1.35")
    @WithContainer(name = "twin", image = "busybox:1.35")
    static class IdenticalDuplicate {
    }

    @WithVolume(name = "data")
    @WithVolume(name = "data")
    static class IdenticalVolumes {
    }

    @WithNetwork(name = "bad name!")
    static class InvalidNetworkName {
    }

    @WithNetwork(name = "net", driver = " ")
    static class BlankDriver {
    }

    @WithNetwork(name = "net", gateway = "10.1.0.1")
    static class GatewayWithoutSubnet {
    }

    @WithNetwork(name = "net", subnet = "10.1.0.0")
    static class SubnetNotCidr {
    }

    @WithContainer(name = "app", image = "busybox:1.35", ports = "http")
    static class UnparsablePort {
    }

    @WithContainer(name = "app", image = "busybox:1.35", ports = "8080:70000")
    static class PortOutOfRange {
    }

    @WithContainer(name = "app", image = "busybox:1.35", ports = "999.1.1.1::80")
    static class OctetOutOfRange {
    }

    @WithContainer(name = "app", image = "busybox:1.35", ports = "[1:2:3:4:5:6:7:8:9]::80")
    static class BadIpv6 {
    }

    @WithContainer(name = "app", image = "busybox:1.35", env = "JUST_A_NAME")
    static class InvalidEnv {
    }

    @WithContainer(name = "app", image = "busybox:1.35", waitFor = @WaitFor(timeout = "5s"))
    static class WaitWithoutCondition {
    }

    @WithContainer(name = "app", image = "busybox:1.35", waitFor = @WaitFor(port = 80, log = "ready"))
    static class WaitWithTwoConditions {
    }

    @WithContainer(name = "web", image = "busybox:1.35", waitFor = @WaitFor(http = "/a b", port = 80))
    static class HttpPathWithSpace {
    }

    @WithContainer(name = "app", image = "busybox:1.35", waitFor = @WaitFor(port = 80, timeout = "0s"))
    static class ZeroWaitTimeout {
    }

    @WithContainer(name = "app", image = "busybox:1.35!")
    static class BangImage {
    }

    @WithContainer(name = "app", image = "BusyBox:1.35")
    static class UpperCaseImage {
    }

    @WithContainer(name = "db", image = "busybox:1.35")
    @WithContainer(name = "DB", image = "busybox:1.35")
    static class CaseCollision {
    }

    @WithContainer(name = "db", image = "busybox:1.35")
    @WithContainer(name = "cache", image = "busybox:1.35", aliases = "db")
    static class AliasCollision {
    }

    @WithVolume(name = "data")
    @WithContainer(name = "app", image = "busybox:1.35", volumes = "data:/data:rx")
    static class BadMountMode {
    }

    @WithContainer(name = "app", image = "busybox:1.35", volumes = "data")
    static class UnparsableMount {
    }

    @WithContainer(name = "app", image = "busybox:1.35", volumes = "./no/such/dir:/data")
    static class MissingBindSource {
    }

    @WithContainer(name = "app", image = "busybox:1.35", envFile = "classpath:env/none.env")
    static class MissingEnvFile {
    }

    @WithVolume(name = "data", seedFrom = "classpath:no/such/dir")
    static class SeedNotOnClasspath {
    }

    @ComposeStack(name = "shop", files = "src/test/resources/compose/shop.yml", waitTimeout = "0s")
    static class ZeroComposeTimeout {
    }

    @ComposeStack(name = "shop", files = "src/test/resources/compose/none.yml")
    static class MissingComposeFile {
    }

    @ComposeStack(name = "shop", files = "src/test/resources/compose/shop.yml", scale = "web")
    static class BadScale {
    }

    @ComposeStack(name = "shop", files = "src/test/resources/compose/shop.yml", pull = "sometimes")
    static class BadPull {
    }

    @BuildImage(name = "Bad Tag", context = "src/test/resources/images/single")
    static class BadBuildTag {
    }

    @BuildImage(name = "berth/none:1", context = "no/such/context")
    static class MissingBuildContext {
    }

    @WithRegistry(username = "user")
    static class HalfRegistryCredentials {
    }

    @WithContainer(name = "app", image = "busybox:1.35", volumes = "/:/host")
    static class HostRootBind {
    }

    @WithContainer(name = "app", image = "busybox:1.35", volumes = "/var/run/docker.sock:/var/run/docker.sock")
    static class EngineSocketBind {
    }

    @WithContainer(name = "app", image = "busybox:1.35", volumes = "../..:/up")
    static class BindOutsideProject {
    }

    @WithVolume(name = "data", seedFrom = "../../..")
    static class SeedOutsideProject {
    }

    @WithContainer(name = "app", image = "busybox:1.35", envFile = "../pom.xml")
    static class EnvFileOutsideProject {
    }

    @ComposeStack(name = "far", files = "../pom.xml")
    static class ComposeFileOutsideProject {
    }

    @BuildImage(context = "/", dockerfile = "etc/hostname", name = "berth-test/host-root:1")
    static class BuildContextRoot {
    }

    @WithContainer(name = "app", image = "busybox:1.35", privileged = true)
    static class PrivilegedContainer {
    }

    @WithNetwork(name = "backend")
    @WithVolume(name = "data")
    @WithContainer(name = "db", image = "busybox:1.35", networks = "backend")
    @WithContainer(name = "web", image = "busybox:1.35", networks = "backend", ports = "80", volumes = "data:/data:ro",
            env = "A=1", dependsOn = "db", waitFor = @WaitFor(port = 80))
    static class Accepted {
    }

    static class MethodLevel {
        @WithContainer(name = "app", image = "busybox:1.35", networks = "nowhere")
        void declaresOnMethod() {
        }
    }
}
