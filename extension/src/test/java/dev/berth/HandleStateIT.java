package dev.berth;

import static dev.berth.assertions.BerthAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every public method of {@link BerthContainer} on a stopped and on a removed container: each
 * either works or fails typed ({@link BerthException} for the container's state,
 * {@link AssertionError} for a failed check), never with a raw engine exception, an empty answer
 * or a message that blames the declaration.
 */
class HandleStateIT {

    /** What a call is expected to do: return, or throw this type with this text in the message. */
    private record Expect(Class<? extends Throwable> type, String text) {
        static final Expect RETURNS = new Expect(null, null);

        static Expect fails(Class<? extends Throwable> type, String text) {
            return new Expect(type, text);
        }
    }

    /** The arguments of each public method of BerthContainer, by signature. */
    private static Map<String, Object[]> arguments(Path hostFile, Path outDir) {
        Map<String, Object[]> args = new LinkedHashMap<>();
        args.put("name()", new Object[0]);
        args.put("dockerName()", new Object[0]);
        args.put("id()", new Object[0]);
        args.put("image()", new Object[0]);
        args.put("networks()", new Object[0]);
        args.put("host()", new Object[0]);
        args.put("node()", new Object[0]);
        args.put("ipAddress(String)", new Object[] {"net"});
        args.put("hostPort(int)", new Object[] {80});
        args.put("hostPort(int,String)", new Object[] {81, "udp"});
        args.put("exec(String[])", new Object[] {new String[] {"true"}});
        args.put("copyIn(Path,String)", new Object[] {hostFile, "/tmp/in.txt"});
        args.put("writeFile(String,String)", new Object[] {"/tmp/written.txt", "written"});
        args.put("copyOut(String,Path)", new Object[] {"/tmp/written.txt", outDir});
        args.put("readFile(String)", new Object[] {"/tmp/written.txt"});
        args.put("logs()", new Object[0]);
        args.put("isRunning()", new Object[0]);
        // lifecycle last, in this order
        args.put("stop(int)", new Object[] {1});
        args.put("restart()", new Object[0]);
        args.put("start()", new Object[0]);
        return args;
    }

    private static String signature(Method m) {
        return m.getName() + "(" + Arrays.stream(m.getParameterTypes()).map(Class::getSimpleName)
                .collect(Collectors.joining(",")) + ")";
    }

    private static Map<String, Method> publicMethods() {
        Map<String, Method> methods = new LinkedHashMap<>();
        for (Method m : BerthContainer.class.getMethods()) {
            methods.put(signature(m), m);
        }
        return methods;
    }

    /** Calls every method with its argument and returns the mismatches against the expectations. */
    private static List<String> walk(BerthContainer c, Map<String, Object[]> args, Map<String, Expect> expected,
                                     Runnable beforeStartAgain) {
        Map<String, Method> methods = publicMethods();
        assertThat(new TreeSet<>(args.keySet())).as("every public method of BerthContainer is walked")
                .isEqualTo(new TreeSet<>(methods.keySet()));
        List<String> mismatches = new ArrayList<>();
        for (Map.Entry<String, Object[]> call : args.entrySet()) {
            if (call.getKey().equals("start()")) {
                beforeStartAgain.run();
            }
            Expect expect = expected.getOrDefault(call.getKey(), Expect.RETURNS);
            Throwable thrown = null;
            Object result = null;
            try {
                result = methods.get(call.getKey()).invoke(c, call.getValue());
            } catch (InvocationTargetException e) {
                thrown = e.getCause();
            } catch (IllegalAccessException e) {
                throw new AssertionError(e);
            }
            if (expect.type() == null && thrown != null) {
                mismatches.add(call.getKey() + " should work but threw " + thrown);
            } else if (expect.type() != null && thrown == null) {
                mismatches.add(call.getKey() + " should throw " + expect.type().getSimpleName() + " but returned " + result);
            } else if (expect.type() != null && (!expect.type().isInstance(thrown) || !String.valueOf(thrown.getMessage()).contains(expect.text()))) {
                mismatches.add(call.getKey() + " should throw " + expect.type().getSimpleName() + " containing \"" + expect.text()
                        + "\" but threw " + thrown);
            }
        }
        return mismatches;
    }

