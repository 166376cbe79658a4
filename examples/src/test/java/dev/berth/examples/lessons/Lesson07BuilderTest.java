package dev.berth.examples.lessons;

import static dev.berth.assertions.BerthAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.BerthContainer;
import dev.berth.BerthEnvironment;
import dev.berth.ExecResult;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The programmatic twin of lesson 7's container lifecycle: containers started and removed inside one test. */
// tag::lifecycle[]
class Lesson07BuilderTest {

    @RegisterExtension
    BerthEnvironment env = BerthEnvironment.builder()   // docker volume create my-data
            .volume("my-data")
            .build();

    @Test
    @DisplayName("data written to the volume outlives the container that wrote it; its own files do not")
    void containerLifecycleVersusPersistentData() {
        // docker run -v my-data:/data busybox:1.35 sleep 3600
        BerthContainer first = env.start("first", c -> c.image("busybox:1.35").volumes("my-data:/data").command("sleep", "3600"));
        ExecResult written = first.exec("sh", "-c", "echo kept > /data/note.txt && echo lost > /tmp/note.txt");
        assertThat(written.exitCode()).isZero();
        env.remove("first");                                                    // docker rm -f first
        assertThat(LessonSupport.docker("ps", "-a", "-q", "--filter", "name=^" + first.dockerName() + "$")).isBlank();

        BerthContainer second = env.start("second", c -> c.image("busybox:1.35").volumes("my-data:/data").command("sleep", "3600"));
        assertThat(env.volume("my-data")).file("/note.txt").hasContent("kept\n");
        assertThat(second).file("/data/note.txt").hasContent("kept\n");
        assertThat(second.exec("cat", "/tmp/note.txt").exitCode()).isNotZero(); // the first container's own files are gone
    }
}
// end::lifecycle[]
