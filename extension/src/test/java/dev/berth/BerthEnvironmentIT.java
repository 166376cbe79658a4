package dev.berth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.testkit.Fixtures;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Programmatic environments against the engine: class scope (static field), method scope
 * (instance field), declarations computed in a loop, containers started, replaced and removed
 * during a test, bad input refused before anything exists, annotations and builder in one class,
 * and a generated password that the test reads and the failure report masks.
 *
 * <p>Each fixture labels what it creates with {@code it.run=${it.run}}, a placeholder that this
 * test sets as a JUnit configuration parameter, so the objects of one run are found (and proven
 * gone) by label; fixtures report what they saw as report entries.
 */
class BerthEnvironmentIT {

    private static final String BOX = "busybox:1.35";

    private static Fixtures.Run run(Class<?> fixture, String runId) {
        return Fixtures.run(List.of(fixture), Map.of("it.run", runId), Path.of("target", "fixture-outputs"));
    }



    // ---------------------------------------------------------------- class scope, computed declarations

    static class ClassScope {
        static final int NODES = 3;

        @RegisterExtension
        static BerthEnvironment env = nodes();

        /** One network and one container per index: declarations computed at run time. */
        static BerthEnvironment nodes() {
            BerthEnvironment.Builder b = BerthEnvironment.builder()
                    .network("backend", n -> n.label("it.run", "${it.run}"))
                    .volume("data", v -> v.label("it.run", "${it.run}"));
            for (int i = 1; i <= NODES; i++) {
                String version = "v" + i;
                b.container("node-" + i, c -> c.image(BOX).env("VERSION", version).networks("backend").volumes("data:/data")
                        .label("it.run", "${it.run}").command("httpd", "-f", "-p", "8080", "-h", "/data")
                        .waitFor(w -> w.port(8080)));
            }
            return b.build();
        }

        @Test
        void first(TestReporter reporter) {
            seen(reporter);
        }

        @Test
        void second(TestReporter reporter) {
            seen(reporter);
        }

        @Test
        void handlesAreInjectedWithoutAnyAnnotation(BerthNetwork backend, TestReporter reporter) {
            assertThat(backend.id()).isEqualTo(env.network("backend").id());
            reporter.publishEntry("injected", backend.id());
        }

        private void seen(TestReporter reporter) {
            for (int i = 1; i <= NODES; i++) {
                BerthContainer node = env.container("node-" + i);
                assertThat(node.exec("sh", "-c", "echo $VERSION").stdout().strip()).isEqualTo("v" + i);
                assertThat(node.networks()).containsExactly("backend");
                reporter.publishEntry("node-" + i, node.id());
            }
            ExecResult lookup = env.container("node-1").exec("nslookup", "node-2");
            assertThat(lookup.stdout()).as("node-1 finds node-2 on backend: %s", lookup)
                    .contains(env.container("node-2").ipAddress("backend"));
            reporter.publishEntry("network", env.network("backend").id());
        }
    }

    @Test
    @DisplayName("a static field: one environment for the class, built in a loop, removed after it")
    void classScope() {
        String runId = UUID.randomUUID().toString();
        Fixtures.Run run = run(ClassScope.class, runId);
        assertThat(run.testFailures()).isEmpty();
        assertThat(run.classFailures()).isEmpty();
        assertThat(run.testsSucceeded()).isEqualTo(3);
        assertThat(EngineState.reported(run, "injected")).containsExactly(EngineState.reported(run, "network").get(0));
        for (int i = 1; i <= ClassScope.NODES; i++) {
            List<String> ids = EngineState.reported(run, "node-" + i);
            assertThat(ids).hasSize(2);
            assertThat(ids.get(0)).as("both tests see the same node-%s", i).isEqualTo(ids.get(1));
            assertThat(EngineState.containerExists(ids.get(0))).isFalse();
        }
        assertThat(EngineState.networkExists(EngineState.reported(run, "network").get(0))).isFalse();
        EngineState.nothingLeftOfRun(runId);
    }

    // ---------------------------------------------------------------- method scope, changes during a test

