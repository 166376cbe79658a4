package dev.berth.examples.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.BerthEnvironment;
import dev.berth.ReuseEnvironment;
import dev.berth.internal.Config;
import dev.berth.internal.Specs.EnvironmentSpec;
import dev.berth.testkit.Twins;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The twins of {@link DocsBuilders} read, without an engine, into the same environment as the
 * annotations of the documentation examples they stand beside (whose own tests run them).
 */
class DocsBuildersTest {

    static Stream<Arguments> twins() throws ClassNotFoundException {
        return Stream.of(
                Arguments.of(AssertionsDocsTest.class, DocsBuilders.Assertions.env),
                Arguments.of(DiagramsDocsTest.CartTalksToLedger.class, DocsBuilders.Diagrams.env),
                Arguments.of(Class.forName("dev.berth.examples.redmine.RedmineWithoutSharedNetworkTest"), DocsBuilders.RedmineIsolated.env),
                Arguments.of(Class.forName("dev.berth.examples.redmine.RedmineComposeStyleTest$FirstStack"),
                        DocsBuilders.RedmineFirstStack.env),
                Arguments.of(Class.forName("dev.berth.examples.redmine.RedmineComposeStyleTest$SecondStack"),
                        DocsBuilders.RedmineSecondStack.env),
                Arguments.of(ImagesDocsTest.SecretHygiene.class, DocsBuilders.SecretHygiene.env),
                Arguments.of(ImagesDocsTest.Kept.class, DocsBuilders.CacheKept.kept),
                Arguments.of(ImagesDocsTest.Removed.class, DocsBuilders.CacheRemoved.removed),
                Arguments.of(AssertionsDocsTest.ProbeImageMissing.class, DocsBuilders.ProbeImageMissing.env),
                Arguments.of(Class.forName(REDMINE_DOCKER_RUN), DocsBuilders.RedmineDockerRun.classEnv),
                Arguments.of(Class.forName(REDMINE_DOCKER_RUN + "$FirstDatabaseContainer"), DocsBuilders.RedmineDockerRun.databaseEnv),
                Arguments.of(method(REDMINE_DOCKER_RUN + "$FirstDatabaseContainer", "wiredAndWritable"),
                        DocsBuilders.RedmineDockerRun.redmineEnv),
                Arguments.of(method(REDMINE_DOCKER_RUN + "$FirstDatabaseContainer", "projectSurvivesANewRedmineContainer"),
                        DocsBuilders.RedmineDockerRun.redmineEnv),
                Arguments.of(Class.forName(REDMINE_DOCKER_RUN + "$SecondDatabaseContainer"), DocsBuilders.RedmineDockerRun.bothEnv),
                Arguments.of(AssertJDocsTest.WiringReport.class, DocsBuilders.SoftWiring.env),
                Arguments.of(Class.forName(REDMINE_REUSED), DocsBuilders.RedmineReused.env));
    }

    private static final String REDMINE_DOCKER_RUN = "dev.berth.examples.redmine.RedmineDockerRunStyleTest";
    private static final String REDMINE_REUSED = "dev.berth.examples.redmine.RedmineReusedTestCases";

    @org.junit.jupiter.api.Test
    void theReusedTwinIsKeptLikeTheAnnotatedClass() throws ReflectiveOperationException {
        ReuseEnvironment annotation = Class.forName(REDMINE_REUSED).getAnnotation(ReuseEnvironment.class);
        Field reuse = BerthEnvironment.class.getDeclaredField("reuse"); // what the builder's reuse(...) wrote
        reuse.setAccessible(true);
        ReuseEnvironment built = (ReuseEnvironment) reuse.get(DocsBuilders.RedmineReused.env);
        assertThat(annotation).as("@ReuseEnvironment on " + REDMINE_REUSED).isNotNull();
        assertThat(built).as("the twin's reuse(...)").isNotNull();
        assertThat(built.resetVolumes()).isEqualTo(annotation.resetVolumes());
    }

    /** The test method {@code name} of {@code className}: the scope of a method-level declaration. */
    private static Method method(String className, String name) throws ClassNotFoundException {
        return Arrays.stream(Class.forName(className).getDeclaredMethods()).filter(m -> m.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError(className + " has no method " + name));
    }

    @org.junit.jupiter.api.Test
    void thePlaceholderTwinDeclaresWhatTheAnnotationsDeclare() {
        Config config = Config.of(java.util.Map.of("greeting", "hello"));   // ${greeting} has no default
        EnvironmentSpec built = Twins.assertSameSpec(ProgrammaticDocsTest.Placeholders.class, DocsBuilders.Placeholders.env, config);
        assertThat(built.containers().get(0).env()).contains("GREETING=hello", "LITERAL=${greeting}");
    }

    @ParameterizedTest
    @MethodSource("twins")
    void theTwinDeclaresWhatTheAnnotationsDeclare(AnnotatedElement annotatedClass, BerthEnvironment twin) {
        Twins.assertSameSpec(annotatedClass, twin, Config.fromSystemProperties());
    }
}
