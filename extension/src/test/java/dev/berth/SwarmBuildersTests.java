package dev.berth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.internal.Config;
import dev.berth.internal.Specs.EnvironmentSpec;
import dev.berth.testkit.Twins;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The twins of {@link SwarmBuilders} read, without an engine, into the same environment as the
 * annotations of the swarm examples they stand beside: the same swarm, networks (encrypted and
 * options included), volumes and containers (their nodes included), in the same order.
 */
class SwarmBuildersTests {

    static Stream<Arguments> twins() {
        return Stream.of(
                Arguments.of(SwarmIT.class, SwarmBuilders.AcrossNodes.env),
                Arguments.of(SwarmBadInputIT.NodeLostTestCases.class, SwarmBuilders.NodeLost.env),
                Arguments.of(SwarmNamesIT.class, SwarmBuilders.Names.swarm));
    }

    @ParameterizedTest
    @MethodSource("twins")
    void theTwinDeclaresWhatTheAnnotationsDeclare(Class<?> annotatedClass, BerthEnvironment twin) {
        EnvironmentSpec built = Twins.assertSameSpec(annotatedClass, twin, Config.fromSystemProperties());
        assertThat(built.swarm()).as("the swarm").isNotNull();
        assertThat(built.containers()).as("containers on nodes").allSatisfy(c -> assertThat(c.node()).startsWith("node-"));
    }

    @Test
    void theTestTwinDeclaresWhatTheTestsAnnotationsDeclare() throws NoSuchMethodException {
        var method = SwarmNamesIT.class.getDeclaredMethod("resolveEachOther", BerthContainer.class, BerthContainer.class,
                BerthNetwork.class, org.junit.jupiter.api.RepetitionInfo.class);
        EnvironmentSpec built = Twins.assertSameSpec(method, new SwarmBuilders.Names().pair, Config.fromSystemProperties());
        assertThat(built.containers()).extracting(c -> c.node()).containsExactly("node-1", "node-2");
    }
}
