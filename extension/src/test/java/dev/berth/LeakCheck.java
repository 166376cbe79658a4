package dev.berth;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.InspectVolumeResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Event;
import com.github.dockerjava.api.model.EventType;
import com.github.dockerjava.api.model.Network;
import dev.berth.internal.Docker;
import dev.berth.internal.RunIdentity;
import dev.berth.testkit.Fixtures;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

/**
 * Runs fixture classes through {@link Fixtures} (EngineTestKit) and tells what Docker objects they created
 * and what they left behind. Only objects of this JVM's run are looked at (label
 * {@code dev.berth.run}), so other people's objects in the same engine never disturb a check.
 *
 * <p>"Created" comes from the engine's event stream, recorded live while the fixture runs, so a
 * test can prove that a check was meaningful (something existed, and is gone) or that nothing was
 * created at all.
 */
final class LeakCheck {

    private LeakCheck() {
    }

    /** A Berth object in the engine: kind ("container", "network", "volume"), id, Docker name, labels. */
    record DockerObject(String kind, String id, String name, Map<String, String> labels) {
        String scope() {
            return labels.getOrDefault(RunIdentity.SCOPE, "");
        }

        String logicalName() {
            return labels.getOrDefault(RunIdentity.NAME, "");
        }

        @Override
        public String toString() {
            return kind + " " + name + " (scope " + scope() + ", kind " + labels.get(RunIdentity.KIND) + ")";
        }
    }

    /** The outcome of one fixture run. */
    record FixtureRun(Class<?> fixture, EngineExecutionResults results, Duration elapsed, List<DockerObject> before,
                      List<DockerObject> after, Map<String, Set<String>> created) {

        /** Objects of this run that exist now and did not before the fixture ran. */
        List<DockerObject> leftBehind() {
            Set<String> old = before.stream().map(o -> o.kind() + ":" + o.id()).collect(Collectors.toSet());
            return after.stream().filter(o -> !old.contains(o.kind() + ":" + o.id())).toList();
        }

        /** Docker names of containers created while the fixture ran (probes and seed helpers included). */
        Set<String> createdContainers() {
            return created.getOrDefault("container", Set.of());
        }

        Set<String> createdNetworks() {
            return created.getOrDefault("network", Set.of());
        }

        Set<String> createdVolumes() {
            return created.getOrDefault("volume", Set.of());
        }

        int createdCount() {
            return createdContainers().size() + createdNetworks().size() + createdVolumes().size();
        }

        FixtureRun assertNothingLeftBehind() {
            assertThat(leftBehind()).as("Berth objects left behind by %s (created: %s)", fixture.getSimpleName(), created)
                    .isEmpty();
            return this;
        }

        /** Asserts that nothing of the fixture failed, showing each failure's message chain when something did. */
        FixtureRun assertNothingFailed() {
            List<String> failures = java.util.stream.Stream.concat(results.containerEvents().failed().stream(),
                            results.testEvents().failed().stream())
                    .map(e -> e.getTestDescriptor().getDisplayName() + ": " + chain(
                            e.getRequiredPayload(org.junit.platform.engine.TestExecutionResult.class).getThrowable().orElseThrow()))
                    .toList();
            assertThat(failures).as("failures of %s", fixture.getSimpleName()).isEmpty();
            return this;
        }

        /** Asserts that the fixture's tests all passed, and that there were so many, showing each failed test's message chain. */
        FixtureRun assertTestsPassed(int count) {
            List<String> failures = results.testEvents().failed().stream()
                    .map(e -> e.getTestDescriptor().getDisplayName() + ": " + chain(
                            e.getRequiredPayload(org.junit.platform.engine.TestExecutionResult.class).getThrowable().orElseThrow()))
                    .toList();
            assertThat(failures).as("failed tests of %s", fixture.getSimpleName()).isEmpty();
            assertThat(results.testEvents().succeeded().count()).as("tests of %s that passed", fixture.getSimpleName())
                    .isEqualTo(count);
            return this;
        }

        private static String chain(Throwable t) {
            StringBuilder b = new StringBuilder();
            for (Throwable c = t; c != null; c = c.getCause()) {
                b.append(b.length() == 0 ? "" : " <- caused by ").append(c);
            }
            return b.toString();
        }

        /** The one failure of the fixture's class container (a failure in beforeAll or in the class extension). */
        Throwable classFailure() {
            List<Throwable> failures = results.containerEvents().failed().stream()
                    .filter(e -> e.getTestDescriptor().getSource()
                            .filter(src -> src instanceof ClassSource cs && cs.getClassName().equals(fixture.getName())).isPresent())
                    .map(e -> e.getRequiredPayload(org.junit.platform.engine.TestExecutionResult.class).getThrowable().orElseThrow())
                    .toList();
            assertThat(failures).as("class-level failures of %s", fixture.getSimpleName()).hasSize(1);
            return failures.get(0);
        }

        /** The throwables of the fixture's failed tests, in the order they failed. */
        List<Throwable> testFailures() {
            return results.testEvents().failed().stream()
                    .map(e -> e.getRequiredPayload(org.junit.platform.engine.TestExecutionResult.class).getThrowable().orElseThrow())
                    .toList();
        }

        /** The one failed test of the fixture and its throwable. */
        Throwable onlyTestFailure() {
            List<Throwable> failures = testFailures();
            assertThat(failures).as("failed tests of %s", fixture.getSimpleName()).hasSize(1);
            return failures.get(0);
        }
    }

