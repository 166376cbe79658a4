package dev.berth;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.command.BuildImageResultCallback;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Image;
import dev.berth.LeakCheck.FixtureRun;
import dev.berth.internal.KeptEnvironments;
import dev.berth.internal.Reuse;
import dev.berth.internal.RunIdentity;
import dev.berth.internal.Sweeper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.reporting.ReportEntry;

/**
 * Environments kept between runs ({@link ReuseEnvironment}) against the real engine: adoption by a
 * run with the same declaration, refusal after a changed seed file or image, volume reset, two JVMs
 * at once, the removal command, and a JVM killed while it used a kept environment. Every test
 * removes what it kept (the CI leak check fails on any object left).
 */
class ReuseIT {

    /** System property read by the fixture: {@code plain} (default), {@code reuse-hold} or {@code reuse-window}. */
    static final String MODE = "berth.it.reuse.mode";
    static final String WINDOW = "BERTH-REUSE-WINDOW ";
    /**
     * This run's image, {@code berth-reuse-it:<run id>}: its own tag per JVM, so two checkouts running
     * ReuseIT at once never rebuild each other's (the fixtures name it with the placeholder {@link #IMAGE_REF},
     * given as the configuration parameter or, in a child JVM, the system property {@value #IMAGE_KEY}).
     */
    static final String IMAGE = "berth-reuse-it:" + RunIdentity.current().runId();
    static final String IMAGE_KEY = "berth.it.reuse.image";
    static final String IMAGE_REF = "${" + IMAGE_KEY + "}";
    /** On every variant of {@link #IMAGE} this run builds, the untagged ones too, so that {@link #removeImages()} finds them all. */
    static final String IMAGE_LABEL = "dev.berth.it.reuse-image";
    static final Path SEED = Path.of("target", "reuse-it", "seed");

    @WithNetwork(name = "reuse-net")
    @WithVolume(name = "reuse-data", seedFrom = "target/reuse-it/seed")
    @WithContainer(name = "reuse-app", image = IMAGE_REF, networks = "reuse-net", volumes = "reuse-data:/data",
            command = {"sleep", "3600"})
    @ReuseEnvironment
    static class KeptTestCases {
        @Test
        void usesTheEnvironment(@Berth("reuse-app") BerthContainer app, TestReporter reporter) throws InterruptedException {
            long start = System.currentTimeMillis();
            reporter.publishEntry(Map.of("container", app.id(), "files", files(app), "probe", probed(app)));
            String mode = System.getProperty(MODE, "plain");
            if (mode.equals("reuse-hold")) {
                System.out.println(CrashSweepChild.READY + RunIdentity.current().runId() + " " + app.id());
                System.out.flush();
                Thread.sleep(Long.MAX_VALUE);
            }
            if (mode.equals("reuse-window")) {
                Thread.sleep(2000); // long enough for the other JVM to be waiting meanwhile
                System.out.println(WINDOW + start + " " + System.currentTimeMillis() + " " + app.id() + " "
                        + RunIdentity.current().runId());
                System.out.flush();
            }
        }
    }

    @WithNetwork(name = "reuse-net")
    @WithVolume(name = "reuse-data", seedFrom = "target/reuse-it/seed")
    @WithContainer(name = "reuse-app", image = IMAGE_REF, networks = "reuse-net", volumes = "reuse-data:/data",
            command = {"sh", "-c", "trap 'exit 0' TERM; sleep 3600 & wait"}) // stops at once for the volume copies
    @ReuseEnvironment(resetVolumes = true)
    static class ResetTestCases {
        @Test
        void usesTheEnvironment(@Berth("reuse-app") BerthContainer app, TestReporter reporter) {
            reporter.publishEntry(Map.of("container", app.id(), "files", files(app), "probe", probed(app)));
        }
    }

    /** Makes an HTTP check from the container (it runs in the container's probe) and returns the probe's container ID. */
    static String probed(BerthContainer app) {
        dev.berth.internal.Probes.container(app).http("http://127.0.0.1:9/"); // nothing listens: the probe ran it all the same
        return LeakCheck.client().inspectContainerCmd(app.dockerName() + "-probe").exec().getId();
    }

