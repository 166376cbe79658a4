package dev.berth.examples.lessons;

import static dev.berth.assertions.BerthAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.Berth;
import dev.berth.BerthContainer;
import dev.berth.WaitFor;
import dev.berth.WithContainer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Course: "[실습] nginx 파일 복사해서 초기화면 바꿔주기" — {@code docker cp index.html
 * my-nginx:/usr/share/nginx/html/index.html}, and {@code docker cp} the other way.
 */
@DisplayName("Lesson 5: docker cp copies files between the host and a running container:"
        + " nginx's home page replaced by \"Hello, Docker!\" without restarting it, and copied back out")
// tag::declaration[]
// docker run --name my-nginx -p 8080:80 -d nginx   (any free host port instead of 8080)
@WithContainer(name = "my-nginx", image = "berth/nginx", ports = "80", waitFor = @WaitFor(http = "/", port = 80))
// end::declaration[]
class Lesson05DockerCpTest {

    // tag::home-page[]
    static final String HOME_PAGE = """
            <!DOCTYPE html>
            <html>
            <head>
            <title>Welcome to My Nginx!</title>
            </head>
            <body>
            <h1>Hello, Docker!</h1>
            <p>This is my custom Nginx homepage served from a Docker container.</p>
            </body>
            </html>
            """;
    // end::home-page[]

    // tag::copy[]
    @Test
    @DisplayName("docker cp host -> container replaces the home page; docker cp container -> host gets it back")
    void replaceTheHomePage(@Berth("my-nginx") BerthContainer nginx, @TempDir Path host) throws IOException {
        assertThat(nginx).servesHttp(80, "/").bodyContains("Welcome to nginx!");

        Path index = Files.writeString(host.resolve("index.html"), HOME_PAGE);
        nginx.copyIn(index, "/usr/share/nginx/html/index.html");     // docker cp index.html my-nginx:/usr/share/nginx/html/index.html

        assertThat(nginx).isRunning().servesHttp(80, "/").hasStatus(200).bodyContains("Hello, Docker!");

        Path back = Files.createDirectory(host.resolve("back"));
        nginx.copyOut("/usr/share/nginx/html/index.html", back);       // docker cp my-nginx:/usr/share/nginx/html/index.html ./back
        assertThat(back.resolve("index.html")).hasContent(HOME_PAGE);
    }

    @Test
    @DisplayName("writing a new page (directories created on the way) publishes it at once")
    void writeANewPage(@Berth("my-nginx") BerthContainer nginx) {
        nginx.writeFile("/usr/share/nginx/html/lesson-05/index.html", "copied in by Berth\n");
        assertThat(nginx).file("/usr/share/nginx/html/lesson-05/index.html").hasContent("copied in by Berth\n");
        assertThat(nginx).servesHttp(80, "/lesson-05/").hasStatus(200).bodyContains("copied in by Berth");
    }
    // end::copy[]
}
