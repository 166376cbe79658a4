package dev.berth.examples.tour;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.platform.engine.TestExecutionResult.Status;

/**
 * The tour's report: one HTML file next to the lessons' pictures (diagrams/CLASS.svg), opened from
 * disk. Per lesson its claim, concept, English and Korean text (a switch made of two radio buttons
 * and CSS, no script), its picture and its checks with ✔/✘ and times; failed lessons first.
 */
final class TourReport {

    /** The title and first paragraph of a lesson's pages, in English and Korean. */
    record LessonText(String page, String titleEn, String introEn, String titleKo, String introKo) {
    }

    private TourReport() {
    }

    /** Writes {@code dir/index.html} (the pictures are already in {@code dir/diagrams}) and returns its path. */
    static Path write(Path dir, List<Tour.Outcome> outcomes, Duration total, Map<String, LessonText> texts) {
        try {
            Files.createDirectories(dir);
            Path index = dir.resolve("index.html");
            Files.writeString(index, html(dir, outcomes, total, texts), StandardCharsets.UTF_8);
            return index;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the tour report into " + dir, e);
        }
    }

    static String html(Path dir, List<Tour.Outcome> outcomes, Duration total, Map<String, LessonText> texts) {
        List<Tour.Outcome> ordered = new ArrayList<>(outcomes);
        ordered.sort(Comparator.comparing((Tour.Outcome o) -> o.ok() ? 1 : 0)); // stable: course order within each part
        long verified = outcomes.stream().filter(Tour.Outcome::ok).count();
        StringBuilder h = new StringBuilder(16384);
        h.append("<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>Berth tour: ").append(verified).append(" of ").append(outcomes.size()).append(" lessons verified</title>\n")
                .append("<style>\n").append(CSS).append("</style>\n</head>\n<body>\n")
                .append("<input type=\"radio\" name=\"lang\" id=\"lang-en\" checked>")
                .append("<input type=\"radio\" name=\"lang\" id=\"lang-ko\">\n")
                .append("<div class=\"page\">\n<header>\n<h1>Berth tour</h1>\n")
                .append("<p class=\"summary\"><span class=\"en\">").append(verified).append(" of ").append(outcomes.size())
                .append(" lessons verified on the real engine, total ").append(seconds(total)).append("</span>")
                .append("<span class=\"ko\" lang=\"ko\">레슨 ").append(outcomes.size()).append("개 중 ").append(verified)
                .append("개 검증됨, 전체 ").append(seconds(total)).append("</span></p>\n")
                .append("<nav class=\"switch\"><label for=\"lang-en\">English</label><label for=\"lang-ko\" lang=\"ko\">한국어</label></nav>\n")
                .append("</header>\n");
        h.append("<ol class=\"index\">\n");
        for (Tour.Outcome o : ordered) {
            h.append("<li class=\"").append(o.ok() ? "ok" : "failed").append("\"><a href=\"#lesson-").append(o.lesson().number())
                    .append("\">").append(o.ok() ? "✔" : "✘").append(" ").append(esc(o.lesson().number())).append(" · ")
                    .append(esc(o.lesson().concept())).append("</a></li>\n");
        }
        h.append("</ol>\n");
        for (Tour.Outcome o : ordered) {
            Tour.Lesson l = o.lesson();
            LessonText text = texts.get(l.number());
            h.append("<section class=\"lesson ").append(o.ok() ? "ok" : "failed").append("\" id=\"lesson-").append(l.number()).append("\">\n")
                    .append("<h2><span class=\"status\">").append(o.ok() ? "✔" : "✘").append("</span> Lesson ").append(esc(l.number()))
                    .append(" · ").append(esc(l.concept())).append(" <span class=\"time\">").append(seconds(o.time())).append("</span></h2>\n")
                    .append("<p class=\"claim\">").append(esc(o.claim())).append("</p>\n");
            if (text != null) {
                h.append("<div class=\"en\"><h3>").append(esc(text.titleEn())).append("</h3><p>").append(esc(text.introEn()))
                        .append("</p></div>\n<div class=\"ko\" lang=\"ko\"><h3>").append(esc(text.titleKo())).append("</h3><p>")
                        .append(esc(text.introKo())).append("</p></div>\n");
            }
            String svg = l.simpleName() + ".svg";
            if (Files.isRegularFile(dir.resolve("diagrams").resolve(svg))) {
                h.append("<figure><img src=\"diagrams/").append(esc(svg)).append("\" alt=\"The environment of lesson ")
                        .append(esc(l.number())).append(": networks, containers, volumes and checked edges\"></figure>\n");
            } else {
                h.append("<p class=\"nodiagram\"><span class=\"en\">This lesson builds no container environment (it works on images).</span>")
                        .append("<span class=\"ko\" lang=\"ko\">이 레슨은 컨테이너 환경을 만들지 않습니다 (이미지를 다룹니다).</span></p>\n");
            }
            h.append("<table class=\"checks\">\n");
            for (Tour.Check c : o.checks()) {
                String mark = c.status() == Status.SUCCESSFUL ? "✔" : c.status() == Status.ABORTED ? "–" : "✘";
                h.append("<tr class=\"").append(c.status().name().toLowerCase(Locale.ROOT)).append("\"><td class=\"mark\">").append(mark)
                        .append("</td><td>").append(esc(c.name()));
                if (!c.message().isEmpty()) {
                    h.append("<pre>").append(esc(c.message())).append("</pre>");
                }
                h.append("</td><td class=\"time\">").append(seconds(c.time())).append("</td></tr>\n");
            }
            h.append("</table>\n</section>\n");
        }
        h.append("</div>\n</body>\n</html>\n");
        return h.toString();
    }

