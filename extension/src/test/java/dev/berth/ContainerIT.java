package dev.berth;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.Ports;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a declared container is (command, env, user, ports, labels...) and what its handle does. */
@HostExclusive("host-port-47613") // a fixed host-wide resource: two suites at once must not overlap here
class ContainerIT {

    /** The argv of the container's PID 1, as the kernel reports it. */
    static List<String> pid1(BerthContainer c) {
        ExecResult r = c.exec("cat", "/proc/1/cmdline");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        return Arrays.asList(r.stdout().split("\0"));
    }

    static Map<String, String> environment(BerthContainer c) {
        ExecResult r = c.exec("env");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        return r.stdout().lines().filter(l -> l.contains("="))
                .collect(java.util.stream.Collectors.toMap(l -> l.substring(0, l.indexOf('=')), l -> l.substring(l.indexOf('=') + 1), (a, b) -> b));
    }

    @Nested
    @WithContainer(name = "commanded", image = "busybox:1.35", command = {"sh", "-c", "echo command-ran; exec sleep 3600"})
    @WithContainer(name = "entry", image = "busybox:1.35", entrypoint = {"sleep"}, command = {"3601"})
    @WithContainer(name = "configured", image = "busybox:1.35", command = {"sleep", "3600"},
            env = {"GREETING=hello there", "SHARED=from-env"}, envFile = "classpath:env/app.env",
            user = "1234:2345", workdir = "/srv/work", labels = {"team=payments", "purpose=feature-test"})
    @WithContainer(name = "project-env", image = "busybox:1.35", command = {"sleep", "3600"}, envFile = "src/test/resources/env/project.env")
    class Configuration {

        @Test
        @DisplayName("command replaces the image's CMD: it is what PID 1 runs")
        void command(@Berth("commanded") BerthContainer c) {
            assertThat(pid1(c)).containsExactly("sleep", "3600");
            assertThat(c.logs()).contains("command-ran");
            assertThat(EngineState.container(c.id()).getConfig().getCmd()).containsExactly("sh", "-c", "echo command-ran; exec sleep 3600");
        }

        @Test
        @DisplayName("entrypoint replaces the image's ENTRYPOINT, with command as its arguments")
        void entrypoint(@Berth("entry") BerthContainer c) {
            assertThat(pid1(c)).containsExactly("sleep", "3601");
            assertThat(EngineState.container(c.id()).getConfig().getEntrypoint()).containsExactly("sleep");
        }

        @Test
        @DisplayName("env and a classpath envFile reach the process; env wins over the file")
        void envAndClasspathEnvFile(@Berth("configured") BerthContainer c) {
            Map<String, String> env = environment(c);
            assertThat(env).containsEntry("GREETING", "hello there")
                    .containsEntry("SHARED", "from-env")
                    .containsEntry("FILE_ONLY", "classpath-file")
                    .containsEntry("EXPORTED", "yes");
        }

        @Test
        @DisplayName("an envFile given as a project path reaches the process")
        void projectEnvFile(@Berth("project-env") BerthContainer c) {
            assertThat(environment(c)).containsEntry("PROJECT_ONLY", "project-file").containsEntry("SHARED", "project-file");
        }

        @Test
        @DisplayName("user and workdir are what the process runs with")
        void userAndWorkdir(@Berth("configured") BerthContainer c) {
            assertThat(c.exec("id", "-u").stdout().strip()).isEqualTo("1234");
            assertThat(c.exec("id", "-g").stdout().strip()).isEqualTo("2345");
            assertThat(c.exec("readlink", "/proc/1/cwd").stdout().strip()).isEqualTo("/srv/work");
            assertThat(c.exec("pwd").stdout().strip()).isEqualTo("/srv/work");
        }

        @Test
        @DisplayName("declared labels are on the container next to Berth's own")
        void labels(@Berth("configured") BerthContainer c) {
            assertThat(EngineState.labels(c.id()))
                    .containsEntry("team", "payments").containsEntry("purpose", "feature-test")
                    .containsEntry("dev.berth.managed", "true").containsEntry("dev.berth.kind", "container")
                    .containsEntry("dev.berth.name", "configured");
        }