    static class MethodScope {
        @RegisterExtension
        BerthEnvironment env = BerthEnvironment.builder()
                .network("net", n -> n.label("it.run", "${it.run}"))
                .container("web", c -> c.image(BOX).networks("net").label("it.run", "${it.run}")
                        .command("httpd", "-f", "-p", "8080").waitFor(w -> w.port(8080)))
                .build();

        @Test
        void one(TestReporter reporter) {
            reporter.publishEntry("web", env.container("web").id());
        }

        @Test
        void startReplaceRemove(TestReporter reporter) {
            reporter.publishEntry("web", env.container("web").id());
            BerthContainer extra = env.start("extra", c -> c.image(BOX).networks("net").env("GENERATION", "1")
                    .label("it.run", "${it.run}").command("sleep", "3600"));
            assertThat(extra.exec("nslookup", "web").stdout()).contains(env.container("web").ipAddress("net"));
            reporter.publishEntry("extra-1", extra.id());
            BerthContainer replaced = env.replace("extra", c -> c.image(BOX).networks("net").env("GENERATION", "2")
                    .label("it.run", "${it.run}").command("sleep", "3600"));
            assertThat(replaced.id()).isNotEqualTo(extra.id());
            assertThat(EngineState.containerExists(extra.id())).as("the replaced container is gone").isFalse();
            assertThat(env.container("extra").exec("sh", "-c", "echo $GENERATION").stdout().strip()).isEqualTo("2");
            reporter.publishEntry("extra-2", replaced.id());
            BerthContainer third = env.start("third", c -> c.image(BOX).label("it.run", "${it.run}").command("sleep", "3600"));
            reporter.publishEntry("third", third.id());
            env.remove("third");
            assertThat(EngineState.containerExists(third.id())).as("removed at once").isFalse();
            ExtensionConfigurationException twice = org.assertj.core.api.Assertions.catchThrowableOfType(
                    ExtensionConfigurationException.class, () -> env.start("extra", c -> c.image(BOX)));
            assertThat(twice.getMessage()).contains("a container named \"extra\" already exists");
            ExtensionConfigurationException bad = org.assertj.core.api.Assertions.catchThrowableOfType(
                    ExtensionConfigurationException.class, () -> env.start("fourth", c -> c.image(BOX).networks("nowhere")
                            .label("it.run", "${it.run}")));
            assertThat(bad.getMessage()).contains("@WithContainer(name = \"fourth\") on BerthEnvironment in field MethodScope.env",
                    "joins network \"nowhere\", which is not declared (declared: [net])");
            dev.berth.BerthException notReady = org.assertj.core.api.Assertions.catchThrowableOfType(dev.berth.BerthException.class,
                    () -> env.start("slow", c -> c.image(BOX).label("it.run", "${it.run}").command("sleep", "3600")
                            .waitFor(w -> w.log("never printed").timeout("1s"))));
            assertThat(notReady.getMessage()).contains("Container slow (busybox:1.35) was not ready after 1000 ms");
            assertThatThrownBy(() -> env.container("slow")).isInstanceOf(ExtensionConfigurationException.class);
            String runId = EngineState.labels(env.container("web").id()).get("it.run");
            assertThat(EngineState.containersLabelled(Map.of("it.run", runId))).extracting(c -> c.getLabels().get("dev.berth.name"))
                    .as("neither the refused container nor the one that was not ready is left").containsExactlyInAnyOrder("web", "extra");
        }
    }

    @Test
    @DisplayName("an instance field: a fresh environment per test; start, replace and remove during a test; all removed after it")
    void methodScopeAndChangesDuringATest() {
        String runId = UUID.randomUUID().toString();
        Fixtures.Run run = run(MethodScope.class, runId);
        assertThat(run.testFailures()).isEmpty();
        assertThat(run.testsSucceeded()).isEqualTo(2);
        List<String> webs = EngineState.reported(run, "web");
        assertThat(webs).hasSize(2).doesNotHaveDuplicates();
        List<String> all = new ArrayList<>(webs);
        all.addAll(EngineState.reported(run, "extra-1"));
        all.addAll(EngineState.reported(run, "extra-2"));
        all.addAll(EngineState.reported(run, "third"));
        assertThat(all).hasSize(5);
        all.forEach(id -> assertThat(EngineState.containerExists(id)).as("container %s after the run", id).isFalse());
        EngineState.nothingLeftOfRun(runId);
    }

