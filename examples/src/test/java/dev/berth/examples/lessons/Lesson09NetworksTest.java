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
 * Course: "Network" and "브릿지 네트워크" — containers made separately are not connected by name;
 * create a user-defined network and attach them ({@code docker network create redmine-network}).
 * The course's redmine + mysql pair keeps its names here; busybox stands in for both images
 * (a listener on 3306 for some-mysql), because this lesson is about the wiring.
 */
@DisplayName("Lesson 9: on Docker's default bridge containers do not resolve each other by name; on a user-defined"
        + " bridge they do; containers on two different bridges are isolated")
// tag::declaration[]
// docker run -d busybox ...   (twice, no --network: Docker's default bridge)
@WithContainer(name = "default-a", image = "busybox:1.35", command = {"sleep", "3600"})
@WithContainer(name = "default-b", image = "busybox:1.35", command = {"httpd", "-f", "-p", "8080", "-h", "/"},
        waitFor = @WaitFor(port = 8080))
// docker network create redmine-network; docker run --network redmine-network ...
@WithNetwork(name = "redmine-network")
@WithContainer(name = "some-mysql", image = "busybox:1.35", networks = "redmine-network",
        command = {"httpd", "-f", "-p", "3306", "-h", "/"}, waitFor = @WaitFor(port = 3306))
@WithContainer(name = "some-redmine", image = "busybox:1.35", networks = "redmine-network", command = {"sleep", "3600"})
// a second user-defined bridge
@WithNetwork(name = "other-network")
@WithContainer(name = "outsider", image = "busybox:1.35", networks = "other-network", command = {"sleep", "3600"})
// end::declaration[]
class Lesson09NetworksTest {

    // tag::proofs[]
    @Test
    @DisplayName("default bridge: no DNS for container names, only IP addresses work")
    void defaultBridgeHasNoNames(@Berth("default-a") BerthContainer a, @Berth("default-b") BerthContainer b) {
        assertThat(a).cannotResolve("default-b").canReach(b.ipAddress("bridge"), 8080);
        assertThatThrownBy(() -> assertThat(a).canResolve("default-b"))
                .hasMessageContaining("Docker's default bridge, which has no DNS for container names");
    }

    @Test
    @DisplayName("user-defined bridge: some-redmine finds some-mysql by name and reaches its port")
    void userDefinedBridgeResolvesNames(@Berth("some-redmine") BerthContainer redmine,
                                        @Berth("some-mysql") BerthContainer mysql) {
        assertThat(redmine).resolvesTo("some-mysql", mysql).canReach(mysql, 3306).sharesNetworkWith(mysql);
    }

    @Test
    @DisplayName("two bridges are isolated: neither the name nor the address of some-mysql is reachable from the other")
    void bridgesAreIsolated(@Berth("outsider") BerthContainer outsider, @Berth("some-mysql") BerthContainer mysql) {
        assertThat(outsider).cannotResolve("some-mysql").isIsolatedFrom(mysql, 3306);
    }
    // end::proofs[]
}