    @Test
    @DisplayName("on a stopped container: files, logs and identity work; address, ports and exec fail typed; stop/start/restart are safe")
    @WithNetwork(name = "net")
    @WithContainer(name = "web", image = "busybox:1.35", networks = "net", ports = {"80", "81/udp"},
            command = {"httpd", "-f", "-p", "80", "-h", "/tmp"}, waitFor = @WaitFor(port = 80))
    void stoppedContainer(@Berth("web") BerthContainer web, @TempDir Path tmp) throws IOException {
        Path hostFile = Files.writeString(tmp.resolve("in.txt"), "from host");
        Path outDir = Files.createDirectories(tmp.resolve("out"));
        web.stop(1);
        assertThat(web.isRunning()).isFalse();
        String notRunning = "is not running";
        Map<String, Expect> expected = Map.of(
                "ipAddress(String)", Expect.fails(BerthException.class, notRunning),
                "hostPort(int)", Expect.fails(BerthException.class, notRunning),
                "hostPort(int,String)", Expect.fails(BerthException.class, notRunning),
                "exec(String[])", Expect.fails(BerthException.class, notRunning));
        List<String> mismatches = walk(web, arguments(hostFile, outDir), expected, () -> web.stop(1));
        assertThat(mismatches).isEmpty();
        assertThat(web.isRunning()).as("start() brought it back").isTrue();
        assertThat(web.readFile("/tmp/written.txt")).contains("written");
        assertThat(outDir.resolve("written.txt")).hasContent("written");
    }

    @Test
    @DisplayName("on a removed container: identity works, every other method fails with BerthException saying it no longer exists")
    @WithContainer(name = "gone", image = "busybox:1.35", ports = {"80", "81/udp"}, command = {"sleep", "3600"})
    void removedContainer(@Berth("gone") BerthContainer gone, @TempDir Path tmp) throws IOException {
        Path hostFile = Files.writeString(tmp.resolve("in.txt"), "from host");
        Path outDir = Files.createDirectories(tmp.resolve("out"));
        LeakCheck.client().removeContainerCmd(gone.id()).withForce(true).exec();
        String noLongerExists = "no longer exists";
        Map<String, Expect> expected = new LinkedHashMap<>();
        for (String sig : arguments(hostFile, outDir).keySet()) {
            if (!List.of("name()", "dockerName()", "id()", "image()", "networks()", "host()", "node()").contains(sig)) {
                expected.put(sig, Expect.fails(BerthException.class, noLongerExists));
            }
        }
        // on the default bridge: ipAddress("net") would be a wrong argument, ask for the bridge
        Map<String, Object[]> args = arguments(hostFile, outDir);
        args.put("ipAddress(String)", new Object[] {"bridge"});
        List<String> mismatches = walk(gone, args, expected, () -> { });
        assertThat(mismatches).isEmpty();
        assertThatThrownBy(() -> assertThat(gone).logContains("anything")).isInstanceOf(BerthException.class)
                .hasMessageContaining(noLongerExists);
        assertThatThrownBy(() -> assertThat(gone).isRunning()).isInstanceOf(BerthException.class)
                .hasMessageContaining(noLongerExists);
    }

    // ------------------------------------------------------------ item 7: messages that do not mislead

    @Test
    @DisplayName("checks from the host on a stopped container say it is not running, not that the port is unpublished")
    @WithContainer(name = "web", image = "busybox:1.35", ports = "80", command = {"httpd", "-f", "-p", "80", "-h", "/tmp"},
            waitFor = @WaitFor(port = 80))
    void stoppedContainerChecks(@Berth("web") BerthContainer web) {
        web.stop(1);
        Throwable reachable = catchThrowable(() -> assertThat(web).isReachableFromHost(80));
        assertThat(reachable).isInstanceOf(AssertionError.class)
                .hasMessageContaining("web is not running (exited")
                .hasMessageNotContaining("not published");
        Throwable http = catchThrowable(() -> assertThat(web).servesHttp(80, "/").hasStatus(200));
        assertThat(http).isInstanceOf(AssertionError.class)
                .hasMessageContaining("web is not running (exited")
                .hasMessageNotContaining("not published");
    }

    @Test
    @DisplayName("hostPort of a port published only as UDP says so and how to ask for it")
    @WithContainer(name = "dns", image = "busybox:1.35", ports = "81/udp", command = {"sleep", "3600"})
    void udpPort(@Berth("dns") BerthContainer dns) {
        assertThatThrownBy(() -> dns.hostPort(81)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("publishes port 81 only as UDP")
                .hasMessageContaining("hostPort(81, \"udp\")")
                .hasMessageNotContaining("Add \"81\" to ports");
        assertThat(dns.hostPort(81, "udp")).isBetween(1, 65535);
    }
}
