package dev.berth;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.command.InspectVolumeResponse;
import dev.berth.internal.RunIdentity;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Named volumes and bind mounts, observed from inside containers that mount them. */
class VolumeIT {

    static String classpathText(String resource) throws IOException, URISyntaxException {
        return Files.readString(Paths.get(VolumeIT.class.getClassLoader().getResource(resource).toURI()), StandardCharsets.UTF_8);
    }

    static String projectText(String relative) throws IOException {
        return Files.readString(Paths.get(System.getProperty("user.dir")).resolve(relative), StandardCharsets.UTF_8);
    }

    @Nested
    @WithVolume(name = "blank", labels = "purpose=empty")
    @WithContainer(name = "user", image = "busybox:1.35", volumes = "blank:/data", command = {"sleep", "3600"})
    class Empty {

        @Test
        @DisplayName("a volume without seed is created empty, labelled, under a unique real name, and mounted")
        void createdEmpty(@Berth("blank") BerthVolume blank, @Berth("user") BerthContainer user) {
            InspectVolumeResponse v = EngineState.volume(blank.dockerName());
            assertThat(v.getName()).isNotEqualTo("blank").startsWith("blank-");
            assertThat(v.getLabels()).containsEntry("dev.berth.managed", "true")
                    .containsEntry("dev.berth.run", RunIdentity.current().runId())
                    .containsEntry("dev.berth.name", "blank").containsEntry("purpose", "empty");
            ExecResult ls = user.exec("ls", "-A", "/data");
            assertThat(ls.exitCode()).as(ls.toString()).isZero();
            assertThat(ls.stdout()).isEmpty();
            // /data really is that volume
            assertThat(EngineState.container(user.id()).getMounts())
                    .anySatisfy(m -> {
                        assertThat(m.getName()).isEqualTo(blank.dockerName());
                        assertThat(m.getDestination().getPath()).isEqualTo("/data");
                        assertThat(m.getRW()).isTrue();
                    });
        }
    }

    @Nested
    @WithVolume(name = "from-classpath", seedFrom = "classpath:seed/site")
    @WithVolume(name = "from-project", seedFrom = "src/test/resources/seed-project")
    @WithContainer(name = "reader", image = "busybox:1.35", volumes = {"from-classpath:/site", "from-project:/project"},
            command = {"sleep", "3600"})
    class Seeded {

        @Test
        @DisplayName("a volume seeded from the classpath holds the directory's files with their content")
        void fromClasspath(@Berth("reader") BerthContainer reader) throws Exception {
            ExecResult find = reader.exec("find", "/site", "-type", "f");
            assertThat(find.stdout().lines().sorted().toList()).containsExactly("/site/index.html", "/site/nested/deep.txt");
            assertThat(reader.exec("cat", "/site/index.html").stdout()).isEqualTo(classpathText("seed/site/index.html"));
            assertThat(reader.exec("cat", "/site/nested/deep.txt").stdout()).isEqualTo(classpathText("seed/site/nested/deep.txt"));
        }

        @Test
        @DisplayName("a volume seeded from a project path holds the directory's files with their content")
        void fromProjectPath(@Berth("reader") BerthContainer reader) throws Exception {
            ExecResult find = reader.exec("find", "/project", "-type", "f");
            assertThat(find.stdout().lines().sorted().toList()).containsExactly("/project/conf/app.properties", "/project/readme.txt");
            assertThat(reader.exec("cat", "/project/readme.txt").stdout())
                    .isEqualTo(projectText("src/test/resources/seed-project/readme.txt"));
            assertThat(reader.exec("cat", "/project/conf/app.properties").stdout())
                    .isEqualTo(projectText("src/test/resources/seed-project/conf/app.properties"));
        }
    }

    @Nested
    @WithVolume(name = "shared-data")
    @WithContainer(name = "writer", image = "busybox:1.35", volumes = "shared-data:/data",
            command = {"sh", "-c", "hostname > /data/written-by; echo written; sleep 3600"}, waitFor = @WaitFor(log = "^written$"))
    @WithContainer(name = "read-only", image = "busybox:1.35", volumes = "shared-data:/data:ro", command = {"sleep", "3600"})
    class Sharing {

