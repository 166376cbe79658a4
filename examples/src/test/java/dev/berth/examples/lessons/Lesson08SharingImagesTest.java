package dev.berth.examples.lessons;

import static dev.berth.assertions.BerthAssertions.assertThatImage;
import static dev.berth.examples.lessons.LessonSupport.docker;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.BerthImage;
import dev.berth.BerthRegistry;
import dev.berth.BuildImage;
import dev.berth.WithRegistry;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Course, "docker 이미지 같이 사용하기": docker pull, docker tag, docker login, docker push to Docker
 * Hub. No registry is reachable from this machine, so a local registry (berth/registry, Debian's
 * docker-registry) that requires a user name and password stands in for Docker Hub: the
 * credentials of {@code @WithRegistry} are the {@code docker login} step.
 */
@DisplayName("Lesson 8: tag, log in, push to a registry, remove the local copy, pull it back: the same image comes back")
// tag::declaration[]
// docker build -t lesson/share:1 src/test/resources/lessons/images/share
@BuildImage(context = "src/test/resources/lessons/images/share", name = "lesson/share:1")
// a registry that wants a login, in place of Docker Hub
@WithRegistry(username = "john", password = "lesson-08-password")
// end::declaration[]
class Lesson08SharingImagesTest {

    // tag::proofs[]
    @Test
    @DisplayName("docker login matters: the registry refuses requests without the credentials and accepts them with")
    void loginIsRequired(BerthRegistry registry) throws IOException {
        assertThat(status(registry, null)).isEqualTo(401);
        assertThat(status(registry, "john:lesson-08-password")).isEqualTo(200);
    }

    @Test
    @DisplayName("docker tag + push, docker rmi, docker pull: the pulled image has the pushed image's id and files")
    void tagPushRemovePull(BerthRegistry registry, BerthImage image) {
        // docker tag lesson/share:1 <registry>/john/share:v1 && docker push <registry>/john/share:v1
        String reference = registry.push(image.name(), "john/share:v1");
        assertThat(reference).isEqualTo(registry.address() + "/john/share:v1");
        assertThat(registry.tags("john/share")).containsExactly("v1");
        assertThat(imageId(reference)).isEqualTo(image.id());          // a tag is a second name, not a copy

        registry.removeLocal(reference);                                // docker rmi <registry>/john/share:v1
        assertThat(docker("image", "ls", "-q", reference)).isBlank();

        registry.pull("john/share:v1");                                 // docker pull <registry>/john/share:v1
        assertThat(imageId(reference)).isEqualTo(image.id());
        assertThatImage(reference).hasCmd("httpd", "-f", "-p", "80", "-h", "/www")
                .file("/www/index.html").hasContent("shared through a registry\n");
        registry.removeLocal(reference);
    }
    // end::proofs[]

    private static String imageId(String reference) {
        return docker("image", "inspect", "--format", "{{.Id}}", reference).strip();
    }

    /** The status of GET /v2/ (the registry API's "are you there, may I?"), with or without basic auth. */
    private static int status(BerthRegistry registry, String userAndPassword) throws IOException {
        HttpURLConnection http = (HttpURLConnection) URI.create("http://" + registry.address() + "/v2/").toURL().openConnection();
        if (userAndPassword != null) {
            http.setRequestProperty("Authorization", "Basic "
                    + Base64.getEncoder().encodeToString(userAndPassword.getBytes(StandardCharsets.UTF_8)));
        }
        try {
            return http.getResponseCode();
        } finally {
            http.disconnect();
        }
    }
}