    /** The engine's client, once this JVM's run record is up (it starts in the background at first contact). */
    static DockerClient client() {
        DockerClient client = Docker.get().client();
        dev.berth.internal.RunRecord.awaitStarted();
        return client;
    }

    static String runId() {
        return RunIdentity.current().runId();
    }

    static FixtureRun execute(Class<?> fixture) {
        return execute(fixture, Map.of());
    }

    static FixtureRun execute(Class<?> fixture, Map<String, String> configuration) {
        return execute(List.of(fixture), configuration);
    }

    /** Runs the fixture classes (the first one names the run) with the given configuration parameters. */
    static FixtureRun execute(List<Class<?>> fixtures, Map<String, String> configuration) {
        String run = runId();
        List<DockerObject> before = objectsOfRun(run);
        Instant start = Instant.now();
        Map<String, Set<String>> created;
        EngineExecutionResults results;
        try (EventRecorder recorder = EventRecorder.start(start, run)) {
            results = Fixtures.run(fixtures, configuration, Path.of("target", "fixture-outputs")).results();
            created = recorder.stop();
        }
        Duration elapsed = Duration.between(start, Instant.now());
        return new FixtureRun(fixtures.get(0), results, elapsed, before, objectsOfRun(run), created);
    }

    /** Every container, network and volume labelled with the given run id. */
    static List<DockerObject> objectsOfRun(String run) {
        return objects(RunIdentity.RUN + "=" + run);
    }

    /** Every container, network and volume carrying a label filter such as {@code dev.berth.run=abc}. */
    static List<DockerObject> objects(String labelFilter) {
        DockerClient client = client();
        List<DockerObject> out = new ArrayList<>();
        for (Container c : client.listContainersCmd().withShowAll(true).withLabelFilter(List.of(labelFilter)).exec()) {
            String name = c.getNames() != null && c.getNames().length > 0 ? c.getNames()[0].replaceFirst("^/", "") : c.getId();
            out.add(new DockerObject("container", c.getId(), name, c.getLabels() == null ? Map.of() : c.getLabels()));
        }
        for (Network n : client.listNetworksCmd().withFilter("label", List.of(labelFilter)).exec()) {
            out.add(new DockerObject("network", n.getId(), n.getName(), n.getLabels() == null ? Map.of() : n.getLabels()));
        }
        List<InspectVolumeResponse> volumes = client.listVolumesCmd().withFilter("label", List.of(labelFilter)).exec().getVolumes();
        for (InspectVolumeResponse v : volumes == null ? List.<InspectVolumeResponse>of() : volumes) {
            out.add(new DockerObject("volume", v.getName(), v.getName(), v.getLabels() == null ? Map.of() : v.getLabels()));
        }
        return out;
    }

