package dev.berth.examples.docs;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Marks a fixture class: it runs only through {@link FixtureRunner} (which its enclosing test
 * calls and checks), not when a test filter such as {@code -Dtest='*DocsTest*'} selects it directly.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@ExtendWith(Fixture.OnlyThroughFixtureRunner.class)
@interface Fixture {

    /** Set by {@link FixtureRunner} as a configuration parameter of the runs it starts. */
    String PARAMETER = "dev.berth.examples.docs.fixture";

    /** Skips the fixture unless {@link FixtureRunner} runs it. */
    final class OnlyThroughFixtureRunner implements ExecutionCondition {
        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            return context.getConfigurationParameter(PARAMETER).isPresent()
                    ? ConditionEvaluationResult.enabled("run by FixtureRunner")
                    : ConditionEvaluationResult.disabled("a fixture: its enclosing test runs it through FixtureRunner");
        }
    }
}