    private static final String CSS = """
            body { margin: 0; font: 15px/1.45 system-ui, "DejaVu Sans", sans-serif; color: #1d1d1d; background: #f4f5f7; }
            input[name=lang] { position: absolute; opacity: 0; pointer-events: none; }
            .page { max-width: 1180px; margin: 0 auto; padding: 16px 20px 40px; }
            header { display: flex; flex-wrap: wrap; align-items: baseline; gap: 8px 24px; }
            h1 { margin: 0; font-size: 26px; }
            .summary { margin: 0; flex: 1; }
            .switch label { border: 1px solid #3d6fa5; padding: 3px 12px; cursor: pointer; color: #3d6fa5; }
            #lang-en:checked ~ .page .switch label[for=lang-en], #lang-ko:checked ~ .page .switch label[for=lang-ko] { background: #3d6fa5; color: #fff; }
            #lang-en:checked ~ .page .ko, #lang-ko:checked ~ .page .en { display: none; }
            .index { columns: 3 260px; padding-left: 20px; }
            .index .failed a { color: #c62828; font-weight: bold; }
            .index a { color: #1f3f66; text-decoration: none; }
            .lesson { background: #fff; border: 1px solid #d6d9de; border-left: 6px solid #1b7f3b; border-radius: 6px; margin: 18px 0; padding: 4px 18px 12px; }
            .lesson.failed { border-left-color: #c62828; }
            .lesson h2 { font-size: 20px; margin: 12px 0 4px; }
            .lesson.ok .status { color: #1b7f3b; } .lesson.failed .status { color: #c62828; }
            .time { color: #666; font-weight: normal; font-size: 13px; white-space: nowrap; }
            .claim { font-style: italic; margin: 4px 0 8px; }
            h3 { font-size: 16px; margin: 8px 0 2px; }
            figure { margin: 10px 0; overflow-x: auto; }
            figure img { max-width: 100%; height: auto; border: 1px solid #e1e3e6; }
            .checks { border-collapse: collapse; width: 100%; }
            .checks td { border-top: 1px solid #eceef1; padding: 3px 6px; vertical-align: top; }
            .checks .mark { width: 1.5em; font-weight: bold; }
            .checks .successful .mark { color: #1b7f3b; } .checks .failed .mark { color: #c62828; }
            .checks pre { white-space: pre-wrap; color: #c62828; margin: 4px 0; font-size: 13px; }
            .nodiagram { color: #555; }
            """;

    /** Titles and first paragraphs of docs/lessons/NN-*.en.md and .ko.md, by lesson number; empty when the docs are not found. */
    static Map<String, LessonText> docsLessons() {
        Map<String, LessonText> texts = new LinkedHashMap<>();
        Path lessons = null;
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            if (Files.isDirectory(d.resolve("docs/lessons"))) {
                lessons = d.resolve("docs/lessons");
                break;
            }
        }
        if (lessons == null) {
            return texts;
        }
        try (Stream<Path> pages = Files.list(lessons)) {
            for (Path en : pages.filter(p -> p.getFileName().toString().matches("\\d+[a-z]?-.*\\.en\\.md")).sorted().toList()) {
                String file = en.getFileName().toString();
                String number = file.substring(0, file.indexOf('-'));
                Path ko = en.resolveSibling(file.replace(".en.md", ".ko.md"));
                String[] e = titleAndIntro(Files.readAllLines(en, StandardCharsets.UTF_8));
                String[] k = Files.isRegularFile(ko) ? titleAndIntro(Files.readAllLines(ko, StandardCharsets.UTF_8)) : new String[] {"", ""};
                texts.put(number, new LessonText(file.replace(".en.md", ""), e[0], e[1], k[0], k[1]));
            }
        } catch (IOException ex) {
            throw new UncheckedIOException("cannot read the lesson pages in " + lessons, ex);
        }
        return texts;
    }

    /** A page's H1 and its first prose paragraph (after the links line), with Markdown links and code marks taken out. */
    static String[] titleAndIntro(List<String> lines) {
        String title = lines.stream().filter(l -> l.startsWith("# ")).findFirst().map(l -> l.substring(2).replace("`", "")).orElse("");
        StringBuilder intro = new StringBuilder();
        boolean started = false;
        for (String l : lines) {
            if (l.startsWith("#") || l.startsWith("[") || l.startsWith("<!--") || l.startsWith("```") || l.startsWith("!")) {
                if (started) {
                    break;
                }
                continue;
            }
            if (l.isBlank()) {
                if (started) {
                    break;
                }
                continue;
            }
            started = true;
            intro.append(intro.length() == 0 ? "" : " ").append(l.strip());
        }
        String plain = intro.toString().replaceAll("\\[([^\\]]*)\\]\\([^)]*\\)", "$1").replace("`", "");
        return new String[] {title, plain};
    }

    static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
