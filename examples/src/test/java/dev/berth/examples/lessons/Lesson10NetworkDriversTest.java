package dev.berth.examples.lessons;

import static dev.berth.assertions.BerthAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.Berth;
import dev.berth.BerthContainer;
import dev.berth.BerthStack;
import dev.berth.ComposeStack;
import dev.berth.WaitFor;
import dev.berth.WithContainer;
import dev.berth.WithNetwork;
import dev.berth.WithSwarm;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Course: "Docker network 의 종류" — host (the container uses the host's network stack), overlay
 * (containers across several Docker hosts, designed for swarm mode) and macvlan (a container gets
 * its own MAC address, like a physical device on the network). The stack is
 * examples/src/test/resources/lessons/compose/network-drivers.yml.
 */
@DisplayName("Lesson 10: a host-network container shares the host's interfaces; a macvlan container's interface"
        + " hangs directly off a parent device; overlay networks need swarm mode")
class Lesson10NetworkDriversTest {

    // tag::host-and-macvlan[]
    @Nested
    @DisplayName("host and macvlan")
    @ComposeStack(name = "drivers", files = "classpath:lessons/compose/network-drivers.yml")
    class HostAndMacvlan {

        @Test
        @DisplayName("--network host: the container sees the host's interfaces (docker0 among them), a bridged one only lo and eth0")
        void hostNetwork(BerthStack drivers) {
            assertThat(interfaces(drivers, "on-host")).contains("lo", "docker0");
            assertThat(interfaces(drivers, "on-bridge")).containsExactly("eth0", "lo");
        }

        @Test
        @DisplayName("macvlan: eth0 is linked straight to the parent docker0, where a bridged eth0 is one end of a veth pair")
        void macvlanHangsOffTheParent(BerthStack drivers) {
            String docker0 = read(drivers, "on-host", "/sys/class/net/docker0/ifindex");
            assertThat(read(drivers, "lan-a", "/sys/class/net/eth0/iflink")).isEqualTo(docker0);
            assertThat(read(drivers, "on-bridge", "/sys/class/net/eth0/iflink")).isNotEqualTo(docker0);
        }

        @Test
        @DisplayName("macvlan: each container has its own MAC address and the network still gives it DNS by name")
        void macvlanNeighbours(BerthStack drivers) {
            assertThat(read(drivers, "lan-a", "/sys/class/net/eth0/address"))
                    .isNotEqualTo(read(drivers, "lan-b", "/sys/class/net/eth0/address"));
            // traffic between macvlan children on docker0 depends on the parent's state on this
            // engine (it works while docker0 has no ports), so the lesson claims names, not packets
            assertThat(drivers.container("lan-a")).canResolve("lan-b");
        }

        private static List<String> interfaces(BerthStack stack, String service) {
            return stack.exec(service, "ls", "/sys/class/net").stdout().lines().sorted().toList();
        }

        private static String read(BerthStack stack, String service, String file) {
            return stack.exec(service, "cat", file).stdout().strip();
        }
    }
    // end::host-and-macvlan[]

    // tag::across-nodes[]
    @Nested
    @DisplayName("overlay across two nodes of a swarm, and macvlan traffic inside one node")
    @WithSwarm(nodes = 2)
    @WithNetwork(name = "multi-host", driver = "overlay")
    @WithNetwork(name = "node-1-bridge")
    @WithNetwork(name = "lan", driver = "macvlan", subnet = "192.168.77.0/24", options = "parent=eth0")
    @WithContainer(name = "web", image = "busybox:1.35", node = "node-1", networks = "multi-host",
            command = {"sh", "-c", "mkdir -p /www && echo served-on-node-1 > /www/index.html && exec httpd -f -p 80 -h /www"},
            waitFor = @WaitFor(port = 80))
    @WithContainer(name = "visitor", image = "busybox:1.35", node = "node-2", networks = "multi-host", command = {"sleep", "3600"})
    @WithContainer(name = "neighbour", image = "busybox:1.35", node = "node-1", networks = "node-1-bridge", command = {"sleep", "3600"})
    @WithContainer(name = "lan-server", image = "busybox:1.35", node = "node-1", networks = "lan",
            command = {"sh", "-c", "mkdir -p /www && echo served-over-macvlan > /www/index.html && exec httpd -f -p 80 -h /www"},
            waitFor = @WaitFor(port = 80))
    @WithContainer(name = "lan-client", image = "busybox:1.35", node = "node-1", networks = "lan", command = {"sleep", "3600"})
    class AcrossTwoNodes {

        @Test
        @DisplayName("overlay: visitor on node-2 reaches web on node-1 by name, port and page")
        void overlayAcrossNodes(@Berth("visitor") BerthContainer visitor, @Berth("web") BerthContainer web) {
            assertThat(visitor.node()).isNotEqualTo(web.node());
            assertThat(visitor).canResolve("web").canReach(web, 80);
            assertThat(visitor).fetches("http://web/index.html").hasStatus(200).bodyContains("served-on-node-1");
        }

        @Test
        @DisplayName("swarm DNS: node-2's embedded DNS answers web with web's address on the overlay, which lives on node-1")
        void swarmDns(@Berth("visitor") BerthContainer visitor, @Berth("web") BerthContainer web) {
            assertThat(visitor).resolvesTo("web", web);
            assertThat(visitor.readFile("/etc/resolv.conf").orElseThrow()).contains("nameserver 127.0.0.11");
        }

        @Test
        @DisplayName("a container on a bridge of node-1 neither resolves web nor gets its page, on the same node")
        void bridgeOfTheSameNodeIsOutside(@Berth("neighbour") BerthContainer neighbour, @Berth("web") BerthContainer web) {
            assertThat(neighbour.node()).isEqualTo(web.node());
            assertThat(neighbour).cannotResolve("web").cannotReach(web, 80);
            String byAddress = "http://" + web.ipAddress("multi-host") + "/index.html";
            assertThat(neighbour.exec("wget", "-q", "-T", "3", "-O", "-", byAddress).stdout()).doesNotContain("served-on-node-1");
        }

        @Test
        @DisplayName("macvlan on node-1's own eth0: two containers with their own MAC addresses exchange traffic")
        void macvlanTraffic(@Berth("lan-client") BerthContainer client, @Berth("lan-server") BerthContainer server) {
            assertThat(client.exec("cat", "/sys/class/net/eth0/address").stdout())
                    .isNotBlank().isNotEqualTo(server.exec("cat", "/sys/class/net/eth0/address").stdout());
            assertThat(server.ipAddress("lan")).startsWith("192.168.77.");
            assertThat(client).fetches("http://lan-server/index.html").hasStatus(200).bodyContains("served-over-macvlan");
        }
    }
    // end::across-nodes[]

    // tag::overlay[]
    /** docker network create -d overlay multi-host   (run through the launcher by the test below). */
    @WithNetwork(name = "multi-host", driver = "overlay")
    @ExtendWith(LessonSupport.OnlyAsFixture.class)
    static class OverlayWithoutSwarm {
        @Test
        void never() {
        }
    }

    @Test
    @DisplayName("overlay without a swarm: refused before anything is created, the message names the swarm")
    void overlayNeedsSwarm() {
        assertThat(LessonSupport.failuresOf(OverlayWithoutSwarm.class))
                .isNotEmpty()
                .anySatisfy(failure -> assertThat(failure).hasStackTraceContaining("swarm"));
    }
    // end::overlay[]
}
