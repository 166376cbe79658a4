package dev.berth.examples.lessons;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.BerthEnvironment;
import dev.berth.internal.Config;
import dev.berth.internal.Declarations;
import dev.berth.internal.Specs.EnvironmentSpec;
import dev.berth.internal.swarm.Placement;
import dev.berth.testkit.Twins;
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
    void theTwinDeclaresWhatTheAnnotationsDeclare(Class<?> lesson, BerthEnvironment twin) {
        Twins.assertSameSpec(lesson, twin, Config.fromSystemProperties());
    }

    @Test
    @DisplayName("lesson 10's overlay without a swarm, built in code: refused before anything is created, the fix names swarm(N)")
    void theOverlayTwinIsRefusedLikeTheAnnotation() {
        Config config = Config.fromSystemProperties();
        Class<?> lesson = Lesson10NetworkDriversTest.OverlayWithoutSwarm.class;
        EnvironmentSpec built = Twins.read("BerthEnvironment in field Lesson10Overlay.env", LessonBuilders.Lesson10Overlay.env, lesson, config);
        EnvironmentSpec annotated = Declarations.read(lesson, config);
        assertThatThrownBy(() -> Placement.of(annotated, null)).isInstanceOf(ExtensionConfigurationException.class)
                .hasMessageContaining("no swarm is declared").hasMessageContaining("Fix: declare @WithSwarm(nodes = N)");
        assertThatThrownBy(() -> Placement.of(built, null)).isInstanceOf(ExtensionConfigurationException.class)
                .hasMessageStartingWith("@WithNetwork(name = \"multi-host\") on BerthEnvironment in field Lesson10Overlay.env")
                .hasMessageContaining("no swarm is declared").hasMessageContaining("Fix: add swarm(N) to the builder");
    }
}