    /** Objects of this run whose scope label (the JUnit unique id) mentions the fixture class. */
    static List<DockerObject> objectsOfFixture(Class<?> fixture) {
        String binaryName = fixture.getName();
        return objectsOfRun(runId()).stream().filter(o -> o.scope().contains(binaryName)).toList();
    }

    /**
     * Removes objects that a test deliberately kept (cleanup ON_SUCCESS or NEVER), containers
     * first; returns what it removed. Fails when an object cannot be removed.
     */
    static List<DockerObject> remove(List<DockerObject> objects) {
        DockerClient client = client();
        List<DockerObject> removed = new ArrayList<>();
        Predicate<DockerObject> isContainer = o -> o.kind().equals("container");
        for (DockerObject o : objects.stream().filter(isContainer).toList()) {
            try {
                client.removeContainerCmd(o.id()).withForce(true).withRemoveVolumes(true).exec();
                removed.add(o);
            } catch (NotFoundException alreadyGone) {
                // a probe goes with its target container: nothing left to remove
                assertThat(o.labels().get(RunIdentity.KIND)).as("%s vanished on its own", o).isEqualTo("probe");
            }
        }
        for (DockerObject o : objects.stream().filter(isContainer.negate()).toList()) {
            if (o.kind().equals("network")) {
                client.removeNetworkCmd(o.id()).exec();
            } else {
                client.removeVolumeCmd(o.id()).exec();
            }
            removed.add(o);
        }
        return removed;
    }

    /** Records create events of the engine while a fixture runs; keeps only this run's objects (by name). */
    static final class EventRecorder extends ResultCallback.Adapter<Event> {
        private final String run;
        private final Map<String, Set<String>> created = Collections.synchronizedMap(new LinkedHashMap<>());

        private EventRecorder(String run) {
            this.run = run;
        }

        static EventRecorder start(Instant since, String run) {
            EventRecorder recorder = new EventRecorder(run);
            String sinceText = since.getEpochSecond() + "." + String.format("%09d", since.getNano());
            client().eventsCmd().withSince(sinceText)
                    .withEventTypeFilter(EventType.CONTAINER, EventType.NETWORK, EventType.VOLUME)
                    .withEventFilter("create")
                    .exec(recorder);
            return recorder;
        }

        @Override
        public void onNext(Event event) {
            if (event.getActor() == null || event.getType() == null) {
                return;
            }
            Map<String, String> attributes = event.getActor().getAttributes() == null ? Map.of() : event.getActor().getAttributes();
            String name = event.getType() == EventType.VOLUME ? event.getActor().getId() : attributes.get("name");
            if (name != null && name.contains("-" + run + "-")) {
                created.computeIfAbsent(event.getType().getValue(), k -> Collections.synchronizedSet(new TreeSet<>())).add(name);
            }
        }

        /** Gives the events a moment to arrive (they were emitted before this call), then stops. */
        Map<String, Set<String>> stop() {
            // a marker event proves the stream has delivered everything emitted before it
            String marker = "leakcheck-marker-" + run + "-" + System.nanoTime();
            client().createVolumeCmd().withName(marker).exec();
            client().removeVolumeCmd(marker).exec();
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (!created.getOrDefault("volume", Set.of()).contains(marker)) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("the Docker event stream did not deliver the marker event within 10 s");
                }
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError("interrupted while waiting for Docker events", e);
                }
            }
            Map<String, Set<String>> copy = new LinkedHashMap<>();
            synchronized (created) {
                created.forEach((k, v) -> {
                    Set<String> names = new TreeSet<>(v);
                    names.remove(marker);
                    copy.put(k, names);
                });
            }
            return copy;
        }

        @Override
        public void close() {
            try {
                super.close();
            } catch (IOException e) {
                throw new AssertionError("could not close the Docker event stream", e);
            }
        }
    }
}
