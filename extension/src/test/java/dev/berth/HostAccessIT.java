package dev.berth;

import static dev.berth.InputValidationIT.refusedBeforeDocker;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The host-access policy: binds of the host root and of the engine socket, paths outside the
 * project and privileged containers or compose services are refused before anything is created,
 * unless the test allows exactly that access by name.
 */
class HostAccessIT {

    // ------------------------------------------------------------ refused by default

    @WithContainer(name = "app", image = "busybox:1.35", volumes = "/:/host", command = {"sleep", "3600"})
    static class HostRootBindTestCases {
        @Test
        void never() {
        }
    }

    @Test
    @DisplayName("a bind of the host root / is refused, naming the opt-in")
    void hostRootBind() {
        assertThat(refusedBeforeDocker(HostRootBindTestCases.class))
                .hasMessageContaining("@WithContainer(name = \"app\")")
                .hasMessageContaining("bind mount \"/:/host\" exposes the host's root file system")
                .hasMessageContaining("@AllowHostAccess(HostAccess.HOST_ROOT)")
                .hasMessageContaining("berth.host-access.allow=host-root");
    }

    @WithContainer(name = "app", image = "busybox:1.35", volumes = "/var/run/docker.sock:/var/run/docker.sock",
            command = {"sleep", "3600"})
    static class EngineSocketBindTestCases {
        @Test
        void never() {
        }
    }

    @WithContainer(name = "app", image = "busybox:1.35", volumes = "/run/docker.sock:/sock", command = {"sleep", "3600"})
    static class RunEngineSocketBindTestCases {
        @Test
        void never() {
        }
    }

    @Test
    @DisplayName("a bind of the engine socket (/var/run/docker.sock, /run/docker.sock) is refused")
    void engineSocketBind() {
        assertThat(refusedBeforeDocker(EngineSocketBindTestCases.class))
                .hasMessageContaining("gives the container control of the Docker engine")
                .hasMessageContaining("@AllowHostAccess(HostAccess.ENGINE_SOCKET)")
                .hasMessageContaining("berth.host-access.allow=engine-socket");
        assertThat(refusedBeforeDocker(RunEngineSocketBindTestCases.class))
                .hasMessageContaining("gives the container control of the Docker engine");
    }

    @WithContainer(name = "app", image = "busybox:1.35", volumes = "../..:/up", command = {"sleep", "3600"})
    static class BindOutsideProjectTestCases {
        @Test
        void never() {
        }
    }

    @Test
    @DisplayName("a bind of a directory outside the project is refused")
    void bindOutsideProject() {
        assertThat(refusedBeforeDocker(BindOutsideProjectTestCases.class))
                .hasMessageContaining("bind mount \"../..:/up\"")
                .hasMessageContaining("is outside the project directory " + System.getProperty("user.dir"))
                .hasMessageContaining("berth.host-access.allow=outside-project");
    }

    @WithVolume(name = "data", seedFrom = "../../..")
    static class SeedOutsideProjectTestCases {
        @Test
        void never() {
        }
    }

    @Test
    @DisplayName("seedFrom outside the project (\"../../..\") is refused")
    void seedOutsideProject() {
        assertThat(refusedBeforeDocker(SeedOutsideProjectTestCases.class))
                .hasMessageContaining("@WithVolume(name = \"data\")")
                .hasMessageContaining("seedFrom \"../../..\"");
    }

    @WithContainer(name = "app", image = "busybox:1.35", envFile = "../pom.xml", command = {"sleep", "3600"})
    static class EnvFileOutsideProjectTestCases {
        @Test
        void never() {
        }
    }

    @Test
    @DisplayName("an env file outside the project is refused")
    void envFileOutsideProject() {
        assertThat(refusedBeforeDocker(EnvFileOutsideProjectTestCases.class))
                .hasMessageContaining("envFile \"../pom.xml\"").hasMessageContaining("is outside the project directory");
    }

