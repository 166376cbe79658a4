package dev.berth.examples.tour;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;

/**
 * What a person would check, asked of headless Chromium (Debian's package; scripts/ensure-chromium.sh):
 * the report and each picture are screenshot (kept under target/ as CI artefacts), and a probe
 * page measures in the browser, with its real fonts, that no two boxes overlap, every container
 * and network carries its name, every text stays inside its box, and the report needs no
 * horizontal scrolling at 1280 px.
 */
final class TourReportBrowserChecks {

    static final int WIDTH = 1280;

    private final Path index;
    private final Path out;

    TourReportBrowserChecks(Path index, Path out) {
        this.index = index;
        this.out = out;
    }

    /** Runs every check against the report and the pictures next to it, and the given failure pictures. */
    void check(List<Tour.Outcome> outcomes, Path... failurePictures) throws Exception {
        Files.createDirectories(out);
        // 1. the report itself: its structure as Chromium parsed it, then a screenshot
        String dom = chromium("--dump-dom", "--virtual-time-budget=3000", index.toUri().toString());
        assertThat(dom).as("report DOM").doesNotContain("<script").contains("<h1>Berth tour</h1>");
        List<String> order = new ArrayList<>();
        Matcher m = Pattern.compile("<section class=\"lesson (ok|failed)\" id=\"lesson-(\\w+)\"").matcher(dom);
        while (m.find()) {
            order.add(m.group(1) + ":" + m.group(2));
        }
        assertThat(order).hasSize(outcomes.size());
        int firstOk = order.indexOf(order.stream().filter(o -> o.startsWith("ok:")).findFirst().orElse(""));
        assertThat(order.stream().filter(o -> o.startsWith("failed:")).allMatch(o -> firstOk < 0 || order.indexOf(o) < firstOk))
                .as("failed lessons first: %s", order).isTrue();
        Path shot = out.resolve("tour-report-1280.png");
        chromium("--screenshot=" + shot, "--window-size=" + WIDTH + ",1800", "--hide-scrollbars", index.toUri().toString());
        assertPicture(shot, WIDTH, 1800);

        // 2. in the browser: the report fits 1280 px, and every picture's boxes and texts are where they should be
        List<Path> pictures = new ArrayList<>();
        try (var s = Files.list(index.getParent().resolve("diagrams"))) {
            s.filter(p -> p.toString().endsWith(".svg")).sorted().forEach(pictures::add);
        }
        pictures.addAll(List.of(failurePictures));
        assertThat(pictures).isNotEmpty();
        String verdict = measure(index, pictures);
        assertThat(verdict).as("what the browser measured").startsWith("checked ").endsWith("problems: none");

        // 3. a screenshot of each failure picture, at its own size
        for (Path p : failurePictures) {
            String svg = Files.readString(p, StandardCharsets.UTF_8);
            Matcher size = Pattern.compile("width=\"(\\d+)\" height=\"(\\d+)\"").matcher(svg);
            assertThat(size.find()).isTrue();
            int w = Integer.parseInt(size.group(1));
            int h = Integer.parseInt(size.group(2));
            Path png = out.resolve(p.getFileName().toString().replace(".svg", ".png"));
            chromium("--screenshot=" + png, "--window-size=" + w + "," + h, "--hide-scrollbars", p.toUri().toString());
            assertPicture(png, w, h);
        }
    }

    /** Lays out the report and the pictures in Chromium and returns what its probe measured. */
    static String measure(Path index, List<Path> pictures) throws Exception {
        Path probe = index.getParent().resolve("browser-probe.html");
        Files.writeString(probe, probePage(index, pictures), StandardCharsets.UTF_8);
        String result = chromium("--dump-dom", "--virtual-time-budget=5000", "--window-size=" + WIDTH + ",1000", probe.toUri().toString());
        Matcher r = Pattern.compile("<pre id=\"result\">([^<]*)</pre>").matcher(result);
        assertThat(r.find()).as("the probe's result in %s", probe).isTrue();
        return r.group(1).replace("&gt;", ">").replace("&lt;", "<").replace("&amp;", "&").replace("&quot;", "\"");
    }

    /** A page with the report in a frame-less copy (same directory) and every picture inline, measured by a script. */
    static String probePage(Path index, List<Path> pictures) throws IOException {
        StringBuilder h = new StringBuilder("<!doctype html><html><head><meta charset=\"utf-8\"></head><body style=\"margin:0\">\n");
        h.append("<div id=\"report\" style=\"width:").append(WIDTH).append("px\">");
        String report = Files.readString(index, StandardCharsets.UTF_8);
        h.append(report, report.indexOf("<body>") + 6, report.indexOf("</body>"));
        h.append("</div>\n<style>").append(report, report.indexOf("<style>") + 7, report.indexOf("</style>")).append("</style>\n");
        for (Path p : pictures) {
            h.append("<div class=\"picture\" data-file=\"").append(p.getFileName()).append("\">")
                    .append(Files.readString(p, StandardCharsets.UTF_8)).append("</div>\n");
        }
        h.append("<pre id=\"result\"></pre>\n<script>\n").append(PROBE).append("</script></body></html>\n");
        return h.toString();
    }

