package dev.berth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.testkit.Fixtures;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A {@link BerthEnvironment.Builder#shared() shared} builder against the engine: two classes running
 * in parallel register the same object and get one environment, created once and removed at the end
 * of the run; a bad one is refused in both before anything exists. Also what guards a builder that is
 * <em>not</em> shared: serving two classes at once is refused, and {@code @Berth} fields are injected
 * in a class whose only environment is a builder.
 *
 * <p>Fixtures label what they create with {@code it.run=${it.run}} (set per run by this test) and
 * report what they saw as report entries.
 */
class SharedBerthEnvironmentIT {

    private static final String BOX = "busybox:1.35";

    private static final Map<String, String> PARALLEL_CLASSES = Map.of(
            "junit.jupiter.execution.parallel.enabled", "true",
            "junit.jupiter.execution.parallel.mode.default", "same_thread",
            "junit.jupiter.execution.parallel.mode.classes.default", "concurrent",
            "junit.jupiter.execution.parallel.config.strategy", "fixed",
            "junit.jupiter.execution.parallel.config.fixed.parallelism", "2");

    private static Fixtures.Run run(String runId, Class<?>... fixtures) {
        Map<String, String> config = new java.util.HashMap<>(PARALLEL_CLASSES);
        config.put("it.run", runId);
        return Fixtures.run(List.of(fixtures), config, Path.of("target", "fixture-outputs"));
    }



    /**
     * Holds both classes in their {@code beforeAll} until the other has reached it too, so that they
     * start their environments at the same time (the barrier lives in JUnit's root store: one per run).
     */
    static final class BothClassesAtOnce implements BeforeAllCallback {
        @Override
        public void beforeAll(ExtensionContext context) throws InterruptedException, BrokenBarrierException, TimeoutException {
            context.getRoot().getStore(ExtensionContext.Namespace.create(BothClassesAtOnce.class))
                    .getOrComputeIfAbsent("barrier", k -> new CyclicBarrier(2), CyclicBarrier.class).await(60, TimeUnit.SECONDS);
        }
    }

    // ---------------------------------------------------------------- shared: one creation, both see it, removed at the end

    /** The holder: one object that several classes register. */
    static final class Backend {
        static final BerthEnvironment ENV = BerthEnvironment.builder().shared()
                .network("shared-net", n -> n.label("it.run", "${it.run}"))
                .container("db", c -> c.image(BOX).networks("shared-net").label("it.run", "${it.run}")
                        .command("httpd", "-f", "-p", "5432", "-h", "/").waitFor(w -> w.port(5432)))
                .build();

        private Backend() {
        }

        /** Reports what a user saw: the db's id and start time, and how many db containers its run has. */
        static void sighting(BerthContainer db, TestReporter reporter) {
            String run = EngineState.labels(db.id()).get("it.run");
            reporter.publishEntry(Map.of("db", db.id(), "started", String.valueOf(EngineState.startedAt(db.id())),
                    "dbs", String.valueOf(EngineState.containersLabelled(Map.of("it.run", run, "dev.berth.name", "db")).size()),
                    "net", ENV.network("shared-net").id()));
        }
    }

    /** Run through the test kit, never directly (Surefire skips nested classes). */
    @ExtendWith(BothClassesAtOnce.class)
    static class FirstUser {
        @RegisterExtension
        static BerthEnvironment own = BerthEnvironment.builder()   // registered before the shared one: it still joins its network
                .container("client", c -> c.image(BOX).networks("shared-net").label("it.run", "${it.run}").command("sleep", "3600"))
                .build();

        @RegisterExtension
        static BerthEnvironment shared = Backend.ENV;

        @Test
        void clientReachesTheSharedDb(TestReporter reporter) {
            BerthContainer db = shared.container("db");
            dev.berth.assertions.BerthAssertions.assertThat(own.container("client")).canReach("db", 5432);
            Backend.sighting(db, reporter);
        }
    }

    /** Run through the test kit, never directly (Surefire skips nested classes). */
    @ExtendWith(BothClassesAtOnce.class)
    static class SecondUser {
        @RegisterExtension
        static BerthEnvironment shared = Backend.ENV;

        @Berth("db")
        static BerthContainer db;

        @Test
        void sameDb(BerthContainer injected, TestReporter reporter) {
            assertThat(db).as("the static @Berth field").isNotNull();
            assertThat(injected.id()).isEqualTo(db.id());
            Backend.sighting(injected, reporter);
        }
    }

    @Test
    @DisplayName("shared(): two parallel classes get one environment, created once, removed at the end of the run")
    void twoClassesShareOneEnvironment() {
        String runId = UUID.randomUUID().toString();
        Fixtures.Run run = run(runId, FirstUser.class, SecondUser.class);
        assertThat(run.classFailures()).isEmpty();
        assertThat(run.testFailures()).isEmpty();
        assertThat(run.testsSucceeded()).isEqualTo(2);
        List<String> dbs = EngineState.reported(run, "db");
        assertThat(dbs).hasSize(2);
        assertThat(dbs.get(1)).as("both classes see the same container").isEqualTo(dbs.get(0));
        assertThat(EngineState.reported(run, "started")).as("started once").containsOnly(EngineState.reported(run, "started").get(0));
        assertThat(EngineState.reported(run, "dbs")).as("db containers of the run while each class ran").containsExactly("1", "1");
        assertThat(EngineState.containerExists(dbs.get(0))).as("removed at the end of the run").isFalse();
        assertThat(EngineState.networkExists(EngineState.reported(run, "net").get(0))).isFalse();
        EngineState.nothingLeftOfRun(runId);
    }

    // ---------------------------------------------------------------- shared: bad input

    static final class BadBackend {
        static final BerthEnvironment ENV = BerthEnvironment.builder().shared()
                .network("shared-net", n -> n.label("it.run", "${it.run}"))
                .container("db", c -> c.image(BOX).networks("backend").label("it.run", "${it.run}"))
                .build();

        private BadBackend() {
        }
    }

    /** Run through the test kit, never directly. */
    static class FirstBadUser {
        @RegisterExtension
        static BerthEnvironment env = BadBackend.ENV;

        @Test
        void never() {
            throw new AssertionError("the environment must not start");
        }
    }

    /** Run through the test kit, never directly. */
    static class SecondBadUser {
        @RegisterExtension
        static BerthEnvironment env = BadBackend.ENV;

        @Test
        void never() {
            throw new AssertionError("the environment must not start");
        }
    }

    @Test
    @DisplayName("shared(): bad input fails every class that uses it, with the annotations' typed error, before anything exists")
    void badSharedInputIsRefusedInEveryClass() {
        String runId = UUID.randomUUID().toString();
        Fixtures.Run run = run(runId, FirstBadUser.class, SecondBadUser.class);
        assertThat(run.testsSucceeded()).isZero();
        assertThat(run.classFailures()).hasSize(2).allSatisfy(f -> assertThat(f).isInstanceOf(ExtensionConfigurationException.class)
                .hasMessageMatching("@WithContainer\\(name = \"db\"\\) on shared BerthEnvironment in field (FirstBadUser|SecondBadUser)\\.env:"
                        + " it joins network \"backend\", which is not declared \\(declared: \\[shared-net]\\)\\. Fix: .*"));
        EngineState.nothingLeftOfRun(runId);
    }

    // ---------------------------------------------------------------- not shared: one class at a time

    /** A base class whose static builder is one object for all its subclasses. */
    abstract static class NotSharedBase {
        @RegisterExtension
        static BerthEnvironment env = BerthEnvironment.builder()
                .container("box", c -> c.image(BOX).label("it.run", "${it.run}").command("sleep", "3600"))
                .build();

        @Test
        void runs(TestReporter reporter, CountDownLatch aClassEnded) throws InterruptedException {
            reporter.publishEntry("box", env.container("box").id());
            // hold the environment until the other class has ended (refused): "at the same time" for sure
            aClassEnded.await(60, TimeUnit.SECONDS);
        }
    }

    /**
     * Counts down, in JUnit's root store, when a class ends (its afterAll runs even when its beforeAll
     * was refused), and gives that latch to a test that must keep its environment until then.
     */
    static final class ClassEnded implements AfterAllCallback, ParameterResolver {
        private static CountDownLatch latch(ExtensionContext context) {
            return context.getRoot().getStore(ExtensionContext.Namespace.create(ClassEnded.class))
                    .getOrComputeIfAbsent("latch", k -> new CountDownLatch(1), CountDownLatch.class);
        }

        @Override
        public void afterAll(ExtensionContext context) {
            latch(context).countDown();
        }

        @Override
        public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
            return parameter.getParameter().getType() == CountDownLatch.class;
        }

        @Override
        public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
            return latch(context);
        }
    }

    /** Run through the test kit, never directly. */
    @ExtendWith({BothClassesAtOnce.class, ClassEnded.class})
    static class FirstSubclass extends NotSharedBase {
    }

    /** Run through the test kit, never directly. */
    @ExtendWith({BothClassesAtOnce.class, ClassEnded.class})
    static class SecondSubclass extends NotSharedBase {
    }

    @Test
    @DisplayName("not shared: one builder object serving two classes at the same time is refused, naming the fix")
    void notSharedServesOneClassAtATime() {
        String runId = UUID.randomUUID().toString();
        Fixtures.Run run = run(runId, FirstSubclass.class, SecondSubclass.class);
        assertThat(run.testsSucceeded()).as("the class that came first").isEqualTo(1);
        assertThat(run.classFailures()).singleElement().isInstanceOf(ExtensionConfigurationException.class);
        assertThat(run.classFailures().get(0).getMessage())
                .matches("BerthEnvironment in field NotSharedBase\\.env already runs for \\[engine:junit-jupiter]/\\[class:"
                        + "dev\\.berth\\.SharedBerthEnvironmentIT\\$(First|Second)Subclass] and cannot serve .*(First|Second)Subclass]"
                        + " at the same time .* Fix: declare the environment in each test class, e\\.g\\. from a static method that"
                        + " builds it, or make it one for the whole run with BerthEnvironment\\.builder\\(\\)\\.shared\\(\\)\\.");
        EngineState.nothingLeftOfRun(runId);
    }

    // ---------------------------------------------------------------- @Berth fields with only a builder

    /** Run through the test kit, never directly. */
    static class FieldsFromABuilder {
        @Berth("web")
        static BerthContainer web;

        @RegisterExtension
        static BerthEnvironment env = BerthEnvironment.builder()
                .network("net", n -> n.label("it.run", "${it.run}"))
                .container("web", c -> c.image(BOX).networks("net").label("it.run", "${it.run}").command("sleep", "3600"))
                .build();

        @RegisterExtension
        BerthEnvironment perTest = BerthEnvironment.builder()
                .volume("scratch", v -> v.label("it.run", "${it.run}"))
                .build();

        @Berth
        BerthNetwork net;

        @Berth
        BerthVolume scratch;

        @Test
        void fieldsAreInjected(TestReporter reporter) {
            assertThat(web).as("static field, class-scope builder").isNotNull();
            assertThat(web.id()).isEqualTo(env.container("web").id());
            assertThat(net).as("instance field, class-scope builder").isNotNull();
            assertThat(net.id()).isEqualTo(env.network("net").id());
            assertThat(scratch).as("instance field, test-scope builder").isNotNull();
            assertThat(scratch.dockerName()).isEqualTo(perTest.volume("scratch").dockerName());
            reporter.publishEntry("injected", web.id());
        }
    }

    /** Run through the test kit, never directly. */
    static class MissingHandles {
        @RegisterExtension
        static BerthEnvironment env = BerthEnvironment.builder().network("net", n -> n.label("it.run", "${it.run}")).build();

        @Test
        void aVolume(BerthVolume volume) {
            throw new AssertionError("not injected: " + volume);
        }

        @Test
        void aPassword(@Berth("random.db") String password) {
            throw new AssertionError("not injected: " + password);
        }
    }

    @Test
    @DisplayName("a handle a builder does not declare: the parameter's error names the builder's call")
    void handlesTheBuilderLacks() {
        String runId = UUID.randomUUID().toString();
        Fixtures.Run run = run(runId, MissingHandles.class);
        assertThat(run.testFailures()).hasSize(2).allSatisfy(f -> assertThat(f).isInstanceOf(ParameterResolutionException.class));
        assertThat(run.testFailures()).anySatisfy(f -> assertThat(f).hasMessageEndingWith(
                ": no volume is declared in this scope. Fix: declare one with the builder's volume(name)."));
        assertThat(run.testFailures()).anySatisfy(f -> assertThat(f).hasMessageEndingWith(
                "no declaration of this scope writes ${random.db}. Fix: use ${random.db} in a declaration"
                        + " (e.g. env(\"PASSWORD\", \"${random.db}\")), or fix the name."));
        EngineState.nothingLeftOfRun(runId);
    }

    @Test
    @DisplayName("@Berth fields in a class whose only environments are builders: static and instance fields are injected")
    void berthFieldsWithOnlyABuilder() {
        String runId = UUID.randomUUID().toString();
        Fixtures.Run run = run(runId, FieldsFromABuilder.class);
        assertThat(run.classFailures()).isEmpty();
        assertThat(run.testFailures()).isEmpty();
        assertThat(EngineState.reported(run, "injected")).hasSize(1);
        EngineState.nothingLeftOfRun(runId);
    }
}
