package dev.berth.examples.lessons;

import static dev.berth.assertions.BerthAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.BerthStack;
import dev.berth.ComposeStack;
import dev.berth.WithNetwork;
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
    @DisplayName("overlay: the engine refuses it outside swarm mode (swarm init is not done on a shared engine)")
    void overlayNeedsSwarm() {
        assertThat(LessonSupport.failuresOf(OverlayWithoutSwarm.class))
                .isNotEmpty()
                .anySatisfy(failure -> assertThat(failure).hasStackTraceContaining("swarm"));
    }
    // end::overlay[]
}
