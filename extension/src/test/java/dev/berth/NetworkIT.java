package dev.berth;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.model.ContainerNetwork;
import com.github.dockerjava.api.model.Network;
import dev.berth.internal.RunIdentity;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Networks as Docker sees them: driver, labels, names, internal isolation, addressing, several per container. */
@HostExclusive("subnet-10.213.57.0-24") // a fixed host-wide resource: two suites at once must not overlap here
class NetworkIT {

    /** True when an IPv4 address lies inside a CIDR subnet. */
    static boolean inSubnet(String ip, String cidr) throws IOException {
        String[] parts = cidr.split("/");
        int prefix = Integer.parseInt(parts[1]);
        int base = toInt(InetAddress.getByName(parts[0]).getAddress());
        int addr = toInt(InetAddress.getByName(ip).getAddress());
        int mask = prefix == 0 ? 0 : -1 << (32 - prefix);
        return (base & mask) == (addr & mask);
    }

    private static int toInt(byte[] b) {
        return ((b[0] & 0xff) << 24) | ((b[1] & 0xff) << 16) | ((b[2] & 0xff) << 8) | (b[3] & 0xff);
    }

    @Nested
    @WithNetwork(name = "plain", labels = "team=payments")
    @WithContainer(name = "member", image = "busybox:1.35", networks = "plain", command = {"sleep", "3600"})
    class DefaultBridge {

        @Test
        @DisplayName("a declared network is a user-defined bridge with Berth's labels and a unique real name")
        void bridgeWithLabels(BerthNetwork plain, BerthContainer member) {
            Network n = EngineState.network(plain.id());
            assertThat(n.getDriver()).isEqualTo("bridge");
            assertThat(n.getName()).isEqualTo(plain.dockerName()).isNotEqualTo("plain").startsWith("plain-");
            assertThat(n.getLabels())
                    .containsEntry("dev.berth.managed", "true")
                    .containsEntry("dev.berth.run", RunIdentity.current().runId())
                    .containsEntry("dev.berth.name", "plain")
                    .containsEntry("team", "payments");
            assertThat(n.getInternal()).isFalse();
            assertThat(plain.isInternal()).isFalse();
            // the container is attached to exactly that Docker network, with its logical name as alias
            ContainerNetwork attached = EngineState.container(member.id()).getNetworkSettings().getNetworks().get(n.getName());
            assertThat(attached).as("container attached to " + n.getName()).isNotNull();
            assertThat(attached.getAliases()).contains("member");
            assertThat(inSubnetUnchecked(member.ipAddress("plain"), plain.subnet())).isTrue();
        }

        @Test
        @DisplayName("the handle's subnet is the one Docker assigned")
        void subnetIsDockers(BerthNetwork plain) {
            Network n = EngineState.network(plain.id());
            assertThat(plain.subnet()).isEqualTo(n.getIpam().getConfig().get(0).getSubnet());
        }
    }

