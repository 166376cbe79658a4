package dev.berth.examples.docs;

import static dev.berth.assertions.BerthAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.Berth;
import dev.berth.BerthContainer;
import dev.berth.WaitFor;
import dev.berth.WithContainer;
import dev.berth.WithNetwork;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.reporting.FileEntry;

/** The pictures of docs/diagrams.md: published with a failure, and written per class with berth.diagrams.dir. */
class DiagramsDocsTest {

    @Fixture
    // tag::failing[]
    @WithNetwork(name = "shop")
    @WithNetwork(name = "billing", internal = true)
    @WithContainer(name = "cart", image = "busybox:1.35", networks = "shop", command = {"sleep", "3600"})
    @WithContainer(name = "ledger", image = "busybox:1.35", networks = "billing",
            command = {"httpd", "-f", "-p", "9000", "-h", "/"}, waitFor = @WaitFor(port = 9000))
    static class CartTalksToLedger {
        @Test
        void cartReachesLedger(@Berth("cart") BerthContainer cart, @Berth("ledger") BerthContainer ledger) {
            assertThat(cart).cannotResolve("ledger");   // passes: grey, dashed
            assertThat(cart).canReach(ledger, 9000);    // fails: red, with its message
        }
    }
    // end::failing[]

    @Test
    void aFailedCheckIsDrawnRedInThePicturePublishedWithTheFailure() throws Exception {
        FixtureRunner.Outcome run = FixtureRunner.run(CartTalksToLedger.class);
        assertThat(run.onlyTestFailure()).hasMessageContaining("cart cannot reach ledger:9000");
        FileEntry svg = run.files().stream().filter(f -> f.getPath().getFileName().toString().equals("berth-environment.svg"))
                .findFirst().orElseThrow();
        assertThat(Files.readString(svg.getPath(), StandardCharsets.UTF_8))
                .contains("<line class=\"edge failed\" data-from=\"cart\" data-to=\"ledger\"")
                .contains("cart cannot reach ledger:9000").contains("internal: no way out");
        FileEntry mermaid = run.files().stream().filter(f -> f.getPath().getFileName().toString().equals("berth-environment.mmd"))
                .findFirst().orElseThrow();
        assertThat(Files.readString(mermaid.getPath(), StandardCharsets.UTF_8)).startsWith("flowchart TB").contains(" --x|");
    }

    @Test
    void berthDiagramsDirWritesOnePicturePerTestClass(@TempDir Path pictures) throws Exception {
        FixtureRunner.run(CartTalksToLedger.class, Map.of("berth.diagrams.dir", pictures.toString()));
        assertThat(pictures.resolve("CartTalksToLedger.svg")).isRegularFile();
        assertThat(Files.readString(pictures.resolve("CartTalksToLedger.mmd"), StandardCharsets.UTF_8))
                .contains("subgraph").contains("cart").contains("ledger");
    }
}
