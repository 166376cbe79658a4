package dev.berth.examples.lessons;

import static dev.berth.assertions.BerthAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.Berth;
import dev.berth.BerthContainer;
import dev.berth.WaitFor;
import dev.berth.WithContainer;
import dev.berth.WithNetwork;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Course: Dockerfile {@code CMD} ("the default command when the container starts") and
 * {@code ENTRYPOINT} ("used together with CMD"). busybox:1.35 has {@code CMD ["sh"]} and no
 * entrypoint; berth/shell-less has {@code ENTRYPOINT ["/httpd", "-f", "-p", "8080", "-h", "/www"]}.
 */
@DisplayName("Lesson 2: arguments given to docker run replace the image's CMD but are appended to its ENTRYPOINT")
// tag::declaration[]
@WithNetwork(name = "lesson02")
// docker run busybox:1.35 sleep 3600                 -> replaces CMD ["sh"]
@WithContainer(name = "cmd-replaced", image = "busybox:1.35", command = {"sleep", "3600"})
// docker run --entrypoint sleep busybox:1.35 3600    -> ENTRYPOINT + arguments
@WithContainer(name = "entrypoint-and-args", image = "busybox:1.35", entrypoint = "sleep", command = "3600")
// docker run berth/shell-less -p 9090                -> appended to the image's ENTRYPOINT
@WithContainer(name = "web", image = "berth/shell-less", networks = "lesson02", command = {"-p", "9090"},
        waitFor = @WaitFor(port = 9090))
@WithContainer(name = "client", image = "busybox:1.35", networks = "lesson02", command = {"sleep", "3600"})
// end::declaration[]
class Lesson02CmdVersusEntrypointTest {

    // tag::proofs[]
    @Test
    @DisplayName("arguments replace CMD: PID 1 is exactly the given command, no sh in front of it")
    void argumentsReplaceCmd(@Berth("cmd-replaced") BerthContainer c) {
        assertThat(c.exec("cat", "/proc/1/cmdline").stdout()).isEqualTo("sleep\u00003600\u0000");
    }

    @Test
    @DisplayName("with an ENTRYPOINT, the arguments become its arguments: PID 1 is ENTRYPOINT + CMD")
    void argumentsFollowEntrypoint(@Berth("entrypoint-and-args") BerthContainer c) {
        assertThat(c.exec("cat", "/proc/1/cmdline").stdout()).isEqualTo("sleep\u00003600\u0000");
    }

    @Test
    @DisplayName("the image's ENTRYPOINT stays and our arguments are appended: httpd now serves on 9090, not 8080")
    void imageEntrypointKeepsRunning(@Berth("client") BerthContainer client) {
        assertThat(client).fetches("http://web:9090/").hasStatus(200).bodyContains("hello from scratch");
        assertThat(client).cannotReach("web", 8080);
    }
    // end::proofs[]
}
