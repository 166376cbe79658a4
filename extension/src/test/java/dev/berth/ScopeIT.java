package dev.berth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import com.github.dockerjava.api.model.Network;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

/**
 * Lifetimes: class-level resources shared by the tests of the class, method-level ones fresh per
 * test and gone after it, @Nested classes inside their enclosing environment, and class-level
 * resources gone after the class.
 */
@WithNetwork(name = "scope-net")
@WithContainer(name = "class-box", image = "busybox:1.35", networks = "scope-net",
        command = {"httpd", "-f", "-p", "8080", "-h", "/etc"}, waitFor = @WaitFor(port = 8080))
class ScopeIT {

    /** class-box id as each test saw it, by test name. */
    static final Map<String, String> CLASS_BOX_SEEN = new ConcurrentHashMap<>();
    /** Method-level objects (container id, network id, volume name) of each method-level test. */
    static final List<String[]> METHOD_OBJECTS = new CopyOnWriteArrayList<>();

    @Test
    @DisplayName("class-level container, first test")
    void classLevelFirst(@Berth("class-box") BerthContainer box, TestInfo info) {
        assertThat(EngineState.container(box.id()).getState().getRunning()).isTrue();
        CLASS_BOX_SEEN.put(info.getDisplayName(), box.id());
    }

    @Test
    @DisplayName("class-level container, second test")
    void classLevelSecond(@Berth("class-box") BerthContainer box, TestInfo info) {
        assertThat(EngineState.container(box.id()).getState().getRunning()).isTrue();
        CLASS_BOX_SEEN.put(info.getDisplayName(), box.id());
    }

    @Test
    @DisplayName("method-level resources, first test: they exist, next to the class-level ones")
    @WithNetwork(name = "method-net")
    @WithVolume(name = "method-vol")
    @WithContainer(name = "method-box", image = "busybox:1.35", networks = {"scope-net", "method-net"},
            volumes = "method-vol:/v", command = {"sleep", "3600"})
    void methodLevelFirst(@Berth("method-box") BerthContainer box, @Berth("method-net") BerthNetwork net,
                          @Berth("method-vol") BerthVolume vol, @Berth("class-box") BerthContainer classBox) {
        checkMethodLevel(box, net, vol, classBox);
    }

    @Test
    @DisplayName("method-level resources, second test: the same declarations, other objects")
    @WithNetwork(name = "method-net")
    @WithVolume(name = "method-vol")
    @WithContainer(name = "method-box", image = "busybox:1.35", networks = {"scope-net", "method-net"},
            volumes = "method-vol:/v", command = {"sleep", "3600"})
    void methodLevelSecond(@Berth("method-box") BerthContainer box, @Berth("method-net") BerthNetwork net,
                           @Berth("method-vol") BerthVolume vol, @Berth("class-box") BerthContainer classBox) {
        checkMethodLevel(box, net, vol, classBox);
    }

    private static void checkMethodLevel(BerthContainer box, BerthNetwork net, BerthVolume vol, BerthContainer classBox) {
        assertThat(EngineState.containerExists(box.id())).isTrue();
        assertThat(EngineState.networkExists(net.id())).isTrue();
        assertThat(EngineState.volumeExists(vol.dockerName())).isTrue();
        // the method's container joins the class's network and finds the class's container there
        ExecResult lookup = box.exec("nslookup", "class-box");
        assertThat(lookup.stdout()).as(lookup.toString()).contains(classBox.ipAddress("scope-net"));
        for (String[] earlier : METHOD_OBJECTS) {
            assertThat(earlier[0]).isNotEqualTo(box.id());
            assertThat(earlier[1]).isNotEqualTo(net.id());
            assertThat(earlier[2]).isNotEqualTo(vol.dockerName());
        }
        METHOD_OBJECTS.add(new String[] {box.id(), net.id(), vol.dockerName()});
    }

    @AfterAll
    static void sharedByClassFreshByMethodAndRemovedAfterIt() {
        // runs after every test method's own environment was closed, before the class's is
        assertThat(new ArrayList<>(CLASS_BOX_SEEN.values()).stream().distinct()).as("class-box ids seen " + CLASS_BOX_SEEN)
                .hasSizeLessThanOrEqualTo(1);
        CLASS_BOX_SEEN.values().forEach(id -> assertThat(EngineState.containerExists(id)).as("class-box still there").isTrue());
        for (String[] o : METHOD_OBJECTS) {
            assertThat(EngineState.containerExists(o[0])).as("method-level container " + o[0] + " removed").isFalse();
            assertThat(EngineState.networkExists(o[1])).as("method-level network " + o[1] + " removed").isFalse();
            assertThat(EngineState.volumeExists(o[2])).as("method-level volume " + o[2] + " removed").isFalse();
        }
    }

    @Nested
    @WithContainer(name = "inner-box", image = "busybox:1.35", networks = "scope-net", command = {"sleep", "3600"})
    class Inner {

        @Test
        @DisplayName("a @Nested class sees the enclosing environment and adds its own container to the outer network")
        void seesOuterAndAddsOwn(@Berth("class-box") BerthContainer outer, @Berth("inner-box") BerthContainer inner,
                                 @Berth("scope-net") BerthNetwork net) {
            Network n = EngineState.network(net.id());
            assertThat(n.getContainers()).containsKeys(outer.id(), inner.id());
            ExecResult lookup = inner.exec("nslookup", "class-box");
            assertThat(lookup.exitCode()).as(lookup.toString()).isZero();
            assertThat(lookup.stdout()).contains(outer.ipAddress("scope-net"));
            ExecResult get = inner.exec("wget", "-q", "-O", "-", "http://class-box:8080/hostname");
            assertThat(get.stdout().strip()).as(get.toString()).isEqualTo(outer.exec("hostname").stdout().strip());
        }
    }

    // ------------------------------------------------------------------ after the class

    /** Run through the test kit below, never directly (surefire skips inner classes). */
    @WithNetwork(name = "gone-net")
    @WithVolume(name = "gone-vol")
    @WithContainer(name = "gone-box", image = "busybox:1.35", networks = "gone-net", volumes = "gone-vol:/v", command = {"sleep", "3600"})
    static class ClassScopeFixture {
        static final List<String> OBSERVED = new CopyOnWriteArrayList<>();

        @Test
        void existsDuringTheClass(BerthContainer box, BerthNetwork net, BerthVolume vol) {
            assertThat(EngineState.containerExists(box.id())).isTrue();
            assertThat(EngineState.networkExists(net.id())).isTrue();
            assertThat(EngineState.volumeExists(vol.dockerName())).isTrue();
            OBSERVED.addAll(List.of(box.id(), net.id(), vol.dockerName()));
        }
    }

    @Test
    @DisplayName("class-level container, network and volume are removed when the class is done")
    void classLevelRemovedAfterClass() {
        ClassScopeFixture.OBSERVED.clear();
        Events tests = EngineTestKit.engine("junit-jupiter").selectors(selectClass(ClassScopeFixture.class))
                .execute().testEvents();
        tests.assertStatistics(s -> s.started(1).succeeded(1));
        assertThat(ClassScopeFixture.OBSERVED).hasSize(3);
        assertThat(EngineState.containerExists(ClassScopeFixture.OBSERVED.get(0))).isFalse();
        assertThat(EngineState.networkExists(ClassScopeFixture.OBSERVED.get(1))).isFalse();
        assertThat(EngineState.volumeExists(ClassScopeFixture.OBSERVED.get(2))).isFalse();
    }
}
