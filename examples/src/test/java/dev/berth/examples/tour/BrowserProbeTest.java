package dev.berth.examples.tour;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The browser probe of {@link TourReportBrowserChecks} finds what a person would see is wrong (it can fail). */
class BrowserProbeTest {

    @Test
    void reportsOverlapsUnlabelledBoxesTextOutsideAndAWidePage(@TempDir Path dir) throws Exception {
        Path index = dir.resolve("index.html");
        Files.writeString(index, "<!doctype html><html><head><style>.x{}</style></head><body>"
                + "<div style=\"width:1600px\">too wide</div></body></html>");
        Path bad = dir.resolve("bad.svg");
        Files.writeString(bad, """
                <svg xmlns="http://www.w3.org/2000/svg" width="400" height="200" font-family="monospace" font-size="12">
                <g class="container" data-name="a"><rect x="10" y="10" width="100" height="60"/>
                  <text class="label" x="14" y="26">a</text><text x="14" y="42">a text far too long for its box</text></g>
                <g class="container" data-name="b"><rect x="60" y="30" width="100" height="60"/><text x="64" y="46">no label</text></g>
                </svg>
                """);
        String verdict = TourReportBrowserChecks.measure(index, List.of(bad));
        assertThat(verdict).startsWith("checked 1 pictures, 2 boxes")
                .contains("report needs 1600 px at 1280")
                .contains("bad.svg: text \"a text far too long for its box\" leaves container a")
                .contains("bad.svg: container b not labelled")
                .contains("bad.svg: container a overlaps b");
    }
}
