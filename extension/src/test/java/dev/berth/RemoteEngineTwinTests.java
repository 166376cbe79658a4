package dev.berth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.internal.Config;
import dev.berth.internal.Declarations;
import dev.berth.internal.Placeholders;
import dev.berth.internal.Specs.EnvironmentSpec;
import java.lang.reflect.Field;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The remote-engine suite's environment ({@link RemoteEngineScenarios.Core}, shown in docs/engines.md)
 * and its builder twin ({@link RemoteEngineScenarios.CoreTwin}) read, without an engine, into the
 * same environment: networks, volume, image build, containers with every attribute, in the same order.
 * The annotated one runs on a remote engine in {@link RemoteEngineIT}.
 */
class RemoteEngineTwinTests {

    @Test
    @DisplayName("the builder twin of the remote-engine suite declares what its annotations declare")
    void theTwinDeclaresWhatTheAnnotationsDeclare() throws ReflectiveOperationException {
        Config config = Config.fromSystemProperties();
        EnvironmentSpec annotated = Declarations.read(RemoteEngineScenarios.Core.class, config);
        Field declared = BerthEnvironment.class.getDeclaredField("declared"); // what the builder wrote, read as JUnit would
        declared.setAccessible(true);
        EnvironmentSpec built = Declarations.read("the twin", (Declarations.Declared) declared.get(RemoteEngineScenarios.CoreTwin.env),
                RemoteEngineScenarios.Core.class, Set.of(), config, Placeholders.of(config, List.of()));
        assertThat(annotated.containers()).hasSize(3);
        assertThat(annotated.builds()).hasSize(1);
        assertThat(built.toString().replace("the twin", "SCOPE"))
                .isEqualTo(annotated.toString().replace(Declarations.describe(RemoteEngineScenarios.Core.class), "SCOPE"));
    }
}
