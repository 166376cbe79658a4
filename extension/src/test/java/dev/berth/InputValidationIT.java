package dev.berth;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.Ports;
import dev.berth.LeakCheck.FixtureRun;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

/**
 * Declarations that used to slip through (a bind address that is not an IP, a zero timeout, an
 * invalid image reference, DNS names that collide, identical duplicates) and the injection-proof
 * HTTP readiness probe, each run as a fixture on the real engine.
 */
class InputValidationIT {

    /** The fixture failed in its class with a typed configuration error, before Docker created anything. */
    static Throwable refusedBeforeDocker(Class<?> fixture, Map<String, String> configuration) {
        FixtureRun run = LeakCheck.execute(fixture, configuration).assertNothingLeftBehind();
        run.results().testEvents().assertStatistics(s -> s.started(0));
        assertThat(run.createdCount()).as("objects created for a declaration refused before Docker: %s", run.created()).isZero();
        assertThat(run.elapsed()).as("refused at once").isLessThan(Duration.ofSeconds(10));
        Throwable failure = run.classFailure();
        assertThat(failure).isInstanceOf(ExtensionConfigurationException.class);
        assertThat(failure.getMessage()).containsAnyOf("Fix: ", "See the configuration page of Berth's documentation for its allowed values");
        return failure;
    }

    static Throwable refusedBeforeDocker(Class<?> fixture) {
        Throwable failure = refusedBeforeDocker(fixture, Map.of());
        assertThat(failure).hasMessageContaining("on class " + fixture.getName()).hasMessageContaining("Fix: ");
        return failure;
    }

    // ------------------------------------------------------------ item 1: bind addresses

    @WithContainer(name = "app", image = "busybox:1.35", ports = "999.1.1.1::80", command = {"sleep", "3600"})
    static class OctetOutOfRangeTestCases {
        @Test
        void never() {
        }
    }

    @Test
    @DisplayName("a port whose bind address is not an IP literal (octet 999) is refused, not published on every interface")
    void bindAddressNotAnIp() {
        assertThat(refusedBeforeDocker(OctetOutOfRangeTestCases.class))
                .hasMessageContaining("@WithContainer(name = \"app\")")
                .hasMessageContaining("\"999.1.1.1\" in port \"999.1.1.1::80\" is not an IPv4 or IPv6 address")
                .hasMessageContaining("Fix: ");
    }

    @WithContainer(name = "app", image = "busybox:1.35", ports = "[1:2:3:4:5:6:7:8:9]::80", command = {"sleep", "3600"})
    static class BadIpv6TestCases {
        @Test
        void never() {
        }
    }

    @Test
    @DisplayName("an IPv6 bind address with nine groups is refused")
    void badIpv6() {
        assertThat(refusedBeforeDocker(BadIpv6TestCases.class)).hasMessageContaining("is not an IPv4 or IPv6 address");
    }

    @Test
    @DisplayName("an IPv6 bind address in brackets publishes on that address only (the brackets used to make Docker bind everywhere)")
    @WithContainer(name = "v6", image = "busybox:1.35", ports = "[::1]::80", command = {"httpd", "-f", "-p", "80", "-h", "/tmp"})
    void ipv6Loopback(@Berth("v6") BerthContainer v6) {
        var inspected = LeakCheck.client().inspectContainerCmd(v6.id()).exec();
        Ports.Binding[] bindings = inspected.getNetworkSettings().getPorts().getBindings().get(ExposedPort.tcp(80));
        assertThat(bindings).extracting(Ports.Binding::getHostIp).containsExactly("::1");
    }

    @WithContainer(name = "app", image = "busybox:1.35", ports = "80", command = {"sleep", "3600"})
    static class DefaultBindAddressTestCases {
        @Test
        void never() {
        }
    }

    @Test
    @DisplayName("berth.ports.bind-address=localhost (a host name, not an address) is refused before anything is created")
    void bindAddressConfigurationNotAnIp() {
        Throwable failure = refusedBeforeDocker(DefaultBindAddressTestCases.class, Map.of("berth.ports.bind-address", "localhost"));
        assertThat(failure).hasMessageContaining("berth.ports.bind-address")
                .hasMessageContaining("'localhost'")
                .hasMessageContaining("an IPv4 or IPv6 address such as 127.0.0.1 or ::1");
    }

