package dev.berth.examples.docs;

import static dev.berth.assertions.BerthAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.Berth;
import dev.berth.BerthContainer;
import dev.berth.BerthVolume;
import dev.berth.WaitFor;
import dev.berth.WithContainer;
import dev.berth.WithVolume;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The examples of docs/with-volume.md. */
class WithVolumeDocsTest {

    @Nested
    // tag::shared[]
    @WithVolume(name = "data")
    @WithContainer(name = "writer", image = "busybox:1.35", volumes = "data:/data",
            command = {"sh", "-c", "echo hello > /data/greeting.txt; exec sleep 3600"},
            waitFor = @WaitFor(command = {"test", "-f", "/data/greeting.txt"}))
    @WithContainer(name = "reader", image = "busybox:1.35", volumes = "data:/data:ro",
            command = {"sleep", "3600"}, dependsOn = "writer")
    class SharedBetweenContainers {
        @Test
        void readerSeesWhatWriterWrote(@Berth("reader") BerthContainer reader, BerthVolume data) {
            assertThat(reader.readFile("/data/greeting.txt")).contains("hello\n");
            assertThat(reader.exec("touch", "/data/other").exitCode()).isNotZero(); // mounted :ro
            assertThat(data.dockerName()).startsWith("data-");
            assertThat(data).file("/greeting.txt").hasContent("hello\n"); // read without any user container
        }
    }
    // end::shared[]

    @Nested
    // tag::seeded[]
    @WithVolume(name = "site", seedFrom = "classpath:docs/site")                // src/test/resources/docs/site
    @WithVolume(name = "site-copy", seedFrom = "src/test/resources/docs/site")  // relative to the module directory
    @WithContainer(name = "web", image = "busybox:1.35", volumes = {"site:/www:ro", "site-copy:/copy"},
            command = {"httpd", "-f", "-p", "80", "-h", "/www"}, ports = "80", waitFor = @WaitFor(port = 80))
    class Seeded {
        @Test
        void theSeedIsServed(@Berth("web") BerthContainer web, @Berth("site-copy") BerthVolume copy) {
            assertThat(web).servesHttp(80, "/index.html").hasStatus(200).bodyContains("Hello from a seeded volume");
            assertThat(copy).file("/index.html").contains("Hello from a seeded volume");
        }
    }
    // end::seeded[]
}
