package dev.berth.examples.docs;

import static dev.berth.assertions.BerthAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.BerthContainer;
import dev.berth.BerthEnvironment;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The programmatic twins of the examples of docs/with-volume.md. */
class WithVolumeBuilderDocsTest {

    @Nested
    // tag::shared[]
    class SharedBetweenContainers {
        @RegisterExtension
        static BerthEnvironment env = BerthEnvironment.builder()
                .volume("data")
                .container("writer", c -> c.image("busybox:1.35").volumes("data:/data")
                        .command("sh", "-c", "echo hello > /data/greeting.txt; exec sleep 3600")
                        .waitFor(w -> w.command("test", "-f", "/data/greeting.txt")))
                .container("reader", c -> c.image("busybox:1.35").volumes("data:/data:ro")
                        .command("sleep", "3600").dependsOn("writer"))
                .build();

        @Test
        void readerSeesWhatWriterWrote() {
            BerthContainer reader = env.container("reader");
            assertThat(reader.readFile("/data/greeting.txt")).contains("hello\n");
            assertThat(reader.exec("touch", "/data/other").exitCode()).isNotZero(); // mounted :ro
            assertThat(env.volume("data").dockerName()).startsWith("data-");
            assertThat(env.volume("data")).file("/greeting.txt").hasContent("hello\n"); // read without any user container
        }
    }
    // end::shared[]

    @Nested
    // tag::seeded[]
    class Seeded {
        @RegisterExtension
        static BerthEnvironment env = BerthEnvironment.builder()
                .volume("site", v -> v.seedFrom("classpath:docs/site"))               // src/test/resources/docs/site
                .volume("site-copy", v -> v.seedFrom("src/test/resources/docs/site")) // relative to the module directory
                .container("web", c -> c.image("busybox:1.35").volumes("site:/www:ro", "site-copy:/copy")
                        .command("httpd", "-f", "-p", "80", "-h", "/www").ports("80").waitFor(w -> w.port(80)))
                .build();

        @Test
        void theSeedIsServed() {
            assertThat(env.container("web")).servesHttp(80, "/index.html").hasStatus(200).bodyContains("Hello from a seeded volume");
            assertThat(env.volume("site-copy")).file("/index.html").contains("Hello from a seeded volume");
        }
    }
    // end::seeded[]
}