        @Test
        @DisplayName("containers are not privileged by default: no flag, and no CAP_SYS_ADMIN in the process")
        void notPrivileged(@Berth("configured") BerthContainer c) {
            assertThat(EngineState.container(c.id()).getHostConfig().getPrivileged()).isFalse();
            String capEff = c.exec("sh", "-c", "grep CapEff /proc/1/status").stdout().replaceAll("\\s+", " ").strip();
            long caps = Long.parseUnsignedLong(capEff.substring(capEff.indexOf(' ') + 1), 16);
            assertThat(caps & (1L << 21)).as("CAP_SYS_ADMIN in " + capEff).isZero();
            assertThat(c.exec("mount", "-t", "tmpfs", "tmpfs", "/mnt").exitCode()).isNotZero();
        }
    }

    static final int FIXED_HOST_PORT = 47613;

    @Nested
    @WithContainer(name = "web", image = "busybox:1.35", ports = "8080",
            command = {"sh", "-c", "mkdir -p /www && hostname > /www/index.html && exec httpd -f -p 8080 -h /www"},
            waitFor = @WaitFor(port = 8080))
    @WithContainer(name = "fixed", image = "busybox:1.35", ports = FIXED_HOST_PORT + ":8081",
            command = {"sh", "-c", "mkdir -p /www && hostname > /www/index.html && exec httpd -f -p 8081 -h /www"},
            waitFor = @WaitFor(port = 8081))
    class PublishedPorts {

        @Test
        @DisplayName("a published port binds to 127.0.0.1 on a free host port, reachable from the JVM")
        void publishedOnLoopback(@Berth("web") BerthContainer web) throws IOException {
            InspectContainerResponse inspected = EngineState.container(web.id());
            Ports.Binding[] declared = inspected.getHostConfig().getPortBindings().getBindings().get(ExposedPort.tcp(8080));
            assertThat(declared).hasSize(1);
            assertThat(declared[0].getHostIp()).isEqualTo("127.0.0.1");
            Ports.Binding[] actual = inspected.getNetworkSettings().getPorts().getBindings().get(ExposedPort.tcp(8080));
            assertThat(actual).isNotEmpty().allSatisfy(b -> assertThat(b.getHostIp()).isEqualTo("127.0.0.1"));
            assertThat(web.hostPort(8080)).isEqualTo(Integer.parseInt(actual[0].getHostPortSpec()));
            assertThat(web.host()).isEqualTo("127.0.0.1");
            assertThat(get(web.host(), web.hostPort(8080), "/index.html")).isEqualTo(web.exec("hostname").stdout());
        }

        @Test
        @DisplayName("a plain socket from the JVM connects to the published port")
        void plainSocket(@Berth("web") BerthContainer web) throws IOException {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(web.host(), web.hostPort(8080)), 2000);
                s.getOutputStream().write("GET /index.html HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                String response = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertThat(response).startsWith("HTTP/1.").contains(" 200 ").endsWith(web.exec("hostname").stdout());
            }
        }

        @Test
        @DisplayName("HOSTPORT:CONTAINERPORT publishes on exactly that host port, on 127.0.0.1")
        void fixedHostPort(@Berth("fixed") BerthContainer fixed) throws IOException {
            Ports.Binding[] actual = EngineState.container(fixed.id()).getNetworkSettings().getPorts().getBindings()
                    .get(ExposedPort.tcp(8081));
            assertThat(actual).isNotEmpty().allSatisfy(b -> {
                assertThat(b.getHostIp()).isEqualTo("127.0.0.1");
                assertThat(b.getHostPortSpec()).isEqualTo(String.valueOf(FIXED_HOST_PORT));
            });
            assertThat(fixed.hostPort(8081)).isEqualTo(FIXED_HOST_PORT);
            assertThat(get("127.0.0.1", FIXED_HOST_PORT, "/index.html")).isEqualTo(fixed.exec("hostname").stdout());
        }

