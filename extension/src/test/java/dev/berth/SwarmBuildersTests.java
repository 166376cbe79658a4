package dev.berth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.internal.Config;
import dev.berth.internal.Declarations;
import dev.berth.internal.Placeholders;
import dev.berth.internal.Specs.EnvironmentSpec;
import java.lang.reflect.Field;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
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
                Arguments.of(SwarmBadInputIT.NodeLostTestCases.class, SwarmBuilders.NodeLost.env));
    }

    @ParameterizedTest
    @MethodSource("twins")
    void theTwinDeclaresWhatTheAnnotationsDeclare(Class<?> annotatedClass, BerthEnvironment twin) throws ReflectiveOperationException {
        Config config = Config.fromSystemProperties();
        EnvironmentSpec annotated = Declarations.read(annotatedClass, config);
        Field declared = BerthEnvironment.class.getDeclaredField("declared"); // what the builder wrote, read as JUnit would
        declared.setAccessible(true);
        EnvironmentSpec built = Declarations.read("the twin", (Declarations.Declared) declared.get(twin), annotatedClass, Set.of(),
                config, Placeholders.of(config, List.of()));
        assertThat(annotated.swarm()).as("the annotated swarm").isNotNull();
        assertThat(annotated.containers()).as("containers on nodes").allSatisfy(c -> assertThat(c.node()).startsWith("node-"));
        assertThat(built.toString().replace("the twin", "SCOPE"))
                .isEqualTo(annotated.toString().replace(Declarations.describe(annotatedClass), "SCOPE"));
    }
}