        @Test
        @DisplayName("a :ro mount rejects writes while a read-write mount of the same volume accepts them")
        void readOnlyRejectsWrites(@Berth("read-only") BerthContainer ro, @Berth("writer") BerthContainer writer) {
            ExecResult denied = ro.exec("sh", "-c", "echo x > /data/attempt");
            assertThat(denied.exitCode()).as(denied.toString()).isNotZero();
            assertThat(denied.stderr()).contains("Read-only file system");
            assertThat(ro.exec("test", "-e", "/data/attempt").exitCode()).isNotZero();
            ExecResult allowed = writer.exec("sh", "-c", "echo y > /data/rw-attempt");
            assertThat(allowed.exitCode()).as(allowed.toString()).isZero();
            assertThat(ro.exec("cat", "/data/rw-attempt").stdout()).isEqualTo("y\n");
            writer.exec("rm", "/data/rw-attempt");
        }
    }

    @Nested
    @WithVolume(name = "kept-data")
    @WithContainer(name = "writer", image = "busybox:1.35", volumes = "kept-data:/data",
            command = {"sh", "-c", "hostname > /data/written-by; echo written; sleep 3600"}, waitFor = @WaitFor(log = "^written$"))
    @WithContainer(name = "reader", image = "busybox:1.35", volumes = "kept-data:/data:ro", command = {"sleep", "3600"})
    class Outliving {

        @Test
        @DisplayName("data written through one container outlives it and is read through another mounting the same volume")
        void dataOutlivesContainer(@Berth("writer") BerthContainer writer, @Berth("reader") BerthContainer reader) {
            String writerHostname = writer.exec("hostname").stdout().strip();
            assertThat(writerHostname).isNotBlank();
            // the writer goes away entirely (removed, not just stopped); the volume and its data stay
            EngineState.client().removeContainerCmd(writer.id()).withForce(true).exec();
            assertThat(EngineState.containerExists(writer.id())).isFalse();
            assertThat(reader.exec("cat", "/data/written-by").stdout().strip()).isEqualTo(writerHostname);
        }
    }

    @Nested
    @WithContainer(name = "bound", image = "busybox:1.35",
            volumes = {"./src/test/resources/bind:/mnt/bind", "./target:/mnt/target:rw"}, command = {"sleep", "3600"})
    class BindMounts {

        @Test
        @DisplayName("a project directory is bind-mounted read-only by default: readable, not writable")
        void readOnlyByDefault(@Berth("bound") BerthContainer bound) throws IOException {
            assertThat(bound.exec("cat", "/mnt/bind/greeting.txt").stdout()).isEqualTo(projectText("src/test/resources/bind/greeting.txt"));
            ExecResult denied = bound.exec("sh", "-c", "echo x > /mnt/bind/attempt");
            assertThat(denied.exitCode()).as(denied.toString()).isNotZero();
            assertThat(denied.stderr()).contains("Read-only file system");
            assertThat(Files.exists(Paths.get("src/test/resources/bind/attempt"))).isFalse();
            assertThat(EngineState.container(bound.id()).getMounts())
                    .anySatisfy(m -> {
                        assertThat(m.getDestination().getPath()).isEqualTo("/mnt/bind");
                        assertThat(m.getRW()).isFalse();
                    });
        }

        @Test
        @DisplayName("a project directory declared :rw accepts writes that the host sees")
        void readWriteWhenAsked(@Berth("bound") BerthContainer bound) throws IOException {
            String file = "berth-rw-" + UUID.randomUUID() + ".txt";
            Path onHost = Paths.get(System.getProperty("user.dir"), "target", file);
            try {
                ExecResult write = bound.exec("sh", "-c", "hostname > /mnt/target/" + file);
                assertThat(write.exitCode()).as(write.toString()).isZero();
                assertThat(Files.readString(onHost).strip()).isEqualTo(bound.exec("hostname").stdout().strip());
            } finally {
                Files.deleteIfExists(onHost);
            }
        }
    }

    @Nested
    @WithVolume(name = "doomed")
    class RemovedOutside {

        @Test
        @DisplayName("reading a volume removed outside the test fails clearly and creates no volume in its place")
        void readingARemovedVolume(@Berth("doomed") BerthVolume doomed) {
            LeakCheck.client().removeVolumeCmd(doomed.dockerName()).exec();
            org.assertj.core.api.Assertions.assertThatThrownBy(
                            () -> dev.berth.assertions.BerthAssertions.assertThat(doomed).file("/anything").exists())
                    .isInstanceOf(BerthException.class).hasMessageContaining("Volume " + doomed.dockerName() + " no longer exists");
            assertThat(LeakCheck.client().listVolumesCmd().withFilter("name", java.util.List.of(doomed.dockerName())).exec()
                    .getVolumes()).as("a bind of the missing name would have created it again").isNullOrEmpty();
        }
    }
}
