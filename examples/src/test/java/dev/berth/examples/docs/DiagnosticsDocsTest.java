package dev.berth.examples.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.Berth;
import dev.berth.BerthContainer;
import dev.berth.WaitFor;
import dev.berth.WithContainer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.reporting.FileEntry;
import org.junit.platform.engine.reporting.ReportEntry;

/** The failure diagnostics of docs/cleanup-and-diagnostics.md. */
class DiagnosticsDocsTest {

    @Fixture
    // tag::fixture[]
    @WithContainer(name = "db", image = "busybox:1.35",
            env = {"DB_PASSWORD=s3cr3t-value", "DB_NAME=shop"},
            command = {"sh", "-c", "echo line 1; echo line 2; echo connecting to $DB_NAME with $DB_PASSWORD; exec sleep 3600"},
            waitFor = @WaitFor(log = "connecting"))
    static class FailsWithDiagnostics {
        @Test
        void fails(@Berth("db") BerthContainer db) {
            throw new AssertionError("deliberate failure");
        }
    }
    // end::fixture[]

    @Test
    void aFailedTestCarriesTheEnvironmentAndItsMaskedLogs() throws Exception {
        FixtureRunner.Outcome run = FixtureRunner.run(FailsWithDiagnostics.class, Map.of("berth.diagnostics.log-lines", "2"));
        Throwable failure = run.onlyTestFailure();
        assertThat(failure).hasMessage("deliberate failure");

        // 1. a suppressed exception with the summary, printed with the failure's stack trace
        assertThat(failure.getSuppressed()).hasSize(1);
        String summary = failure.getSuppressed()[0].getMessage();
        assertThat(summary).startsWith("Berth environment at the time of the failure:\n-- db (db-")
                .contains(", busybox:1.35, running, networks [bridge]), last 2 log lines:\n"
                        + "line 2\nconnecting to shop with ****")
                .doesNotContain("s3cr3t-value", "line 1");

        // 2. a report entry per container with the same last lines
        assertThat(run.reportEntries()).extracting(ReportEntry::getKeyValuePairs)
                .contains(Map.of("berth.db.logs", "line 2\nconnecting to shop with ****"));

        // 3. a published file per container with its whole (masked) log
        List<FileEntry> files = run.files();
        assertThat(files).extracting(f -> f.getPath().getFileName().toString())
                .containsExactlyInAnyOrder("berth-db.log", "berth-environment.svg", "berth-environment.mmd"); // docs/diagrams.md
        FileEntry log = files.stream().filter(f -> f.getPath().getFileName().toString().equals("berth-db.log")).findFirst().orElseThrow();
        assertThat(Files.readString(log.getPath(), StandardCharsets.UTF_8))
                .isEqualTo("line 1\nline 2\nconnecting to shop with ****\n");
    }
}
