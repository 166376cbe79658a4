package dev.berth.examples.lessons;

import static dev.berth.assertions.BerthAssertions.assertThat;
import static dev.berth.assertions.BerthAssertions.assertThatImage;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.Berth;
import dev.berth.BerthContainer;
import dev.berth.BerthImage;
import dev.berth.BuildImage;
import dev.berth.WaitFor;
import dev.berth.WithContainer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Course: "DockerFile 작성하기", the basic structure and its ten instructions (FROM, LABEL, RUN,
 * COPY, ADD, CMD, EXPOSE, ENV, WORKDIR, ENTRYPOINT); "ADD ... can unpack a local archive while
 * adding it". The Dockerfile is examples/src/test/resources/lessons/images/instructions/Dockerfile.
 */
@DisplayName("Lesson 1a: each Dockerfile instruction leaves a trace in the built image: its files, its configuration, its behaviour")
// tag::declaration[]
// docker build -t lesson/instructions:1 src/test/resources/lessons/images/instructions
@BuildImage(context = "src/test/resources/lessons/images/instructions", name = "lesson/instructions:1")
// docker run -p 8080 lesson/instructions:1
@WithContainer(name = "app", image = "lesson/instructions:1", ports = "8080", waitFor = @WaitFor(port = 8080))
// end::declaration[]
class Lesson01aDockerfileInstructionsTest {

    // tag::proofs[]
    @Test
    @DisplayName("FROM, RUN, COPY, ADD: the base's files are there, RUN ran at build time, COPY keeps a tar, ADD unpacks it")
    void filesystemInstructions(@Berth("lesson/instructions:1") BerthImage image) {
        assertThatImage(image.name()).file("/bin/busybox").isRegularFile();                     // FROM busybox:1.35
        assertThatImage(image.name()).file("/app/built.txt").hasContent("written by RUN at build time\n"); // RUN
        assertThatImage(image.name()).file("/app/copied/site.tar").isRegularFile();             // COPY: the archive as is
        assertThatImage(image.name()).file("/app/added/site.tar").doesNotExist();               // ADD: no archive ...
        assertThatImage(image.name()).file("/app/added/index.html").contains("extracted by ADD"); // ... its contents
        assertThat(image).historyContains("COPY site.tar /app/copied/").historyContains("ADD site.tar /app/added/");
    }

    @Test
    @DisplayName("LABEL, ENV, EXPOSE, WORKDIR, ENTRYPOINT, CMD are recorded in the image's configuration")
    void configurationInstructions(@Berth("lesson/instructions:1") BerthImage image) {
        assertThat(image).hasLabel("maintainer", "name@example.com")
                .hasEnv("GREETING", "hello from ENV")
                .exposesPort(8080)
                .hasWorkdir("/app")
                .hasEntrypoint("/app/app.sh")
                .hasCmd("8080");
    }

    @Test
    @DisplayName("and the container behaves by them: ENTRYPOINT runs with CMD's port, in the WORKDIR, with the ENV, serving what ADD unpacked")
    void containerBehaviour(@Berth("app") BerthContainer app) {
        assertThat(app.exec("cat", "/proc/1/cmdline").stdout())          // the entrypoint exec'd httpd on CMD's 8080
                .isEqualTo("httpd\u0000-f\u0000-p\u00008080\u0000-h\u0000/app/added\u0000");
        assertThat(app.exec("pwd").stdout()).isEqualTo("/app\n");          // WORKDIR
        assertThat(app).servesHttp(8080, "/index.html").hasStatus(200).bodyContains("extracted by ADD");
        assertThat(app).servesHttp(8080, "/greeting.txt").hasStatus(200).bodyContains("hello from ENV");
    }
    // end::proofs[]
}