    @ComposeStack(name = "open", files = "src/test/resources/compose/any-interface-port.yml")
    static class ComposePortsTestCases {
        @Test
        void publishedOnLoopbackOnly(BerthStack open) {
            var inspected = LeakCheck.client().inspectContainerCmd(open.container("web").id()).exec();
            Map<ExposedPort, Ports.Binding[]> bindings = inspected.getNetworkSettings().getPorts().getBindings();
            List<String> hostIps = new ArrayList<>();
            bindings.values().forEach(bs -> {
                for (Ports.Binding b : bs == null ? new Ports.Binding[0] : bs) {
                    hostIps.add(b.getHostIp());
                }
            });
            assertThat(hostIps).as("host addresses of the published ports %s", bindings).hasSize(2).containsOnly("127.0.0.1");
        }
    }

    @Test
    @DisplayName("a compose port without a host address is published on 127.0.0.1 only, like @WithContainer's")
    void composePortsOnLoopback() {
        FixtureRun run = LeakCheck.execute(ComposePortsTestCases.class).assertNothingLeftBehind();
        assertThat(run.createdContainers()).isNotEmpty();
        run.assertTestsPassed(1);
    }

    // ------------------------------------------------------------ item 5: the HTTP probe runs no shell

    @WithNetwork(name = "sealed", internal = true)
    @WithContainer(name = "web", image = "busybox:1.35", networks = "sealed", command = {"httpd", "-f", "-p", "80", "-h", "/tmp"},
            waitFor = @WaitFor(http = "/missing';echo$IFS'HTTP/1.1'$IFS'200';'", port = 80, status = 200, timeout = "3s"))
    static class ProbeInjectionTestCases {
        @Test
        void never() {
        }
    }

    @Test
    @DisplayName("a quote in @WaitFor(http) is part of the requested path, never shell code in the probe")
    void httpProbeIsNotAShell() {
        // the internal network is not routable from the JVM: the wait goes through the probe container
        FixtureRun run = LeakCheck.execute(ProbeInjectionTestCases.class).assertNothingLeftBehind();
        run.results().testEvents().assertStatistics(s -> s.started(0));
        assertThat(run.classFailure()).as("the injected echo must not fake a 200").isInstanceOf(BerthException.class)
                .hasMessageContaining("was not ready after 3000 ms")
                .hasMessageContaining("last observed: HTTP 404");
    }

    @WithContainer(name = "web", image = "busybox:1.35", command = {"sleep", "3600"},
            waitFor = @WaitFor(http = "/a b", port = 80))
    static class HttpPathWithSpaceTestCases {
        @Test
        void never() {
        }
    }

    @Test
    @DisplayName("an HTTP path that is not a URL path (a space) is refused before anything is created")
    void httpPathWithSpace() {
        assertThat(refusedBeforeDocker(HttpPathWithSpaceTestCases.class))
                .hasMessageContaining("@WaitFor(http = \"/a b\") is not a URL path")
                .hasMessageContaining("percent-encode");
    }

    // ------------------------------------------------------------ item 6: typed errors for bad input

    @WithContainer(name = "app", image = "busybox:1.35", command = {"sleep", "3600"}, waitFor = @WaitFor(port = 80, timeout = "0s"))
    static class ZeroTimeoutTestCases {
        @Test
        void never() {
        }
    }

    @Test
    @DisplayName("@WaitFor(timeout = \"0s\") is refused before the container is created")
    void zeroTimeout() {
        assertThat(refusedBeforeDocker(ZeroTimeoutTestCases.class))
                .hasMessageContaining("@WithContainer(name = \"app\")")
                .hasMessageContaining("@WaitFor timeout \"0s\" is not positive")
                .hasMessageContaining("Fix: ");
    }

    @WithContainer(name = "app", image = "busybox:1.35", command = {"sleep", "3600"})
    static class PlainTestCases {
        @Test
        void never() {
        }
    }