    static boolean inSubnetUnchecked(String ip, String cidr) {
        try {
            return inSubnet(ip, cidr);
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** A TCP listener on all host interfaces that accepts, records the peer and closes each connection. */
    static final class HostListener implements AutoCloseable {
        private final ServerSocket server = new ServerSocket();
        private final java.util.List<String> peers = new java.util.concurrent.CopyOnWriteArrayList<>();
        private final java.util.concurrent.atomic.AtomicReference<IOException> failure = new java.util.concurrent.atomic.AtomicReference<>();
        private final Thread acceptor;

        HostListener() throws IOException {
            server.bind(new InetSocketAddress("0.0.0.0", 0));
            acceptor = new Thread(this::acceptLoop, "host-listener");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        private void acceptLoop() {
            while (!server.isClosed()) {
                try (java.net.Socket s = server.accept()) {
                    peers.add(((InetSocketAddress) s.getRemoteSocketAddress()).getAddress().getHostAddress());
                } catch (IOException e) {
                    if (!server.isClosed()) {
                        failure.set(e); // a real accept failure, reported by failure()
                    }
                    // closed: the loop condition ends the thread
                }
            }
        }

        int port() {
            return server.getLocalPort();
        }

        java.util.List<String> peers() {
            return peers;
        }

        IOException failure() {
            return failure.get();
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }

    @Nested
    @WithNetwork(name = "sealed", internal = true)
    @WithNetwork(name = "open")
    @WithContainer(name = "inside", image = "busybox:1.35", networks = "sealed", command = {"sleep", "3600"})
    @WithContainer(name = "neighbour", image = "busybox:1.35", networks = "sealed",
            command = {"httpd", "-f", "-p", "8080", "-h", "/etc"}, waitFor = @WaitFor(port = 8080))
    @WithContainer(name = "control", image = "busybox:1.35", networks = "open", command = {"sleep", "3600"})
    class Internal {

        @Test
        @DisplayName("Docker marks the network internal")
        void markedInternal(@Berth("sealed") BerthNetwork sealed) {
            assertThat(EngineState.network(sealed.id()).getInternal()).isTrue();
            assertThat(sealed.isInternal()).isTrue();
        }

        @Test
        @DisplayName("a container on an internal network cannot reach the host that a container on a normal bridge reaches")
        void noEgress(@Berth("inside") BerthContainer inside, @Berth("control") BerthContainer control,
                      @Berth("open") BerthNetwork open) throws IOException {
            String hostSide = EngineState.network(open.id()).getIpam().getConfig().get(0).getGateway();
            try (HostListener listener = new HostListener()) {
                String probe = "timeout 10 nc -w 2 " + hostSide + " " + listener.port() + " </dev/null";
                ExecResult fromControl = control.exec("sh", "-c", probe);
                assertThat(fromControl.exitCode()).as("control on a normal bridge reaches the host: " + fromControl).isZero();
                assertThat(listener.peers()).as("peers the host listener accepted").contains(control.ipAddress("open"));
                ExecResult fromInside = inside.exec("sh", "-c", probe);
                assertThat(fromInside.exitCode()).as("internal container reaches the host: " + fromInside).isNotZero();
                assertThat(listener.peers()).doesNotContain(inside.ipAddress("sealed"));
                assertThat(listener.failure()).isNull();
            }
            ExecResult outside = inside.exec("sh", "-c", "timeout 10 nc -w 2 1.1.1.1 53 </dev/null");
            assertThat(outside.exitCode()).as(outside.toString()).isNotZero();
        }

        @Test
        @DisplayName("neighbours on an internal network still resolve and reach each other")
        void neighboursTalk(@Berth("inside") BerthContainer inside, @Berth("neighbour") BerthContainer neighbour) {
            ExecResult lookup = inside.exec("nslookup", "neighbour");
            assertThat(lookup.exitCode()).as(lookup.toString()).isZero();
            assertThat(lookup.stdout()).contains(neighbour.ipAddress("sealed"));
            ExecResult get = inside.exec("wget", "-q", "-O", "-", "http://neighbour:8080/hostname");
            assertThat(get.exitCode()).as(get.toString()).isZero();
            assertThat(get.stdout().strip()).isEqualTo(neighbour.exec("hostname").stdout().strip());
        }
    }

    @Nested
    @WithNetwork(name = "fixed", subnet = "10.213.57.0/24", gateway = "10.213.57.254")
    @WithContainer(name = "addressed", image = "busybox:1.35", networks = "fixed", command = {"sleep", "3600"})
    class SubnetAndGateway {

        @Test
        @DisplayName("a declared subnet and gateway are what Docker uses, and the container's address lies inside")
        void honoured(@Berth("fixed") BerthNetwork fixed, @Berth("addressed") BerthContainer addressed) throws IOException {
            Network.Ipam.Config ipam = EngineState.network(fixed.id()).getIpam().getConfig().get(0);
            assertThat(ipam.getSubnet()).isEqualTo("10.213.57.0/24");
            assertThat(ipam.getGateway()).isEqualTo("10.213.57.254");
            assertThat(fixed.subnet()).isEqualTo(ipam.getSubnet());
            String ip = addressed.ipAddress("fixed");
            assertThat(inSubnet(ip, ipam.getSubnet())).as(ip + " in " + ipam.getSubnet()).isTrue();
            // the container's own view: its interface address and its default route
            ExecResult addr = addressed.exec("ip", "-4", "-o", "addr");
            assertThat(addr.stdout()).contains(ip + "/24");
            ExecResult route = addressed.exec("ip", "route");
            assertThat(route.stdout()).contains("default via 10.213.57.254");
        }
    }

    @Test
    @DisplayName("a test method may declare several networks; each is a distinct Docker network")
    @WithNetwork(name = "one")
    @WithNetwork(name = "two")
    @WithNetwork(name = "three", internal = true)
    void severalPerTest(@Berth("one") BerthNetwork one, @Berth("two") BerthNetwork two, @Berth("three") BerthNetwork three) {
        Network n1 = EngineState.network(one.id());
        Network n2 = EngineState.network(two.id());
        Network n3 = EngineState.network(three.id());
        assertThat(Map.of("one", n1.getName(), "two", n2.getName(), "three", n3.getName()))
                .containsEntry("one", one.dockerName()).containsEntry("two", two.dockerName()).containsEntry("three", three.dockerName());
        assertThat(java.util.Set.of(n1.getId(), n2.getId(), n3.getId())).hasSize(3);
        assertThat(java.util.Set.of(one.subnet(), two.subnet(), three.subnet())).hasSize(3);
        assertThat(n3.getInternal()).isTrue();
        assertThat(n1.getInternal()).isFalse();
    }

    @Nested
    @WithNetwork(name = "left")
    @WithNetwork(name = "right")
    @WithContainer(name = "hub", image = "busybox:1.35", networks = {"left", "right"}, aliases = {"hub-alias", "the-hub"},
            command = {"httpd", "-f", "-p", "8080", "-h", "/etc"}, waitFor = @WaitFor(port = 8080))
    @WithContainer(name = "west", image = "busybox:1.35", networks = "left", command = {"sleep", "3600"})
    @WithContainer(name = "east", image = "busybox:1.35", networks = "right", command = {"sleep", "3600"})
    class TwoNetworks {

        @Test
        @DisplayName("a container on two networks has an address in each network's subnet")
        void addressOnEach(@Berth("hub") BerthContainer hub, @Berth("left") BerthNetwork left, @Berth("right") BerthNetwork right)
                throws IOException {
            String l = hub.ipAddress("left");
            String r = hub.ipAddress("right");
            assertThat(l).isNotEqualTo(r);
            assertThat(inSubnet(l, left.subnet())).as(l + " in " + left.subnet()).isTrue();
            assertThat(inSubnet(r, right.subnet())).as(r + " in " + right.subnet()).isTrue();
            Map<String, ContainerNetwork> nets = EngineState.container(hub.id()).getNetworkSettings().getNetworks();
            assertThat(nets).containsOnlyKeys(left.dockerName(), right.dockerName());
            assertThat(nets.get(left.dockerName()).getIpAddress()).isEqualTo(l);
            assertThat(nets.get(right.dockerName()).getIpAddress()).isEqualTo(r);
            assertThat(hub.exec("ip", "-4", "-o", "addr").stdout()).contains(l + "/").contains(r + "/");
        }

        @Test
        @DisplayName("it is reachable by its logical name and every alias from both sides, at that side's address")
        void reachableByNameAndAliasesFromBothSides(@Berth("hub") BerthContainer hub, @Berth("west") BerthContainer west,
                                                    @Berth("east") BerthContainer east) {
            String hostname = hub.exec("hostname").stdout().strip();
            for (String name : new String[] {"hub", "hub-alias", "the-hub"}) {
                ExecResult fromWest = west.exec("nslookup", name);
                assertThat(fromWest.exitCode()).as("west: " + fromWest).isZero();
                assertThat(fromWest.stdout()).contains(hub.ipAddress("left")).doesNotContain(hub.ipAddress("right"));
                ExecResult fromEast = east.exec("nslookup", name);
                assertThat(fromEast.exitCode()).as("east: " + fromEast).isZero();
                assertThat(fromEast.stdout()).contains(hub.ipAddress("right")).doesNotContain(hub.ipAddress("left"));
                for (BerthContainer side : new BerthContainer[] {west, east}) {
                    ExecResult get = side.exec("wget", "-q", "-O", "-", "http://" + name + ":8080/hostname");
                    assertThat(get.exitCode()).as(side.name() + " -> " + name + ": " + get).isZero();
                    assertThat(get.stdout().strip()).isEqualTo(hostname);
                }
            }
            // and the two sides stay apart
            assertThat(west.exec("nslookup", "east").exitCode()).isNotZero();
        }
    }
}
