package dev.berth.examples.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.BerthEnvironment;
import dev.berth.EnvironmentCleanup;
import dev.berth.Removal;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The programmatic twin of the cleanup example of docs/cleanup-and-diagnostics.md. */
class CleanupBuilderDocsTest {

    // tag::never[]
    @Fixture
    @EnvironmentCleanup(Removal.NEVER)           // applies to the builder's environment too
    static class KeptForDebugging {
        @RegisterExtension
        static BerthEnvironment env = BerthEnvironment.builder()
                .network("net")
                .container("app", c -> c.image("busybox:1.35").networks("net").command("sleep", "3600"))
                .build();

        @Test
        void passes(TestReporter reporter) {
            reporter.publishEntry("container", env.container("app").dockerName());
            reporter.publishEntry("network", env.network("net").dockerName());
        }
    }
    // end::never[]

    @Test
    void neverKeepsItAndPrintsTheCommandThatRemovesIt() {
        FixtureRunner.Outcome run = FixtureRunner.run(KeptForDebugging.class);
        assertThat(run.testsSucceeded()).isEqualTo(1);
        String container = run.reportEntries().stream().map(e -> e.getKeyValuePairs().get("container"))
                .filter(java.util.Objects::nonNull).findFirst().orElseThrow();
        String network = run.reportEntries().stream().map(e -> e.getKeyValuePairs().get("network"))
                .filter(java.util.Objects::nonNull).findFirst().orElseThrow();
        try {
            keptAndRemovable(run, container, network);
        } finally { // what the test did not remove, whatever failed
            DockerCli.run(List.of("sh", "-c", "docker rm -f " + container + "-probe " + container + " >/dev/null 2>&1;"
                    + " docker network rm " + network + " >/dev/null 2>&1; true"));
        }
    }

    private static void keptAndRemovable(FixtureRunner.Outcome run, String container, String network) {
        assertThat(DockerCli.docker("inspect", "--format", "{{.State.Running}}", container)).isEqualTo("true\n");
        assertThat(run.stderr()).contains("Berth kept the environment of BerthEnvironment in field KeptForDebugging.env"
                + " (cleanup NEVER). Remove it with:\n");
        String command = run.stderr().lines().dropWhile(l -> !l.contains("Remove it with:")).skip(1).findFirst()
                .orElseThrow().strip();
        assertThat(command).isEqualTo("docker rm -f " + container + "-probe " + container + " 2>/dev/null; docker network rm "
                + network);
        DockerCli.Result removal = DockerCli.run(List.of("sh", "-c", command));
        assertThat(removal.exitCode()).as(removal.output()).isZero();
        assertThat(List.of(container, network)).noneMatch(DockerCli::exists);
    }
}
