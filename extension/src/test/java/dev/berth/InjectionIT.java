package dev.berth;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.command.InspectContainerResponse;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Handles reach tests through static fields (class scope), instance fields and parameters, by
 * type alone when that is unambiguous and by {@code @Berth} name; every handle is checked against
 * the Docker object it claims to stand for.
 */
@WithNetwork(name = "only-net")
@WithVolume(name = "only-vol")
@WithContainer(name = "only-box", image = "busybox:1.35", networks = "only-net", volumes = "only-vol:/data",
        command = {"sleep", "3600"})
class InjectionIT {

    @Berth("only-box")
    static BerthContainer staticBox;

    @Berth
    static BerthNetwork staticNet;

    @Berth("only-box")
    BerthContainer instanceBox;

    @Berth
    BerthVolume instanceVol;

    static String boxIdAtBeforeAll;

    @BeforeAll
    static void staticFieldsAreSetBeforeAll() {
        assertThat(staticBox).as("static @Berth field in @BeforeAll").isNotNull();
        boxIdAtBeforeAll = staticBox.id();
    }

    /** The container really is this handle's: found by its Docker name, attached to the network, mounting the volume. */
    static void isTheDeclaredEnvironment(BerthContainer box, BerthNetwork net, BerthVolume vol) {
        InspectContainerResponse c = EngineState.container(box.dockerName());
        assertThat(c.getId()).isEqualTo(box.id());
        assertThat(c.getConfig().getLabels()).containsEntry("dev.berth.name", "only-box");
        assertThat(c.getNetworkSettings().getNetworks()).containsKey(net.dockerName());
        assertThat(EngineState.network(net.dockerName()).getId()).isEqualTo(net.id());
        assertThat(EngineState.network(net.id()).getLabels()).containsEntry("dev.berth.name", "only-net");
        assertThat(c.getMounts()).anySatisfy(m -> assertThat(m.getName()).isEqualTo(vol.dockerName()));
        assertThat(EngineState.volume(vol.dockerName()).getLabels()).containsEntry("dev.berth.name", "only-vol");
    }

    @Test
    @DisplayName("parameters are resolved by type alone when only one resource of that type is in scope")
    void parametersByTypeAlone(BerthContainer box, BerthNetwork net, BerthVolume vol) {
        assertThat(box.name()).isEqualTo("only-box");
        assertThat(net.name()).isEqualTo("only-net");
        assertThat(vol.name()).isEqualTo("only-vol");
        isTheDeclaredEnvironment(box, net, vol);
    }

    @Test
    @DisplayName("static fields carry the class-scope handles, instance fields too, and they match the parameters")
    void fields(@Berth("only-box") BerthContainer box, @Berth("only-net") BerthNetwork net, @Berth("only-vol") BerthVolume vol) {
        assertThat(staticBox.id()).isEqualTo(box.id()).isEqualTo(instanceBox.id()).isEqualTo(boxIdAtBeforeAll);
        assertThat(staticNet.id()).isEqualTo(net.id());
        assertThat(instanceVol.dockerName()).isEqualTo(vol.dockerName());
        isTheDeclaredEnvironment(staticBox, staticNet, instanceVol);
    }

    @Nested
    class MethodScope {

        @Berth("method-box")
        BerthContainer methodBox;

        @Test
        @DisplayName("an instance field and a named parameter get a method-level container; names tell it from the class one")
        @WithContainer(name = "method-box", image = "busybox:1.35", networks = "only-net", command = {"sleep", "3600"})
        void methodLevelByName(@Berth("method-box") BerthContainer param, @Berth("only-box") BerthContainer classBox) {
            assertThat(methodBox).isNotNull();
            assertThat(methodBox.id()).isEqualTo(param.id()).isNotEqualTo(classBox.id());
            assertThat(EngineState.container(param.dockerName()).getId()).isEqualTo(param.id());
            assertThat(EngineState.labels(param.id())).containsEntry("dev.berth.name", "method-box");
            assertThat(classBox.id()).isEqualTo(staticBox.id()).isEqualTo(instanceBox.id());
            // both are on the class's network and see each other by name
            ExecResult lookup = methodBox.exec("nslookup", "only-box");
            assertThat(lookup.stdout()).as(lookup.toString()).contains(classBox.ipAddress("only-net"));
        }
    }
}
