package dev.berth.examples.lessons;

import static dev.berth.assertions.BerthAssertions.assertThat;

import dev.berth.Berth;
import dev.berth.BerthContainer;
import dev.berth.WaitFor;
import dev.berth.WithContainer;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Course: "로컬 환경에서 Docker 실행" — {@code docker run -d -p 8080:80 ...}, then read its logs.
 * The course's Spring image is replaced by nginx (berth/nginx, built from Debian's package).
 */
@DisplayName("Lesson 1: docker run -d keeps a container running in the background, -p publishes its port to the host,"
        + " and docker logs shows what it writes")
// tag::declaration[]
// docker run -d -p 80 berth/nginx   (Berth picks a free host port and binds it to 127.0.0.1)
@WithContainer(name = "web", image = "berth/nginx", ports = "80", waitFor = @WaitFor(port = 80))
// end::declaration[]
class Lesson01RunningContainersTest {

    // tag::run[]
    @Test
    @DisplayName("-d: the container keeps running after it started, without holding the test's thread")
    void detached(@Berth("web") BerthContainer web) {
        assertThat(web).isRunning();
    }

    @Test
    @DisplayName("-p: the host reaches the container's port 80 through the published host port")
    void published(@Berth("web") BerthContainer web) {
        assertThat(web).isReachableFromHost(80)
                .servesHttp(80, "/").hasStatus(200).bodyContains("Welcome to nginx!");
    }

    @Test
    @DisplayName("docker logs: nginx's access log goes to the container's output")
    void logs(@Berth("web") BerthContainer web) {
        assertThat(web).servesHttp(80, "/lesson-01-was-here").hasStatus(404);
        assertThat(web).within(Duration.ofSeconds(5)).logContains("GET /lesson-01-was-here HTTP/1.1");
    }
    // end::run[]
}
