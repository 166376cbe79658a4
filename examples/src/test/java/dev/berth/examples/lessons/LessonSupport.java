package dev.berth.examples.lessons;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/** Small helpers the lessons share: read-only docker CLI queries and running a fixture class. */
final class LessonSupport {

    private LessonSupport() {
    }

    /**
     * Runs {@code docker ARGS...} (only for looking, never for creating anything) and returns its
     * output; fails unless it exits 0.
     */
    static String docker(String... args) {
        List<String> command = new ArrayList<>(List.of("docker"));
        command.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("timed out: " + command);
            }
            if (p.exitValue() != 0) {
                throw new AssertionError(String.join(" ", command) + " exited " + p.exitValue() + ": " + out);
            }
            return out;
        } catch (IOException e) {
            throw new IllegalStateException("could not run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command, e);
        }
    }

    /**
     * Runs a static nested fixture class (which neither Surefire nor the tour selects by itself)
     * through the JUnit Platform launcher and returns every failure it produced, classes and tests.
     */
    static List<Throwable> failuresOf(Class<?> fixture) {
        List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
        TestExecutionListener listener = new TestExecutionListener() {
            @Override
            public void executionFinished(TestIdentifier id, TestExecutionResult result) {
                result.getThrowable().ifPresent(failures::add);
            }
        };
        LauncherFactory.create().execute(LauncherDiscoveryRequestBuilder.request().selectors(selectClass(fixture))
                .configurationParameter(FIXTURE_PARAMETER, "true").build(), listener);
        return List.copyOf(failures);
    }

    static final String FIXTURE_PARAMETER = "berth.lessons.fixture";

    /**
     * Runs a fixture class only when {@link #failuresOf} launches it, not when a pattern such as
     * {@code -Dtest=Lesson10*} selects it directly: {@code @ExtendWith(LessonSupport.OnlyAsFixture.class)}.
     */
    static final class OnlyAsFixture implements ExecutionCondition {
        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            return context.getConfigurationParameter(FIXTURE_PARAMETER).isPresent()
                    ? ConditionEvaluationResult.enabled("launched as a fixture by a lesson")
                    : ConditionEvaluationResult.disabled("a fixture: a lesson runs it through LessonSupport.failuresOf");
        }
    }
}