    // ---------------------------------------------------------------- bad input

    static class BadInput {
        @RegisterExtension
        static BerthEnvironment env = BerthEnvironment.builder()
                .network("backend", n -> n.label("it.run", "${it.run}"))
                .volume("data", v -> v.label("it.run", "${it.run}"))
                .container("app", c -> c.image(BOX).networks("frontend").label("it.run", "${it.run}"))
                .build();

        @Test
        void never() {
            throw new AssertionError("the environment must not start");
        }
    }

    @WithNetwork(name = "backend")
    @WithContainer(name = "app", image = BOX, networks = "frontend")
    static class BadInputAnnotated {
        @Test
        void never() {
            throw new AssertionError("the environment must not start");
        }
    }

    static class UnresolvedPlaceholder {
        @RegisterExtension
        static BerthEnvironment env = BerthEnvironment.builder()
                .network("backend", n -> n.label("it.run", "${it.run}"))
                .container("app", c -> c.image("${app.image.never.set}"))
                .build();

        @Test
        void never() {
            throw new AssertionError("the environment must not start");
        }
    }

    @Test
    @DisplayName("bad input: the annotations' typed error, before anything is created")
    void badInputFailsBeforeAnythingExists() {
        String runId = UUID.randomUUID().toString();
        Fixtures.Run run = run(BadInput.class, runId);
        assertThat(run.classFailures()).singleElement().isInstanceOf(ExtensionConfigurationException.class);
        String message = run.classFailures().get(0).getMessage();
        assertThat(message).isEqualTo("@WithContainer(name = \"app\") on BerthEnvironment in field BadInput.env: it joins network"
                + " \"frontend\", which is not declared (declared: [backend]). Fix: add network(\"frontend\") to the builder, or fix"
                + " the name.");
        Fixtures.Run annotated = run(BadInputAnnotated.class, runId);
        assertThat(annotated.classFailures().get(0).getMessage()).as("the annotations' message, but for the origin and the fix's wording")
                .isEqualTo(message.replace("BerthEnvironment in field BadInput.env", "class " + BadInputAnnotated.class.getName())
                        .replace("add network(\"frontend\") to the builder", "add @WithNetwork(name = \"frontend\") to the class or method"));
        EngineState.nothingLeftOfRun(runId);

        Fixtures.Run unresolved = run(UnresolvedPlaceholder.class, runId);
        assertThat(unresolved.classFailures()).singleElement().isInstanceOf(ExtensionConfigurationException.class);
        assertThat(unresolved.classFailures().get(0).getMessage()).startsWith("@WithContainer(name = \"app\") on BerthEnvironment in field"
                + " UnresolvedPlaceholder.env, attribute image: the placeholder ${app.image.never.set} has no value");
        EngineState.nothingLeftOfRun(runId);
    }

    // ---------------------------------------------------------------- annotations and builder together

    @WithNetwork(name = "shared")
    @WithContainer(name = "annotated", image = BOX, networks = "shared", labels = "it.run=${it.run}",
            command = {"httpd", "-f", "-p", "8080"}, waitFor = @WaitFor(port = 8080))
    static class Mixed {
        @RegisterExtension
        static BerthEnvironment env = BerthEnvironment.builder()
                .container("built", c -> c.image(BOX).networks("shared").label("it.run", "${it.run}").command("sleep", "3600"))
                .build();

        @Test
        void bothMakeOneScope(@Berth("annotated") BerthContainer annotated, @Berth("built") BerthContainer built) {
            assertThat(built.exec("nslookup", "annotated").stdout()).contains(annotated.ipAddress("shared"));
            assertThat(env.container("annotated").id()).isEqualTo(annotated.id());
            assertThat(env.network("shared").id()).isNotBlank();
        }
    }