    @ComposeStack(name = "far", files = "../pom.xml")
    static class ComposeFileOutsideProjectTestCases {
        @Test
        void never() {
        }
    }

    @ComposeStack(name = "far", files = "src/test/resources/compose/shop.yml", envFiles = "../pom.xml")
    static class ComposeEnvFileOutsideProjectTestCases {
        @Test
        void never() {
        }
    }

    @Test
    @DisplayName("a compose file or env file outside the project is refused")
    void composeFileOutsideProject() {
        assertThat(refusedBeforeDocker(ComposeFileOutsideProjectTestCases.class))
                .hasMessageContaining("@ComposeStack(name = \"far\")")
                .hasMessageContaining("compose file \"../pom.xml\"").hasMessageContaining("is outside the project directory");
        assertThat(refusedBeforeDocker(ComposeEnvFileOutsideProjectTestCases.class))
                .hasMessageContaining("env file \"../pom.xml\"").hasMessageContaining("is outside the project directory");
    }

    @BuildImage(context = "/", dockerfile = "etc/hostname", name = "berth-test/host-root:1")
    static class BuildContextRootTestCases {
        @Test
        void never() {
        }
    }

    @Test
    @DisplayName("@BuildImage(context = \"/\") is refused as configuration (before: UncheckedIOException while hashing /)")
    void buildContextRoot() {
        assertThat(refusedBeforeDocker(BuildContextRootTestCases.class))
                .hasMessageContaining("@BuildImage(name = \"berth-test/host-root:1\")")
                .hasMessageContaining("the build context \"/\" exposes the host's root file system");
    }

    @WithContainer(name = "app", image = "busybox:1.35", privileged = true, command = {"sleep", "3600"})
    static class PrivilegedContainerTestCases {
        @Test
        void never() {
        }
    }

    @Test
    @DisplayName("@WithContainer(privileged = true) needs the privileged opt-in")
    void privilegedContainer() {
        assertThat(refusedBeforeDocker(PrivilegedContainerTestCases.class))
                .hasMessageContaining("privileged = true gives the container full control of the host")
                .hasMessageContaining("@AllowHostAccess(HostAccess.PRIVILEGED)");
    }

    @ComposeStack(name = "root", files = "src/test/resources/compose/policy/privileged.yml")
    static class PrivilegedServiceTestCases {
        @Test
        void never() {
        }
    }

    @ComposeStack(name = "caps", files = "src/test/resources/compose/policy/cap-all.yml")
    static class CapAllServiceTestCases {
        @Test
        void never() {
        }
    }

    @ComposeStack(name = "dind", files = "src/test/resources/compose/policy/engine-socket.yml")
    static class SocketServiceTestCases {
        @Test
        void never() {
        }
    }

    @ComposeStack(name = "hostfs", files = "src/test/resources/compose/policy/host-root.yml")
    static class HostRootServiceTestCases {
        @Test
        void never() {
        }
    }

    @Test
    @DisplayName("compose services that are privileged, add ALL capabilities, or bind / or the engine socket are refused")
    void composeServices() {
        assertThat(refusedBeforeDocker(PrivilegedServiceTestCases.class))
                .hasMessageContaining("@ComposeStack(name = \"root\")")
                .hasMessageContaining("service \"root\" is privileged")
                .hasMessageContaining("berth.host-access.allow=privileged");
        assertThat(refusedBeforeDocker(CapAllServiceTestCases.class))
                .hasMessageContaining("service \"caps\" adds capability ALL");
        assertThat(refusedBeforeDocker(SocketServiceTestCases.class))
                .hasMessageContaining("service \"docker-in-docker\" binds /var/run/docker.sock")
                .hasMessageContaining("gives the container control of the Docker engine");
        assertThat(refusedBeforeDocker(HostRootServiceTestCases.class))
                .hasMessageContaining("service \"hostfs\" binds /")
                .hasMessageContaining("exposes the host's root file system");
    }

