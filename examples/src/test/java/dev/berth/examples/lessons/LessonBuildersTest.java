package dev.berth.examples.lessons;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.BerthEnvironment;
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
                Arguments.of(Lesson07VolumesTest.BindVersusVolume.class, LessonBuilders.Lesson07.env));
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

    /** The spec's text with its scope's name (the one thing that differs) taken out. */
    private static String comparable(EnvironmentSpec spec, String where) {
        return spec.toString().replace(where, "SCOPE");
    }
}
