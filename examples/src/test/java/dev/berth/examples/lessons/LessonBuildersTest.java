package dev.berth.examples.lessons;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.BerthEnvironment;
import dev.berth.internal.Config;
import dev.berth.internal.Declarations;
import dev.berth.internal.Placeholders;
import dev.berth.internal.Specs.EnvironmentSpec;
import dev.berth.internal.swarm.Placement;
import java.lang.reflect.Field;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each lesson's builder twin ({@link LessonBuilders}) reads, without an engine, into the same
 * environment as the annotations on its lesson class: the same networks, volumes, containers
 * (every attribute, waits and nodes included), images, registry and swarm, in the same order.
 */
class LessonBuildersTest {

    static Stream<Arguments> lessons() {
        return Stream.of(
                Arguments.of(Lesson01RunningContainersTest.class, LessonBuilders.Lesson01.env),
                Arguments.of(Lesson01aDockerfileInstructionsTest.class, LessonBuilders.Lesson01a.env),
                Arguments.of(Lesson02CmdVersusEntrypointTest.class, LessonBuilders.Lesson02.env),
                Arguments.of(Lesson03ExposeIsNotPublishTest.class, LessonBuilders.Lesson03.env),
                Arguments.of(Lesson03aMultiStageBuildsTest.class, LessonBuilders.Lesson03a.env),
                Arguments.of(Lesson03bImageSizeTest.class, LessonBuilders.Lesson03b.env),
                Arguments.of(Lesson04EnvironmentConfigurationTest.class, LessonBuilders.Lesson04.env),
                Arguments.of(Lesson05DockerCpTest.class, LessonBuilders.Lesson05.env),
                Arguments.of(Lesson08SharingImagesTest.class, LessonBuilders.Lesson08.env),
                Arguments.of(Lesson09NetworksTest.class, LessonBuilders.Lesson09.env),
                Arguments.of(Lesson09aRedmineWiringTest.class, LessonBuilders.Lesson09a.env),
                Arguments.of(Lesson10NetworkDriversTest.AcrossTwoNodes.class, LessonBuilders.Lesson10.env),
                Arguments.of(Lesson10aSecretsOutOfImagesTest.class, LessonBuilders.Lesson10a.env),
                Arguments.of(Lesson10bVersioningTagsTest.class, LessonBuilders.Lesson10b.env),
                Arguments.of(Lesson11SplittingContainersTest.class, LessonBuilders.Lesson11.env),
                Arguments.of(Lesson06ComposeTest.Up.class, LessonBuilders.Lesson06.env),
                Arguments.of(Lesson10NetworkDriversTest.HostAndMacvlan.class, LessonBuilders.Lesson10Stack.env),
                Arguments.of(Lesson07VolumesTest.BindVersusVolume.class, LessonBuilders.Lesson07.env),
                Arguments.of(Lesson10NetworkDriversTest.OverlayWithoutSwarm.class, LessonBuilders.Lesson10Overlay.env));
    }

    @ParameterizedTest
    @MethodSource("lessons")
    void theTwinDeclaresWhatTheAnnotationsDeclare(Class<?> lesson, BerthEnvironment twin) throws ReflectiveOperationException {
        Config config = Config.fromSystemProperties();
        EnvironmentSpec annotated = Declarations.read(lesson, config);
        Field declared = BerthEnvironment.class.getDeclaredField("declared"); // what the builder wrote, read as JUnit would
        declared.setAccessible(true);
        EnvironmentSpec built = Declarations.read("the twin", (Declarations.Declared) declared.get(twin), lesson, Set.of(), config,
                Placeholders.of(config, List.of()));
        assertThat(annotated.isEmpty()).as("declarations").isFalse();
        assertThat(comparable(built, "the twin")).isEqualTo(comparable(annotated, Declarations.describe(lesson)));
    }

    @Test
    @DisplayName("lesson 10's overlay without a swarm, built in code: refused before anything is created, the fix names swarm(N)")
    void theOverlayTwinIsRefusedLikeTheAnnotation() throws ReflectiveOperationException {
        Config config = Config.fromSystemProperties();
        Class<?> lesson = Lesson10NetworkDriversTest.OverlayWithoutSwarm.class;
        Field declared = BerthEnvironment.class.getDeclaredField("declared");
        declared.setAccessible(true);
        EnvironmentSpec built = Declarations.read("BerthEnvironment in field Lesson10Overlay.env",
                (Declarations.Declared) declared.get(LessonBuilders.Lesson10Overlay.env), lesson, Set.of(), config,
                Placeholders.of(config, List.of()));
        EnvironmentSpec annotated = Declarations.read(lesson, config);
        assertThatThrownBy(() -> Placement.of(annotated, null)).isInstanceOf(ExtensionConfigurationException.class)
                .hasMessageContaining("no swarm is declared").hasMessageContaining("Fix: declare @WithSwarm(nodes = N)");
        assertThatThrownBy(() -> Placement.of(built, null)).isInstanceOf(ExtensionConfigurationException.class)
                .hasMessageStartingWith("@WithNetwork(name = \"multi-host\") on BerthEnvironment in field Lesson10Overlay.env")
                .hasMessageContaining("no swarm is declared").hasMessageContaining("Fix: add swarm(N) to the builder");
    }

    /** The spec's text with its scope's name (the one thing that differs) taken out. */
    private static String comparable(EnvironmentSpec spec, String where) {
        return spec.toString().replace(where, "SCOPE");
    }
}