    @WithNetwork(name = "shared")
    static class MixedClash {
        @RegisterExtension
        static BerthEnvironment env = BerthEnvironment.builder().network("shared", n -> n.label("it.run", "${it.run}")).build();

        @Test
        void never() {
            throw new AssertionError("the environment must not start");
        }
    }

    @Test
    @DisplayName("annotations and a builder on one class: one scope; a name declared by both is refused")
    void annotationsAndBuilderTogether() {
        String runId = UUID.randomUUID().toString();
        Fixtures.Run run = run(Mixed.class, runId);
        assertThat(run.testFailures()).isEmpty();
        assertThat(run.classFailures()).isEmpty();
        assertThat(run.testsSucceeded()).isEqualTo(1);
        Fixtures.Run clash = run(MixedClash.class, runId);
        assertThat(clash.classFailures()).singleElement().isInstanceOf(ExtensionConfigurationException.class);
        assertThat(clash.classFailures().get(0).getMessage()).isEqualTo("BerthEnvironment in field MixedClash.env: the network"
                + " \"shared\" is also declared by class " + MixedClash.class.getName() + " for the same scope. Fix: declare it"
                + " once, in the annotations or in the builder, or give each its own name.");
        EngineState.nothingLeftOfRun(runId);
    }

    // ---------------------------------------------------------------- generated secrets

    static class GeneratedSecret {
        @RegisterExtension
        static BerthEnvironment env = BerthEnvironment.builder()
                .container("db", c -> c.image(BOX).env("DB_PASSWORD", "${random.db}").label("it.run", "${it.run}")
                        .command("sh", "-c", "echo \"connect with $DB_PASSWORD\"; sleep 3600").waitFor(w -> w.log("connect with")))
                .build();

        @Test
        void failsShowingThePassword(TestReporter reporter) {
            String password = env.generated("db");
            reporter.publishEntry("password", password);
            assertThat(env.container("db").exec("sh", "-c", "echo $DB_PASSWORD").stdout().strip()).isEqualTo(password);
            throw new AssertionError("deliberate failure; the password is " + password);
        }
    }

    @WithContainer(name = "db", image = BOX, env = "DB_PASSWORD=${random.db}", labels = "it.run=${it.run}",
            command = {"sh", "-c", "echo \"connect with $DB_PASSWORD\"; sleep 3600"}, waitFor = @WaitFor(log = "connect with"))
    static class GeneratedSecretAnnotated {
        @Test
        void injected(@Berth("random.db") String password, BerthContainer db, TestReporter reporter) {
            reporter.publishEntry("password", password);
            assertThat(db.exec("sh", "-c", "echo $DB_PASSWORD").stdout().strip()).isEqualTo(password);
            throw new AssertionError("deliberate failure; the password is " + password);
        }
    }

    @Test
    @DisplayName("${random.NAME}: generated per environment, readable by the test, masked in the failure's report;"
            + " a class run again gets a new environment")
    void generatedSecretIsMasked() {
        String runId = UUID.randomUUID().toString();
        List<String> passwords = new ArrayList<>();
        for (Class<?> fixture : List.of(GeneratedSecret.class, GeneratedSecret.class, GeneratedSecretAnnotated.class)) {
            Fixtures.Run run = run(fixture, runId);
            assertThat(run.testFailures()).as(fixture.getSimpleName()).hasSize(1);
            String password = EngineState.reported(run, "password").get(0);
            passwords.add(password);
            assertThat(password).matches("[A-Za-z0-9]{24}");
            Throwable failure = run.testFailures().get(0);
            assertThat(failure.getSuppressed()).as("the environment summary").isNotEmpty();
            StringBuilder report = new StringBuilder();
            for (Throwable s : failure.getSuppressed()) {
                report.append(s.getMessage());
            }
            assertThat(report).as("the summary shows the log line, masked").contains("connect with ****").doesNotContain(password);
            assertThat(run.stderr()).doesNotContain(password);
        }
        assertThat(passwords).as("each environment its own, also the same class run twice").doesNotHaveDuplicates();
        EngineState.nothingLeftOfRun(runId);
    }
}