    @Test
    @DisplayName("berth.wait.timeout=0s is refused as configuration")
    void zeroConfiguredTimeout() {
        assertThat(refusedBeforeDocker(PlainTestCases.class, Map.of("berth.wait.timeout", "0s")))
                .hasMessageContaining("berth.wait.timeout").hasMessageContaining("must be positive");
    }

    @ComposeStack(name = "shop", files = "src/test/resources/compose/shop.yml", waitTimeout = "0s")
    static class ZeroComposeTimeoutTestCases {
        @Test
        void never() {
        }
    }

    @Test
    @DisplayName("@ComposeStack(waitTimeout = \"0s\") is refused before compose runs")
    void zeroComposeTimeout() {
        assertThat(refusedBeforeDocker(ZeroComposeTimeoutTestCases.class))
                .hasMessageContaining("@ComposeStack(name = \"shop\")").hasMessageContaining("waitTimeout \"0s\" is not positive");
    }

    @WithContainer(name = "app", image = "busybox:1.35!", command = {"sleep", "3600"})
    static class BangImageTestCases {
        @Test
        void never() {
        }
    }

    @WithContainer(name = "app", image = "BusyBox:1.35", command = {"sleep", "3600"})
    static class UpperCaseImageTestCases {
        @Test
        void never() {
        }
    }

    @Test
    @DisplayName("an image reference Docker cannot parse (\"busybox:1.35!\", \"BusyBox:1.35\") is refused with the grammar")
    void invalidImageReference() {
        assertThat(refusedBeforeDocker(BangImageTestCases.class))
                .hasMessageContaining("image \"busybox:1.35!\" is not a valid image reference")
                .hasMessageContaining("lower-case");
        assertThat(refusedBeforeDocker(UpperCaseImageTestCases.class))
                .hasMessageContaining("image \"BusyBox:1.35\" is not a valid image reference");
    }

    // ------------------------------------------------------------ item 10: DNS collisions and duplicates

    @WithContainer(name = "db", image = "busybox:1.35", command = {"sleep", "3600"})
    @WithContainer(name = "DB", image = "busybox:1.35", command = {"sleep", "3600"})
    static class CaseCollisionTestCases {
        @Test
        void never() {
        }
    }

    @Test
    @DisplayName("containers \"db\" and \"DB\" are refused: DNS names ignore case")
    void caseCollision() {
        assertThat(refusedBeforeDocker(CaseCollisionTestCases.class))
                .hasMessageContaining("\"DB\"")
                .hasMessageContaining("collides with container \"db\"")
                .hasMessageContaining("DNS names ignore case");
    }

    @WithContainer(name = "db", image = "busybox:1.35", command = {"sleep", "3600"})
    @WithContainer(name = "cache", image = "busybox:1.35", aliases = "db", command = {"sleep", "3600"})
    static class AliasCollisionTestCases {
        @Test
        void never() {
        }
    }

    @Test
    @DisplayName("an alias equal to another container's name is refused")
    void aliasCollision() {
        assertThat(refusedBeforeDocker(AliasCollisionTestCases.class))
                .hasMessageContaining("@WithContainer(name = \"cache\")")
                .hasMessageContaining("alias \"db\" collides with container \"db\"");
    }

    @WithContainer(name = "twin", image = "busybox:1.35", command = {"sleep", "3600"})
    @WithContainer(name = "twin", image = "busybox:1.35", command = {"sleep", "3600"})
    static class IdenticalDuplicateTestCases {
        @Test
        void never() {
        }
    }

    @WithVolume(name = "data")
    @WithVolume(name = "data")
    static class IdenticalVolumesTestCases {
        @Test
        void never() {
        }
    }

    @Test
    @DisplayName("a declaration repeated identically is refused, not silently merged into one")
    void identicalDuplicates() {
        assertThat(refusedBeforeDocker(IdenticalDuplicateTestCases.class))
                .hasMessageContaining("@WithContainer(name = \"twin\")")
                .hasMessageContaining("is declared 2 times, identically");
        assertThat(refusedBeforeDocker(IdenticalVolumesTestCases.class))
                .hasMessageContaining("@WithVolume(name = \"data\")")
                .hasMessageContaining("is declared 2 times, identically");
    }
}
