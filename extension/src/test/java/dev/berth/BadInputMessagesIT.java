package dev.berth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.testkit.Fixtures;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Every message the bad-input fixtures produce (their failures, with causes and suppressed
 * failures, and what the run wrote to standard error) talks to a user of the library: no path of
 * this repository and no raw engine JSON.
 */
class BadInputMessagesIT {

    /** What a message for users must not hold: a folder of this repository, docker-java's "Status N: {json}". */
    private static final List<String> FORBIDDEN = List.of("scripts/", "docs/", "{\"message\":", "Status 400:", "Status 404:",
            "Status 409:", "Status 500:");

    @Test
    @DisplayName("the failures of the bad-input and compose-failure fixtures name no repository path and hold no engine JSON")
    void messagesAreForUsers() {
        List<Class<?>> fixtures = Stream.of(BadInputIT.class, ComposeFailureIT.class, UserMessagesIT.class)
                .flatMap(c -> Arrays.stream(c.getDeclaredClasses()))
                .filter(c -> c.getSimpleName().endsWith("TestCases"))
                .sorted(Comparator.comparing(Class::getName))
                .toList();
        assertThat(fixtures).as("fixture classes").hasSizeGreaterThan(20);

        Fixtures.Run run = Fixtures.run(fixtures, Map.of(), Path.of("target", "fixture-outputs"));

        List<Throwable> failures = new ArrayList<>(run.classFailures());
        failures.addAll(run.testFailures());
        assertThat(failures).as("failures of %s fixtures", fixtures.size()).hasSizeGreaterThan(fixtures.size() / 2);
        List<String> messages = new ArrayList<>();
        Set<Throwable> seen = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        failures.forEach(f -> collect(f, messages, seen));
        for (String forbidden : FORBIDDEN) {
            assertThat(messages).as("messages holding %s", forbidden).noneMatch(m -> m.contains(forbidden));
            assertThat(run.stderr()).as("standard error of the run").doesNotContain(forbidden);
        }
    }

    /** The messages of Berth's and JUnit's failures and their Berth causes; a docker-java cause keeps its own wording. */
    private static void collect(Throwable t, List<String> messages, Set<Throwable> seen) {
        if (t == null || !seen.add(t) || t.getClass().getName().startsWith("com.github.dockerjava")) {
            return;
        }
        if (t.getMessage() != null) {
            messages.add(t.getMessage());
        }
        collect(t.getCause(), messages, seen);
        for (Throwable s : t.getSuppressed()) {
            collect(s, messages, seen);
        }
    }
}