        static String get(String host, int port, String path) throws IOException {
            HttpURLConnection http = (HttpURLConnection) URI.create("http://" + host + ":" + port + path).toURL().openConnection();
            http.setConnectTimeout(2000);
            http.setReadTimeout(5000);
            try (InputStream in = http.getInputStream()) {
                assertThat(http.getResponseCode()).isEqualTo(200);
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } finally {
                http.disconnect();
            }
        }
    }

    @Nested
    @WithNetwork(name = "handles-net")
    @WithContainer(name = "box", image = "busybox:1.35", networks = "handles-net",
            command = {"sh", "-c", "echo first-log-line; echo second-log-line >&2; exec sleep 3600"})
    @WithContainer(name = "on-default", image = "busybox:1.35", command = {"sleep", "3600"})
    class Handles {

        @Test
        @DisplayName("id, dockerName and image identify the Docker container")
        void identity(@Berth("box") BerthContainer box) {
            InspectContainerResponse byName = EngineState.container(box.dockerName());
            assertThat(byName.getId()).isEqualTo(box.id());
            assertThat(byName.getName()).isEqualTo("/" + box.dockerName());
            assertThat(box.dockerName()).isNotEqualTo("box").startsWith("box-");
            assertThat(box.name()).isEqualTo(byName.getConfig().getLabels().get("dev.berth.name"));
            assertThat(byName.getConfig().getImage()).isEqualTo(box.image());
            assertThat(box.networks()).containsExactly("handles-net");
        }

        @Test
        @DisplayName("ipAddress is the address the container has on that network (declared or default bridge)")
        void ipAddress(@Berth("box") BerthContainer box, @Berth("on-default") BerthContainer onDefault) {
            assertThat(box.exec("ip", "-4", "-o", "addr").stdout()).contains(" " + box.ipAddress("handles-net") + "/");
            assertThat(onDefault.exec("ip", "-4", "-o", "addr").stdout()).contains(" " + onDefault.ipAddress("bridge") + "/");
            assertThat(EngineState.container(onDefault.id()).getNetworkSettings().getNetworks()).containsOnlyKeys("bridge");
        }

        @Test
        @DisplayName("exec returns stdout, stderr and the exit code separately")
        void exec(@Berth("box") BerthContainer box) {
            ExecResult r = box.exec("sh", "-c", "hostname; echo to-stderr-$((6*7)) >&2; exit 3");
            assertThat(r.exitCode()).isEqualTo(3);
            assertThat(r.succeeded()).isFalse();
            assertThat(r.stdout()).isEqualTo(EngineState.container(box.id()).getConfig().getHostName() + "\n");
            assertThat(r.stderr()).isEqualTo("to-stderr-42\n");
            assertThat(box.exec("true").succeeded()).isTrue();
        }

        @Test
        @DisplayName("copyIn copies a host file and a host directory tree into the container")
        void copyIn(@Berth("box") BerthContainer box, @TempDir Path tmp) throws IOException {
            String token = UUID.randomUUID().toString();
            Path file = Files.writeString(tmp.resolve("single.txt"), "single " + token + "\n");
            Path dir = Files.createDirectories(tmp.resolve("tree/sub"));
            Files.writeString(dir.resolve("leaf.txt"), "leaf " + token);
            Files.writeString(tmp.resolve("tree/top.txt"), "top " + token);

            box.copyIn(file, "/tmp/copied.txt");
            box.copyIn(tmp.resolve("tree"), "/tmp/tree");

            assertThat(box.exec("cat", "/tmp/copied.txt").stdout()).isEqualTo("single " + token + "\n");
            assertThat(box.exec("cat", "/tmp/tree/sub/leaf.txt").stdout()).isEqualTo("leaf " + token);
            assertThat(box.exec("cat", "/tmp/tree/top.txt").stdout()).isEqualTo("top " + token);
            assertThat(box.exec("find", "/tmp/tree", "-type", "f").stdout().lines().sorted().toList())
                    .containsExactly("/tmp/tree/sub/leaf.txt", "/tmp/tree/top.txt");
        }

        @Test
        @DisplayName("writeFile writes text, creating missing parent directories")
        void writeFile(@Berth("box") BerthContainer box) {
            String token = UUID.randomUUID().toString();
            assertThat(box.exec("test", "-e", "/var/new/deeper/still").exitCode()).isNotZero();
            box.writeFile("/var/new/deeper/still/note.txt", "note " + token + "\nsecond line");
            assertThat(box.exec("cat", "/var/new/deeper/still/note.txt").stdout()).isEqualTo("note " + token + "\nsecond line");
            assertThat(box.exec("test", "-d", "/var/new/deeper/still").exitCode()).isZero();
            // and an existing directory works too
            box.writeFile("/tmp/plain.txt", token);
            assertThat(box.exec("cat", "/tmp/plain.txt").stdout()).isEqualTo(token);
        }

        @Test
        @DisplayName("copyOut brings a file tree written inside the container to the host")
        void copyOut(@Berth("box") BerthContainer box, @TempDir Path tmp) throws IOException {
            ExecResult made = box.exec("sh", "-c", "mkdir -p /tmp/out/sub && cat /proc/uptime > /tmp/out/stamp && hostname > /tmp/out/sub/host");
            assertThat(made.exitCode()).as(made.toString()).isZero();
            box.copyOut("/tmp/out", tmp);
            assertThat(Files.readString(tmp.resolve("out/stamp"))).isEqualTo(box.exec("cat", "/tmp/out/stamp").stdout());
            assertThat(Files.readString(tmp.resolve("out/sub/host"))).isEqualTo(box.exec("hostname").stdout());
        }

        @Test
        @DisplayName("readFile returns a present file's content and empty for an absent one")
        void readFile(@Berth("box") BerthContainer box) {
            box.exec("sh", "-c", "cat /proc/uptime > /tmp/readable");
            Optional<String> present = box.readFile("/tmp/readable");
            assertThat(present).isPresent();
            assertThat(present.get()).isEqualTo(box.exec("cat", "/tmp/readable").stdout());
            assertThat(box.readFile("/etc/hostname")).contains(box.exec("cat", "/etc/hostname").stdout());
            assertThat(box.readFile("/tmp/does-not-exist-" + UUID.randomUUID())).isEmpty();
        }

        @Test
        @DisplayName("logs holds what the container wrote to stdout and stderr")
        void logs(@Berth("box") BerthContainer box) {
            assertThat(box.logs()).contains("first-log-line").contains("second-log-line");
        }
    }

    @Nested
    @WithNetwork(name = "lifecycle-net", internal = true)
    @WithContainer(name = "restartable", image = "busybox:1.35", networks = "lifecycle-net",
            // a TERM handler, so that stop and restart do not sit out their timeout (PID 1 ignores unhandled TERM)
            command = {"sh", "-c", "trap 'exit 0' TERM; echo boot-$(cat /proc/uptime); sleep 1; httpd -f -p 8080 -h /etc & wait $!"},
            waitFor = @WaitFor(port = 8080))
    @WithContainer(name = "peer", image = "busybox:1.35", networks = "lifecycle-net", command = {"sleep", "3600"})
    class Lifecycle {

        /** The running probe of a container, if any: Berth's helper sharing its network namespace. */
        Optional<InspectContainerResponse> probeOf(BerthContainer c) {
            String name = c.dockerName() + "-probe";
            return EngineState.containerExists(name) ? Optional.of(EngineState.container(name)) : Optional.empty();
        }

        @Test
        @DisplayName("stop, start and restart change the container's state and await readiness again through a fresh probe")
        void stopStartRestart(@Berth("restartable") BerthContainer c, @Berth("peer") BerthContainer peer) {
            // on an internal network the JVM cannot connect directly: the port wait ran through a probe
            InspectContainerResponse probe1 = probeOf(c).orElseThrow(() -> new AssertionError("no probe after the first start"));
            assertThat(probe1.getHostConfig().getNetworkMode()).isEqualTo("container:" + c.id());
            assertThat(probe1.getConfig().getLabels()).containsEntry("dev.berth.managed", "true").containsEntry("dev.berth.kind", "probe");
            assertThat(c.isRunning()).isTrue();
            Instant started1 = EngineState.startedAt(c.id());

            c.stop(1);
            assertThat(c.isRunning()).isFalse();
            assertThat(EngineState.container(c.id()).getState().getRunning()).isFalse();
            assertThat(probeOf(c)).as("the probe is dropped with the stop").isEmpty();

            c.start();
            assertThat(c.isRunning()).isTrue();
            // readiness was awaited: httpd starts a second after boot, yet the port answers right away
            assertThat(peer.exec("sh", "-c", "timeout 5 nc -w 2 restartable 8080 </dev/null").exitCode()).isZero();
            Instant started2 = EngineState.startedAt(c.id());
            assertThat(started2).isAfter(started1);
            InspectContainerResponse probe2 = probeOf(c).orElseThrow(() -> new AssertionError("no probe after start()"));
            assertThat(probe2.getId()).isNotEqualTo(probe1.getId());
            assertThat(probe2.getState().getRunning()).isTrue();

            c.restart();
            assertThat(c.isRunning()).isTrue();
            assertThat(peer.exec("sh", "-c", "timeout 5 nc -w 2 restartable 8080 </dev/null").exitCode()).isZero();
            assertThat(EngineState.startedAt(c.id())).isAfter(started2);
            InspectContainerResponse probe3 = probeOf(c).orElseThrow(() -> new AssertionError("no probe after restart()"));
            assertThat(probe3.getId()).isNotEqualTo(probe2.getId());
            assertThat(probe3.getState().getRunning()).isTrue();
            assertThat(c.logs().lines().filter(l -> l.startsWith("boot-")).count()).isEqualTo(3);
        }
    }
}