    /** Measures with the browser's own layout and fonts; writes "checked N pictures ...; problems: none" or the problems. */
    static final String PROBE = """
            const problems = [];
            const report = document.getElementById('report');
            if (report.scrollWidth > 1280) problems.push('report needs ' + report.scrollWidth + ' px at 1280');
            const inside = (a, b, slack) => a.x >= b.x - slack && a.y >= b.y - slack
                && a.x + a.width <= b.x + b.width + slack && a.y + a.height <= b.y + b.height + slack;
            const overlap = (a, b) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
            let boxes = 0;
            for (const pic of document.querySelectorAll('.picture')) {
              const file = pic.dataset.file;
              const svg = pic.querySelector('svg');
              if (svg.getBoundingClientRect().width > 1280) problems.push(file + ': wider than 1280 px');
              for (const kind of ['container', 'network', 'volume']) {
                const groups = [...svg.querySelectorAll('g.' + kind)];
                const rects = groups.map(g => g.querySelector('rect').getBBox());
                groups.forEach((g, i) => {
                  boxes++;
                  const name = g.dataset.name;
                  const label = g.querySelector('text.label');
                  if (!label || !label.textContent.startsWith(name)) problems.push(file + ': ' + kind + ' ' + name + ' not labelled');
                  for (const t of g.querySelectorAll('text')) {
                    if (!inside(t.getBBox(), rects[i], 1)) problems.push(file + ': text "' + t.textContent + '" leaves ' + kind + ' ' + name);
                  }
                  rects.forEach((r, j) => { if (j > i && overlap(rects[i], r)) problems.push(file + ': ' + kind + ' ' + name + ' overlaps ' + groups[j].dataset.name); });
                });
              }
              const nets = [...svg.querySelectorAll('g.network')].map(g => g.querySelector('rect').getBBox());
              for (const c of svg.querySelectorAll('g.container')) {
                const r = c.querySelector('rect').getBBox();
                const partly = nets.filter(n => overlap(r, n) && !inside(r, n, 0));
                if (partly.length) problems.push(file + ': container ' + c.dataset.name + ' straddles a network border');
              }
            }
            document.getElementById('result').textContent = 'checked ' + document.querySelectorAll('.picture').length
                + ' pictures, ' + boxes + ' boxes; problems: ' + (problems.length ? problems.join(' | ') : 'none');
            """;

    /** A PNG of the expected size that is not blank (some ink, several colours). */
    static void assertPicture(Path png, int width, int height) throws IOException {
        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image).as("%s is a PNG", png).isNotNull();
        assertThat(image.getWidth()).as("width of %s", png).isEqualTo(width);
        assertThat(image.getHeight()).as("height of %s", png).isEqualTo(height);
        Set<Integer> colours = new HashSet<>();
        long ink = 0;
        for (int y = 0; y < image.getHeight(); y += 2) {
            for (int x = 0; x < image.getWidth(); x += 2) {
                int rgb = image.getRGB(x, y) & 0xffffff;
                colours.add(rgb);
                if (rgb != 0xffffff) {
                    ink++;
                }
            }
        }
        assertThat(colours.size()).as("colours in %s", png).isGreaterThan(8);
        assertThat(ink).as("non-white pixels in %s", png).isGreaterThan((long) image.getWidth() * image.getHeight() / 400);
    }

    /** Runs headless Chromium with a fresh profile and returns its standard output; fails unless it exits 0. */
    static String chromium(String... args) throws IOException, InterruptedException {
        String binary = System.getenv().getOrDefault("BERTH_CHROMIUM", "chromium");
        Path profile = Files.createTempDirectory("berth-chromium-");
        List<String> command = new ArrayList<>(List.of(binary, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + profile));
        command.addAll(List.of(args));
        Process p;
        try {
            p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            throw new AssertionError("headless Chromium (" + binary + ") cannot be started: " + e.getMessage()
                    + ". Install Debian's chromium package: bash scripts/ensure-chromium.sh", e);
        }
        try {
            p.getOutputStream().close();
            byte[] stdout = p.getInputStream().readAllBytes();
            if (!p.waitFor(90, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("chromium did not finish within 90 s: " + command);
            }
            assertThat(p.exitValue()).as("exit code of %s", command).isZero();
            return new String(stdout, StandardCharsets.UTF_8);
        } finally {
            try (var s = Files.walk(profile)) {
                for (Path f : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(f);
                }
            }
        }
    }
}
