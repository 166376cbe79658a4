package dev.berth.examples.lessons;

import static dev.berth.assertions.BerthAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.Berth;
import dev.berth.BerthContainer;
import dev.berth.WaitFor;
import dev.berth.WithContainer;
import dev.berth.WithNetwork;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Course: Dockerfile {@code EXPOSE} ("the port the container listens on; helps networking") and
 * "containers on a bridge cannot be reached from outside unless -p/--publish connects a host port".
 * berth/shell-less is built with {@code EXPOSE 8080}; busybox:1.35 exposes nothing.
 */
@DisplayName("Lesson 3: EXPOSE only documents a port: it does not publish it to the host (-p does),"
        + " and neighbours reach a port whether it is exposed or not")
// tag::declaration[]
@WithNetwork(name = "lesson03")
// docker run berth/shell-less            (EXPOSE 8080 in its Dockerfile, no -p)
@WithContainer(name = "exposed-only", image = "berth/shell-less", networks = "lesson03", waitFor = @WaitFor(port = 8080))
// docker run -p 8080 berth/shell-less
@WithContainer(name = "published", image = "berth/shell-less", networks = "lesson03", ports = "8080",
        waitFor = @WaitFor(port = 8080))
// busybox exposes nothing; its httpd listens on 9999 all the same
@WithContainer(name = "not-exposed", image = "busybox:1.35", networks = "lesson03",
        command = {"httpd", "-f", "-p", "9999", "-h", "/"}, waitFor = @WaitFor(port = 9999))
@WithContainer(name = "neighbour", image = "busybox:1.35", networks = "lesson03", command = {"sleep", "3600"})
// end::declaration[]
class Lesson03ExposeIsNotPublishTest {

    // tag::proofs[]
    @Test
    @DisplayName("EXPOSE without -p: the host cannot reach the port, and the failure says why")
    void exposeAloneDoesNotPublish(@Berth("exposed-only") BerthContainer exposedOnly) {
        assertThatThrownBy(() -> assertThat(exposedOnly).isReachableFromHost(8080))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("not published (EXPOSE alone does not publish a port)");
    }

    @Test
    @DisplayName("-p publishes: the same image is reachable from the host")
    void publishPublishes(@Berth("published") BerthContainer published) {
        assertThat(published).isReachableFromHost(8080).servesHttp(8080, "/").bodyContains("hello from scratch");
    }

    @Test
    @DisplayName("on a shared network, exposed and unexposed ports alike are reachable by neighbours")
    void neighboursDoNotNeedExpose(@Berth("neighbour") BerthContainer neighbour) {
        assertThat(neighbour).canReach("exposed-only", 8080).canReach("not-exposed", 9999);
    }
    // end::proofs[]
}
