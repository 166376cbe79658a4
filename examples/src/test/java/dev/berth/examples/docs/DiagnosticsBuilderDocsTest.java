package dev.berth.examples.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.BerthEnvironment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.engine.reporting.FileEntry;
import org.junit.platform.engine.reporting.ReportEntry;

/** The programmatic twin of the failure diagnostics of docs/cleanup-and-diagnostics.md, with a generated password. */
class DiagnosticsBuilderDocsTest {

    // tag::fixture[]
    @Fixture
    static class FailsWithDiagnostics {
        @RegisterExtension
        static BerthEnvironment env = BerthEnvironment.builder()
                .container("db", c -> c.image("busybox:1.35")
                        .env("DB_PASSWORD", "${random.db-password}").env("DB_NAME", "shop")   // generated: masked like a written one
                        .command("sh", "-c", "echo line 1; echo line 2; echo connecting to $DB_NAME with $DB_PASSWORD; exec sleep 3600")
                        .waitFor(w -> w.log("connecting")))
                .build();

        @Test
        void fails(TestReporter reporter) {
            reporter.publishEntry("generated", env.generated("db-password")); // for the check below, not for real tests
            throw new AssertionError("deliberate failure");
        }
    }
    // end::fixture[]

    @Test
    void aFailedTestCarriesTheEnvironmentAndItsMaskedLogs() throws Exception {
        FixtureRunner.Outcome run = FixtureRunner.run(FailsWithDiagnostics.class, Map.of("berth.diagnostics.log-lines", "2"));
        String password = run.reportEntries().stream().map(e -> e.getKeyValuePairs().get("generated"))
                .filter(java.util.Objects::nonNull).findFirst().orElseThrow();
        Throwable failure = run.onlyTestFailure();
        assertThat(failure).hasMessage("deliberate failure");
        assertThat(failure.getSuppressed()).hasSize(1);
        String summary = failure.getSuppressed()[0].getMessage();
        assertThat(summary).startsWith("Berth environment at the time of the failure:\n-- db (db-")
                .contains(", busybox:1.35, running, networks [bridge]), last 2 log lines:\n"
                        + "line 2\nconnecting to shop with ****")
                .doesNotContain(password, "line 1");
        assertThat(run.reportEntries()).extracting(ReportEntry::getKeyValuePairs)
                .contains(Map.of("berth.db.logs", "line 2\nconnecting to shop with ****"));
        List<FileEntry> files = run.files();
        FileEntry log = files.stream().filter(f -> f.getPath().getFileName().toString().equals("berth-db.log")).findFirst().orElseThrow();
        assertThat(Files.readString(log.getPath(), StandardCharsets.UTF_8))
                .isEqualTo("line 1\nline 2\nconnecting to shop with ****\n");
        assertThat(run.stderr()).doesNotContain(password);
    }
}
