package dev.berth.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.BerthEnvironment;
import dev.berth.internal.Config;
import dev.berth.internal.Declarations;
import dev.berth.internal.Placeholders;
import dev.berth.internal.Specs.EnvironmentSpec;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Field;
import java.util.List;
import java.util.Set;

/**
 * Reads a builder twin (a {@link BerthEnvironment} that declares in code what annotations declare
 * elsewhere) into an environment spec without an engine, and compares it with the annotations' spec:
 * the one check of the builder-twin tests of the extension and the examples.
 */
public final class Twins {

    private static final String TWIN = "the twin";

    private Twins() {
    }

    /**
     * Asserts that {@code twin} reads into the same spec as the annotations on {@code scope} (a class or
     * a test method), everything in the same order, apart from the scope's name; returns the twin's spec.
     */
    public static EnvironmentSpec assertSameSpec(AnnotatedElement scope, BerthEnvironment twin, Config config) {
        EnvironmentSpec annotated = Declarations.read(scope, config);
        EnvironmentSpec built = read(TWIN, twin, scope, config);
        assertThat(annotated.isEmpty()).as("declarations on %s", scope).isFalse();
        assertThat(built.toString().replace(TWIN, "SCOPE")).as("the twin of %s", scope)
                .isEqualTo(annotated.toString().replace(Declarations.describe(scope), "SCOPE"));
        return built;
    }

    /** What {@code twin}'s builder declared, read as JUnit would for a field in {@code scope}, named {@code where} in messages. */
    public static EnvironmentSpec read(String where, BerthEnvironment twin, AnnotatedElement scope, Config config) {
        try {
            Field declared = BerthEnvironment.class.getDeclaredField("declared");
            declared.setAccessible(true);
            return Declarations.read(where, (Declarations.Declared) declared.get(twin), scope, Set.of(), config,
                    Placeholders.of(config, List.of()));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("BerthEnvironment has no readable field 'declared' any more: update Twins", e);
        }
    }
}