    @ComposeStack(name = "shop", files = "src/test/resources/compose/shop.yml")
    @ReuseEnvironment
    static class StackTestCases {
        @Test
        void never(BerthStack shop) {
            assertThat(shop.services()).isNotEmpty();
        }
    }

    @WithSwarm(nodes = 1)
    @WithContainer(name = "app", image = "busybox:1.35", node = "node-1", command = {"sleep", "3600"})
    @ReuseEnvironment
    static class SwarmTestCases {
        @Test
        void never() {
        }
    }

    /** {@link ResetTestCases} built in code: the builder's {@code reuse(r -> r.resetVolumes(true))}. */
    static class BuilderTestCases {
        @RegisterExtension
        static BerthEnvironment env = BerthEnvironment.builder()
                .network("reuse-net")
                .volume("reuse-data", v -> v.seedFrom("target/reuse-it/seed"))
                .container("reuse-app", c -> c.image(IMAGE_REF).networks("reuse-net").volumes("reuse-data:/data")
                        .command("sh", "-c", "trap 'exit 0' TERM; sleep 3600 & wait"))
                .reuse(r -> r.resetVolumes(true))
                .build();

        @Test
        void usesTheEnvironment(TestReporter reporter) {
            BerthContainer app = env.container("reuse-app");
            reporter.publishEntry(Map.of("container", app.id(), "files", files(app)));
        }
    }

    /** A run-wide builder ({@code shared()}) with {@code reuse()}: the twin of a reused {@code @SharedEnvironment} class. */
    static class SharedBuilderTestCases {
        @RegisterExtension
        static BerthEnvironment env = BerthEnvironment.builder()
                .network("reuse-net")
                .container("reuse-app", c -> c.image(IMAGE_REF).networks("reuse-net").command("sleep", "3600"))
                .shared()
                .reuse()
                .build();

        @Test
        void usesTheEnvironment(TestReporter reporter) {
            reporter.publishEntry(Map.of("container", env.container("reuse-app").id()));
        }
    }

    /** reuse() in an instance field: an environment per test cannot be kept. */
    static class InstanceFieldTestCases {
        @RegisterExtension
        BerthEnvironment env = BerthEnvironment.builder()
                .container("reuse-app", c -> c.image(IMAGE_REF).command("sleep", "3600"))
                .reuse()
                .build();

        @Test
        void never() {
        }
    }

    /** reuse() with a compose stack, refused like {@link StackTestCases}. */
    static class BuilderStackTestCases {
        @RegisterExtension
        static BerthEnvironment env = BerthEnvironment.builder()
                .composeStack("shop", s -> s.files("src/test/resources/compose/shop.yml"))
                .reuse()
                .build();

        @Test
        void never() {
        }
    }

    /** The files in /data before this run's test adds one ({@code written-<nanos>}). */
    static String files(BerthContainer app) {
        ExecResult r = app.exec("sh", "-c", "ls /data | tr '\\n' ' '; touch /data/written-$(date +%s)-$$");
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        return r.stdout().strip();
    }

    @BeforeAll
    static void imageAndSeed() throws IOException {
        buildImage("a");
        writeSeed("seeded");
    }

    @BeforeEach
    @AfterEach
    void removeKept() {
        for (String hash : keptHashes()) {
            KeptEnvironments.removeWhenFree(LeakCheck.client(), hash, Duration.ofMinutes(2));
        }
        assertThat(keptHashes()).isEmpty();
    }

    /** Removes every image this run built (the variants a rebuild left untagged too) and checks none is left. */
    @AfterAll
    static void removeImages() {
        for (Image image : imagesOfThisRun()) {
            LeakCheck.client().removeImageCmd(image.getId()).withForce(true).exec();
        }
        assertThat(imagesOfThisRun()).as("images labelled %s=%s after their removal", IMAGE_LABEL, IMAGE).isEmpty();
    }

