package dev.berth.examples.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.Berth;
import dev.berth.BerthContainer;
import dev.berth.BerthNetwork;
import dev.berth.BerthVolume;
import dev.berth.Removal;
import dev.berth.EnvironmentCleanup;
import dev.berth.WithContainer;
import dev.berth.WithNetwork;
import dev.berth.WithVolume;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The examples of docs/cleanup-and-diagnostics.md (cleanup, labels, sweeping). */
class CleanupDocsTest {

    /** Docker names of what the last fixture created, set by the fixture itself. */
    static final List<String> CREATED = new ArrayList<>();

    /** Names to remove after a test that deliberately kept an environment (only if a check failed half-way). */
    private final List<String> toRemove = new ArrayList<>();

    @AfterEach
    void removeWhatATestKept() {
        for (String name : toRemove) {
            DockerCli.run(List.of("docker", "rm", "-f", name));
        }
        for (String name : toRemove) {
            DockerCli.run(List.of("docker", "network", "rm", name));
            DockerCli.run(List.of("docker", "volume", "rm", name));
        }
    }

    @Fixture
    @WithNetwork(name = "net")
    @WithVolume(name = "data")
    @WithContainer(name = "app", image = "busybox:1.35", networks = "net", volumes = "data:/data", command = {"sleep", "3600"})
    static class Default {
        @Test
        void passes(@Berth("app") BerthContainer app, BerthNetwork net, BerthVolume data) {
            CREATED.addAll(List.of(app.dockerName(), net.dockerName(), data.dockerName()));
        }
    }

    @Test
    void alwaysIsTheDefault() {
        CREATED.clear();
        FixtureRunner.Outcome run = FixtureRunner.run(Default.class);
        assertThat(run.testsSucceeded()).isEqualTo(1);
        assertThat(CREATED).hasSize(3).noneMatch(DockerCli::exists);
    }

    @Fixture
    // tag::never[]
    @EnvironmentCleanup(Removal.NEVER)           // or ON_SUCCESS: keep it only when a test failed
    @WithNetwork(name = "net")
    @WithContainer(name = "app", image = "busybox:1.35", networks = "net", command = {"sleep", "3600"})
    static class KeptForDebugging {
        @Test
        void passes(@Berth("app") BerthContainer app, BerthNetwork net) {
            CREATED.addAll(List.of(app.dockerName(), net.dockerName()));
        }
    }
    // end::never[]

    @Test
    void neverKeepsItAndPrintsTheCommandThatRemovesIt() {
        CREATED.clear();
        FixtureRunner.Outcome run = FixtureRunner.run(KeptForDebugging.class);
        toRemove.addAll(CREATED);
        assertThat(run.testsSucceeded()).isEqualTo(1);
        String container = CREATED.get(0);
        String network = CREATED.get(1);
        assertThat(DockerCli.docker("inspect", "--format", "{{.State.Running}}", container)).isEqualTo("true\n");

        // the labels every Berth object carries
        String labels = DockerCli.docker("inspect", "--format",
                "{{range $k, $v := .Config.Labels}}{{$k}}={{$v}}\n{{end}}", container);
        assertThat(labels).contains("dev.berth.managed=true\n", "dev.berth.kind=container\n", "dev.berth.name=app\n",
                "dev.berth.pid=" + ProcessHandle.current().pid() + "\n",
                "dev.berth.scope=[engine:junit-jupiter]/[class:" + KeptForDebugging.class.getName() + "]\n");
        assertThat(labels).containsPattern("dev\\.berth\\.run=[0-9a-f]{10}\n").contains("dev.berth.host=", "dev.berth.pid-start=");
        assertThat(DockerCli.docker("ps", "-q", "--filter", "label=dev.berth.managed=true", "--filter", "name=" + container))
                .isNotBlank();

        // the warning names the scope and gives the one command that removes everything
        assertThat(run.stderr()).contains("Berth kept the environment of class " + KeptForDebugging.class.getName()
                + " (cleanup NEVER). Remove it with:\n");
        String command = run.stderr().lines().dropWhile(l -> !l.contains("Remove it with:")).skip(1).findFirst()
                .orElseThrow().strip();
        assertThat(command).isEqualTo("docker rm -f " + container + "-probe " + container + " 2>/dev/null; docker network rm "
                + network);
        DockerCli.Result removal = DockerCli.run(List.of("sh", "-c", command));
        assertThat(removal.exitCode()).as(removal.output()).isZero();
        assertThat(List.of(container, network)).noneMatch(DockerCli::exists);
    }

    @Fixture
    @EnvironmentCleanup(Removal.ON_SUCCESS)
    @WithContainer(name = "app", image = "busybox:1.35", command = {"sleep", "3600"})
    static class KeptBecauseATestFailed {
        @Test
        void fails(@Berth("app") BerthContainer app) {
            CREATED.add(app.dockerName());
            throw new AssertionError("deliberate failure");
        }
    }

    @Test
    void onSuccessKeepsAFailedScope() {
        CREATED.clear();
        FixtureRunner.Outcome run = FixtureRunner.run(KeptBecauseATestFailed.class);
        toRemove.addAll(CREATED);
        assertThat(run.onlyTestFailure()).hasMessage("deliberate failure");
        assertThat(CREATED).hasSize(1).allMatch(DockerCli::exists);
        assertThat(run.stderr()).contains("(cleanup ON_SUCCESS, a test failed). Remove it with:");
    }

    @Test
    void theSweeperRemovesWhatADeadRunLeftBehind() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classpath = System.getProperty("java.class.path");
        // a separate JVM keeps an environment (berth.cleanup=never) and exits: its run is now dead
        DockerCli.Result child = DockerCli.run(List.of(java, "-cp", classpath, KeepAndExit.class.getName()));
        assertThat(child.exitCode()).as(child.output()).isZero();
        List<String> kept = child.output().lines().filter(l -> l.startsWith("kept: ")).map(l -> l.substring(6)).toList();
        toRemove.addAll(kept);
        assertThat(kept).hasSize(3).allMatch(DockerCli::exists);

        // what docs/cleanup-and-diagnostics.md tells to run
        DockerCli.Result sweep = DockerCli.run(List.of(java, "-cp", classpath, "dev.berth.internal.Sweeper"));
        assertThat(sweep.exitCode()).as(sweep.output()).isZero();
        assertThat(sweep.output()).contains("berth sweep: removed containers [");
        assertThat(kept).noneMatch(DockerCli::exists);
    }

    /** The child JVM of {@link #theSweeperRemovesWhatADeadRunLeftBehind()}. */
    static final class KeepAndExit {
        private KeepAndExit() {
        }

        public static void main(String[] args) {
            CREATED.clear();
            FixtureRunner.Outcome run = FixtureRunner.run(Default.class, Map.of("berth.cleanup", "never"));
            if (run.testsSucceeded() != 1) {
                System.out.println("fixture failed: " + run);
                System.exit(1);
            }
            CREATED.forEach(name -> System.out.println("kept: " + name));
            System.exit(0);
        }
    }
}