    // ------------------------------------------------------------ allowed by name

    @Test
    @DisplayName("the configuration key allows what it names, and only that")
    void configurationOptIn() {
        var allowed = LeakCheck.execute(PrivilegedServiceTestCases.class, Map.of("berth.host-access.allow", "privileged"))
                .assertNothingLeftBehind();
        allowed.assertTestsPassed(1);
        assertThat(allowed.createdContainers()).isNotEmpty();
        assertThat(refusedBeforeDocker(HostRootBindTestCases.class, Map.of("berth.host-access.allow", "privileged, engine-socket")))
                .hasMessageContaining("exposes the host's root file system");
    }

    @AllowHostAccess(HostAccess.ENGINE_SOCKET)
    @WithContainer(name = "agent", image = "busybox:1.35", volumes = "/var/run/docker.sock:/var/run/docker.sock",
            command = {"sleep", "3600"})
    static class SocketAllowedTestCases {
        @Test
        void seesTheSocket(@Berth("agent") BerthContainer agent) {
            assertThat(agent.exec("test", "-S", "/var/run/docker.sock").exitCode()).isZero();
        }
    }

    @Test
    @DisplayName("@AllowHostAccess(ENGINE_SOCKET) on the class allows the engine socket bind")
    void annotationOptIn() {
        var run = LeakCheck.execute(SocketAllowedTestCases.class).assertNothingLeftBehind();
        run.assertTestsPassed(1);
        assertThat(run.createdContainers()).anyMatch(n -> n.startsWith("agent-"));
    }

    @AllowHostAccess(HostAccess.ENGINE_SOCKET)
    @WithContainer(name = "app", image = "busybox:1.35", volumes = "/:/host", command = {"sleep", "3600"})
    static class OtherKindAllowedTestCases {
        @Test
        void never() {
        }
    }

    @Test
    @DisplayName("allowing one kind of access does not allow another")
    void optInIsByName() {
        assertThat(refusedBeforeDocker(OtherKindAllowedTestCases.class))
                .hasMessageContaining("exposes the host's root file system")
                .hasMessageContaining("@AllowHostAccess(HostAccess.HOST_ROOT)");
    }

    static class MethodOptInTestCases {
        @Test
        @AllowHostAccess(HostAccess.PRIVILEGED)
        @WithContainer(name = "root", image = "busybox:1.35", privileged = true, command = {"sleep", "3600"})
        void privileged(@Berth("root") BerthContainer root) {
            var inspected = LeakCheck.client().inspectContainerCmd(root.id()).exec();
            assertThat(inspected.getHostConfig().getPrivileged()).isTrue();
        }

        @Test
        @WithContainer(name = "plain", image = "busybox:1.35", privileged = true, command = {"sleep", "3600"})
        void notAllowedHere() {
        }
    }

    @Test
    @DisplayName("@AllowHostAccess on a test method allows that method's declarations only")
    void methodOptIn() {
        var run = LeakCheck.execute(MethodOptInTestCases.class).assertNothingLeftBehind();
        run.results().testEvents().assertStatistics(s -> s.started(2).succeeded(1).failed(1));
        assertThat(run.onlyTestFailure()).isInstanceOf(org.junit.jupiter.api.extension.ExtensionConfigurationException.class)
                .hasMessageContaining("@WithContainer(name = \"plain\") on method")
                .hasMessageContaining("privileged = true gives the container full control of the host");
    }

    @Test
    @DisplayName("an unknown name in berth.host-access.allow is refused with the known names")
    void unknownConfigurationName() {
        assertThat(refusedBeforeDocker(HostRootBindTestCases.class, Map.of("berth.host-access.allow", "everything")))
                .hasMessageContaining("berth.host-access.allow")
                .hasMessageContaining("'everything' is not a kind of host access")
                .hasMessageContaining("host-root, engine-socket, outside-project, privileged");
    }
}
