package dev.berth.examples.lessons;

import static dev.berth.assertions.BerthAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.Berth;
import dev.berth.BerthContainer;
import dev.berth.BerthVolume;
import dev.berth.ExecResult;
import dev.berth.WaitFor;
import dev.berth.WithContainer;
import dev.berth.WithVolume;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Course: "Volumes" — a container is used once, like an instance; data that must persist goes to a
 * volume; bind mounts ({@code -v $(pwd):/usr/share/nginx/html:ro}) versus named volumes
 * ({@code docker volume create my-nginx-volume}, filled through a temporary container).
 */
@DisplayName("Lesson 7: containers are disposable, volumes are not: a named volume's data outlives its container;"
        + " a bind mount shows a host directory, a named volume is managed by Docker; :ro rejects writes")
class Lesson07VolumesTest {

    // tag::lifecycle[]
    @Nested
    @DisplayName("container lifecycle versus persistent data")
    @WithVolume(name = "my-data")
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    @TestInstance(TestInstance.Lifecycle.PER_CLASS) // one instance for both tests: the first tells the second what it removed
    class Lifecycle {

        private final List<String> removedContainers = new ArrayList<>();

        @Test
        @Order(1)
        @DisplayName("a first container writes to the volume and to its own filesystem, then is removed")
        @WithContainer(name = "first", image = "busybox:1.35", volumes = "my-data:/data", command = {"sleep", "3600"})
        void firstContainer(@Berth("first") BerthContainer first) {
            ExecResult written = first.exec("sh", "-c", "echo kept > /data/note.txt && echo lost > /tmp/note.txt");
            assertThat(written.exitCode()).isZero();
            removedContainers.add(first.dockerName());
        }

        @Test
        @Order(2)
        @DisplayName("the first container is gone; a new container from the same image finds the volume's data,"
                + " not the old container's files")
        @WithContainer(name = "second", image = "busybox:1.35", volumes = "my-data:/data", command = {"sleep", "3600"})
        void secondContainer(@Berth("second") BerthContainer second, @Berth("my-data") BerthVolume data) {
            assertThat(removedContainers).as("the first test ran").hasSize(1);
            assertThat(LessonSupport.docker("ps", "-a", "-q", "--filter", "name=^" + removedContainers.get(0) + "$")).isBlank();
            assertThat(data).file("/note.txt").hasContent("kept\n");
            assertThat(second).file("/data/note.txt").hasContent("kept\n");
            assertThat(second).file("/tmp/note.txt").doesNotExist();
        }
    }
    // end::lifecycle[]

    // tag::bind-versus-volume[]
    @Nested
    @DisplayName("bind mount versus named volume")
    // docker volume create my-nginx-volume, then copy index.html in through a temporary container
    @WithVolume(name = "my-nginx-volume", seedFrom = "classpath:lessons/site")
    // docker run -v $(pwd)/src/test/resources/lessons/site:/usr/share/nginx/html:ro -p 80 -d nginx
    @WithContainer(name = "bind-mounted", image = "berth/nginx", ports = "80",
            volumes = "./src/test/resources/lessons/site:/usr/share/nginx/html:ro", waitFor = @WaitFor(port = 80))
    // docker run -v my-nginx-volume:/usr/share/nginx/html -p 80 -d nginx
    @WithContainer(name = "volume-mounted", image = "berth/nginx", ports = "80",
            volumes = "my-nginx-volume:/usr/share/nginx/html", waitFor = @WaitFor(port = 80))
    class BindVersusVolume {

        @Test
        @DisplayName("a bind mount serves the host directory as it is on the host")
        void bindMountShowsTheHostDirectory(@Berth("bind-mounted") BerthContainer nginx) throws IOException {
            String onTheHost = Files.readString(Path.of("src/test/resources/lessons/site/index.html"));
            assertThat(nginx).servesHttp(80, "/").hasStatus(200).bodyContains(onTheHost);
        }

        @Test
        @DisplayName(":ro rejects writes from inside the container")
        void readOnlyRejectsWrites(@Berth("bind-mounted") BerthContainer nginx) {
            ExecResult write = nginx.exec("sh", "-c", "echo changed > /usr/share/nginx/html/index.html");
            assertThat(write.exitCode()).isNotZero();
            assertThat(write.stderr()).contains("Read-only file system");
        }

        @Test
        @DisplayName("a named volume (filled through a temporary container) is served too, and is writable")
        void namedVolume(@Berth("volume-mounted") BerthContainer nginx, @Berth("my-nginx-volume") BerthVolume volume) {
            assertThat(nginx).servesHttp(80, "/").hasStatus(200).bodyContains("Served from the host directory");
            assertThat(nginx.exec("sh", "-c", "echo written > /usr/share/nginx/html/new.html").exitCode()).isZero();
            assertThat(volume).file("/new.html").hasContent("written\n");
        }
    }
    // end::bind-versus-volume[]
}