    static List<Image> imagesOfThisRun() {
        return LeakCheck.client().listImagesCmd().withLabelFilter(Map.of(IMAGE_LABEL, IMAGE)).exec();
    }

    /** The hashes of the kept environments of this class's fixtures (by the scope on their anchors). */
    static List<String> keptHashes() {
        List<String> hashes = new ArrayList<>();
        for (Container a : LeakCheck.client().listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of(RunIdentity.KIND, Reuse.ANCHOR)).exec()) {
            if (a.getLabels().getOrDefault("dev.berth.reuse.scope", "").contains(ReuseIT.class.getSimpleName())) {
                hashes.add(a.getLabels().get(Reuse.LABEL));
            }
        }
        // and the parts of a kept environment whose anchor is missing
        LeakCheck.client().listContainersCmd().withShowAll(true).withLabelFilter(Map.of(RunIdentity.NAME, "reuse-app")).exec()
                .stream().map(c -> c.getLabels().get(Reuse.LABEL)).filter(h -> h != null && !hashes.contains(h)).forEach(hashes::add);
        return hashes;
    }

    /** Builds {@link #IMAGE} from busybox with a label, so each {@code variant} is an image with its own ID. */
    static String buildImage(String variant) throws IOException {
        Path dir = Files.createTempDirectory("berth-reuse-image");
        Files.writeString(dir.resolve("Dockerfile"), "FROM busybox:1.35\nLABEL dev.berth.managed=true " + IMAGE_LABEL + "=" + IMAGE
                + " dev.berth.it.variant=" + variant + "\n");
        try {
            return LeakCheck.client().buildImageCmd(dir.toFile()).withTags(Set.of(IMAGE)).exec(new BuildImageResultCallback())
                    .awaitImageId(2, TimeUnit.MINUTES);
        } finally {
            Files.delete(dir.resolve("Dockerfile"));
            Files.delete(dir);
        }
    }

    static void writeSeed(String content) throws IOException {
        Files.createDirectories(SEED);
        Files.writeString(SEED.resolve("hello.txt"), content);
    }

    /** The values the fixture published, in test order, for one key. */
    static List<String> published(FixtureRun run, String key) {
        return run.results().allEvents().reportingEntryPublished().stream().map(e -> e.getRequiredPayload(ReportEntry.class))
                .map(e -> e.getKeyValuePairs().get(key)).filter(v -> v != null).toList();
    }

    /** Runs {@code fixture} with this run's image as {@link #IMAGE_REF} and the {@code more} configuration parameters. */
    static FixtureRun run(Class<?> fixture, Map<String, String> more) {
        Map<String, String> configuration = new java.util.HashMap<>(more);
        configuration.put(IMAGE_KEY, IMAGE);
        return LeakCheck.execute(fixture, configuration);
    }

    static FixtureRun passing(Class<?> fixture) {
        FixtureRun run = run(fixture, Map.of());
        assertThat(run.testFailures()).as("failures of %s", fixture.getSimpleName()).isEmpty();
        assertThat(run.results().testEvents().succeeded().count()).isEqualTo(1);
        return run;
    }

    @Test
    @DisplayName("a second run with the same declaration adopts the kept environment: same container, the volume keeps its data")
    void adoptsOnTheSameHash() {
        FixtureRun first = passing(KeptTestCases.class);
        assertThat(first.leftBehind()).as("kept after the first run").extracting(LeakCheck.DockerObject::kind)
                .contains("container", "network", "volume");
        FixtureRun second = passing(KeptTestCases.class);

        assertThat(published(second, "container")).isEqualTo(published(first, "container"));
        assertThat(second.createdContainers()).as("containers created by the second run: only the lock (not even a probe)")
                .allMatch(name -> name.startsWith("berth-reuse-lock-"));
        assertThat(published(second, "probe")).as("the probe is kept with the environment").isEqualTo(published(first, "probe"));
        assertThat(second.createdNetworks()).isEmpty();
        assertThat(second.createdVolumes()).isEmpty();
        assertThat(published(first, "files").get(0)).isEqualTo("hello.txt");
        assertThat(published(second, "files").get(0)).as("what the first run wrote is still there").contains("hello.txt", "written-");
        assertThat(keptHashes()).hasSize(1);
    }

    @Test
    @DisplayName("a changed seed file means a changed declaration: the kept environment is not adopted")
    void refusesAChangedFile() throws IOException {
        FixtureRun first = passing(KeptTestCases.class);
        try {
            writeSeed("changed");
            FixtureRun second = passing(KeptTestCases.class);
            assertThat(published(second, "container")).doesNotContainAnyElementsOf(published(first, "container"));
            assertThat(second.createdVolumes()).hasSize(1);
            assertThat(keptHashes()).as("two declarations, two kept environments").hasSize(2);
        } finally {
            writeSeed("seeded");
        }
    }

    @Test
    @DisplayName("a changed image (same tag, another ID) means a changed declaration: the kept environment is not adopted")
    void refusesAChangedImage() throws IOException {
        FixtureRun first = passing(KeptTestCases.class);
        try {
            buildImage("b");
            FixtureRun second = passing(KeptTestCases.class);
            assertThat(published(second, "container")).doesNotContainAnyElementsOf(published(first, "container"));
            assertThat(keptHashes()).hasSize(2);
        } finally {
            buildImage("a");
        }
    }

    @Test
    @DisplayName("resetVolumes: the adopted environment's volume is back to what it held when the environment was first ready")
    void resetsVolumes() {
        FixtureRun first = passing(ResetTestCases.class);
        String hash = LeakCheck.client().inspectContainerCmd(published(first, "container").get(0)).exec().getConfig()
                .getLabels().get(Reuse.LABEL);
        List<String> keeper = runningKeepers(hash);
        assertThat(keeper).as("the snapshot was copied in the environment's keeper, kept running with it").hasSize(1);
        FixtureRun second = passing(ResetTestCases.class);
        assertThat(published(second, "container")).isEqualTo(published(first, "container"));
        assertThat(published(first, "files")).containsExactly("hello.txt");
        assertThat(published(second, "files")).as("the first run's file is gone").containsExactly("hello.txt");
        assertThat(runningKeepers(hash)).as("the reset ran in the same keeper, no helper container").isEqualTo(keeper);
        assertThat(published(second, "probe")).as("the reset restarted the container: its old probe is not adopted")
                .doesNotContainAnyElementsOf(published(first, "probe"));
        KeptEnvironments.removeWhenFree(LeakCheck.client(), hash, Duration.ofMinutes(2));
        assertThat(LeakCheck.objects(Reuse.LABEL + "=" + hash)).as("removed with the environment, keeper included").isEmpty();
    }

    /** The IDs of the running keepers of the kept environment {@code hash}. */
    static List<String> runningKeepers(String hash) {
        return LeakCheck.client().listContainersCmd().withLabelFilter(Map.of(Reuse.LABEL, hash, RunIdentity.KIND, Reuse.KEEPER))
                .exec().stream().map(Container::getId).toList();
    }

    @Test
    @DisplayName("two JVMs want the same kept environment at once: one waits for the other, then adopts it")
    void twoJvmsTakeTurns() throws Exception {
        List<CrashSweepIT.Child> children = new ArrayList<>();
        try {
            for (int i = 0; i < 2; i++) {
                children.add(CrashSweepIT.Child.start(List.of(), List.of("-D" + IMAGE_KEY + "=" + IMAGE), "reuse-window"));
            }
            List<String[]> windows = new ArrayList<>();
            for (CrashSweepIT.Child child : children) {
                assertThat(child.jvm().awaitExit(Duration.ofMinutes(5))).as("exit status; output:%n%s", child.jvm().output()).isZero();
                windows.add(child.jvm().output().lines().filter(l -> l.startsWith(WINDOW)).findFirst().orElseThrow()
                        .substring(WINDOW.length()).split(" "));
            }
            windows.sort((a, b) -> Long.compare(Long.parseLong(a[0]), Long.parseLong(b[0])));
            assertThat(Long.parseLong(windows.get(1)[0])).as("the later JVM's test started after the earlier one's ended")
                    .isGreaterThanOrEqualTo(Long.parseLong(windows.get(0)[1]));
            assertThat(windows.get(1)[2]).as("the later JVM adopted the earlier one's container").isEqualTo(windows.get(0)[2]);
            assertThat(keptHashes()).hasSize(1);
            for (String[] window : windows) {
                assertThat(CrashSweepIT.recordsOf(window[3])).as("the run record of a JVM that left only a kept environment:"
                        + " removed at its exit, not left for the next run's sweep to read").isEmpty();
            }
        } finally {
            for (CrashSweepIT.Child c : children) {
                c.process().destroyForcibly();
                Files.deleteIfExists(c.jvm().log());
            }
        }
    }

    @Test
    @DisplayName("a JVM killed (SIGKILL) while it used the environment it kept: a sweep leaves it but removes the dead run's lock, the next run adopts it")
    void survivesACrashWhileReused() throws Exception {
        CrashSweepIT.Child child = CrashSweepIT.Child.start(List.of(), List.of("-D" + IMAGE_KEY + "=" + IMAGE), "reuse-hold").awaitReady();
        try {
            assertThat(LeakCheck.client().listContainersCmd().withShowAll(true)
                    .withLabelFilter(Map.of(RunIdentity.KIND, Reuse.LOCK, RunIdentity.RUN, child.runId())).exec())
                    .as("the child holds the lock").hasSize(1);
            List<String> kept = keptContainers();
            assertThat(kept).hasSize(1);
            child.kill();
            child.awaitRecordExited();

            Sweeper.Result swept = Sweeper.sweep(LeakCheck.client(), new Sweeper.Options(Duration.ZERO, Duration.ofMinutes(30)));
            assertThat(keptContainers()).as("the kept environment after a sweep of dead runs (%s)", swept).isEqualTo(kept);
            // with the dead run's record gone, its lock would look like one of a run still starting its record: swept too
            assertThat(LeakCheck.client().listContainersCmd().withShowAll(true)
                    .withLabelFilter(Map.of(RunIdentity.KIND, Reuse.LOCK, RunIdentity.RUN, child.runId())).exec())
                    .as("the dead run's lock after the sweep (%s)", swept).isEmpty();

            FixtureRun next = passing(KeptTestCases.class);
            assertThat(published(next, "container")).isEqualTo(kept);
            assertThat(keptHashes()).hasSize(1);
        } finally {
            child.process().destroyForcibly();
            Files.deleteIfExists(child.jvm().log());
        }
    }

    /** The IDs of the kept {@code reuse-app} containers. */
    static List<String> keptContainers() {
        return LeakCheck.client().listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of(RunIdentity.NAME, "reuse-app", RunIdentity.KIND, "container")).exec() // not its kept probe
                .stream().filter(c -> c.getLabels().containsKey(Reuse.LABEL)).map(Container::getId).toList();
    }

    @Test
    @DisplayName("berth.reuse.enabled=false: the environment is created and removed as usual, nothing is kept")
    void switchedOff() {
        FixtureRun run = run(KeptTestCases.class, Map.of("berth.reuse.enabled", "false"));
        assertThat(run.results().testEvents().succeeded().count()).isEqualTo(1);
        assertThat(run.createdContainers()).isNotEmpty();
        run.assertNothingLeftBehind();
        assertThat(keptHashes()).isEmpty();
    }

    @Test
    @DisplayName("@ReuseEnvironment with a @ComposeStack: a configuration error before anything is created")
    void refusesAStack() {
        FixtureRun run = run(StackTestCases.class, Map.of());
        assertThat(run.classFailure()).isInstanceOf(org.junit.jupiter.api.extension.ExtensionConfigurationException.class)
                .hasMessageContaining("@ReuseEnvironment").hasMessageContaining("@ComposeStack").hasMessageContaining("Fix:");
        assertThat(run.createdCount()).isZero();
    }

    @Test
    @DisplayName("@ReuseEnvironment with @WithSwarm: a configuration error before any node is formed")
    void refusesASwarm() {
        FixtureRun run = run(SwarmTestCases.class, Map.of());
        assertThat(run.classFailure()).isInstanceOf(org.junit.jupiter.api.extension.ExtensionConfigurationException.class)
                .hasMessageContaining("@ReuseEnvironment").hasMessageContaining("@WithSwarm").hasMessageContaining("Fix:");
        assertThat(run.createdCount()).isZero();
    }

    @Test
    @DisplayName("ReusedEnvironments remove HASH, run as a command, removes the kept environment and all its objects")
    void removalCommand(@TempDir Path dir) throws Exception {
        passing(KeptTestCases.class);
        List<String> hashes = keptHashes();
        assertThat(hashes).hasSize(1);
        ChildJvm command = ChildJvm.start(dir.resolve("remove.log"), List.of(), ReusedEnvironments.class, "remove", hashes.get(0));
        int status = command.awaitExit(Duration.ofMinutes(2));
        String out = command.output();
        assertThat(status).as(out).isZero();
        assertThat(out).contains("removed " + hashes.get(0)).contains("container ", "network ", "volume ");
        assertThat(keptHashes()).isEmpty();
        assertThat(LeakCheck.objects(Reuse.LABEL + "=" + hashes.get(0))).isEmpty();
    }

    @Test
    @DisplayName("reuse(r -> r.resetVolumes(true)) on a builder: kept after the run, adopted by the next with its volume reset")
    void builderIsKeptAndAdopted() {
        FixtureRun first = passing(BuilderTestCases.class);
        assertThat(keptHashes()).as("kept after the first run").hasSize(1);
        FixtureRun second = passing(BuilderTestCases.class);

        assertThat(published(second, "container")).as("the second run adopts the first one's container")
                .isEqualTo(published(first, "container"));
        assertThat(second.createdNetworks()).isEmpty();
        assertThat(second.createdContainers()).as("no reuse-app created by the second run").noneMatch(n -> n.contains("reuse-app"));
        assertThat(published(first, "files")).containsExactly("hello.txt");
        assertThat(published(second, "files")).as("the first run's file is gone").containsExactly("hello.txt");
        assertThat(keptHashes()).hasSize(1);
    }

    @Test
    @DisplayName("shared().reuse() on a builder: the run-wide environment is kept and adopted by the next run")
    void sharedBuilderIsKeptAndAdopted() {
        FixtureRun first = passing(SharedBuilderTestCases.class);
        assertThat(keptHashes()).as("kept after the first run").hasSize(1);
        FixtureRun second = passing(SharedBuilderTestCases.class);
        assertThat(published(second, "container")).isEqualTo(published(first, "container"));
        assertThat(second.createdContainers()).as("containers created by the second run: only the lock (not even a probe)")
                .allMatch(name -> name.startsWith("berth-reuse-lock-"));
        assertThat(published(second, "probe")).as("the probe is kept with the environment").isEqualTo(published(first, "probe"));
        assertThat(second.createdNetworks()).isEmpty();
    }

    @Test
    @DisplayName("reuse() on an instance-field builder, or with a compose stack: a configuration error before anything is created")
    void builderRefusals() {
        FixtureRun instance = run(InstanceFieldTestCases.class, Map.of());
        assertThat(instance.onlyTestFailure()).isInstanceOf(ExtensionConfigurationException.class)
                .hasMessageContaining("field InstanceFieldTestCases.env").hasMessageContaining("reuse()")
                .hasMessageContaining("instance field").hasMessageContaining("Fix: make the field static");
        assertThat(instance.createdCount()).isZero();

        FixtureRun stack = run(BuilderStackTestCases.class, Map.of());
        assertThat(stack.classFailure()).isInstanceOf(ExtensionConfigurationException.class)
                .hasMessageContaining("field BuilderStackTestCases.env").hasMessageContaining("reuse()")
                .hasMessageContaining("compose stack").hasMessageContaining("Fix:");
        assertThat(stack.createdCount()).isZero();
        assertThat(keptHashes()).isEmpty();
    }
}
