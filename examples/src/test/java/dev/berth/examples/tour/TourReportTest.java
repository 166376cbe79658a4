package dev.berth.examples.tour;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.TestExecutionResult.Status;

/** The tour report without an engine: order, text switch, pictures, checks. */
class TourReportTest {

    @Test
    void failedLessonsFirstWithTheirChecksTextsAndPictures(@TempDir Path dir) throws Exception {
        Tour.Lesson one = Tour.LESSONS.get(0);
        Tour.Lesson nine = Tour.LESSONS.stream().filter(l -> l.number().equals("09")).findFirst().orElseThrow();
        Files.createDirectories(dir.resolve("diagrams"));
        Files.writeString(dir.resolve("diagrams").resolve(nine.simpleName() + ".svg"), "<svg xmlns=\"http://www.w3.org/2000/svg\"/>");
        List<Tour.Outcome> outcomes = List.of(
                new Tour.Outcome(one, "Lesson 1: <run> & see", 1, 0, 0, List.of(), Duration.ofMillis(1200),
                        List.of(new Tour.Check("runs", Status.SUCCESSFUL, Duration.ofMillis(900), ""))),
                new Tour.Outcome(nine, "Lesson 9: names", 1, 1, 0, List.of("x"), Duration.ofMillis(3400),
                        List.of(new Tour.Check("resolves", Status.SUCCESSFUL, Duration.ofMillis(500), ""),
                                new Tour.Check("reaches", Status.FAILED, Duration.ofMillis(2100), "AssertionError: a cannot reach b:80"))));
        Map<String, TourReport.LessonText> texts = Map.of("09", new TourReport.LessonText("09-networks", "Bridge networks",
                "Containers talk by name.", "브리지 네트워크", "컨테이너는 이름으로 통신합니다."));
        Path index = TourReport.write(dir, outcomes, Duration.ofSeconds(5), texts);
        String html = Files.readString(index);
        assertThat(html).doesNotContain("<script").contains("1 of 2 lessons verified")
                .contains("<input type=\"radio\" name=\"lang\" id=\"lang-ko\">")
                .contains("#lang-en:checked ~ .page .ko, #lang-ko:checked ~ .page .en { display: none; }")
                .contains("<div class=\"ko\" lang=\"ko\"><h3>브리지 네트워크</h3><p>컨테이너는 이름으로 통신합니다.</p></div>")
                .contains("<img src=\"diagrams/" + nine.simpleName() + ".svg\"")
                .contains("<tr class=\"failed\"><td class=\"mark\">✘</td><td>reaches<pre>AssertionError: a cannot reach b:80</pre></td><td class=\"time\">2.1 s</td></tr>")
                .contains("Lesson 1: &lt;run&gt; &amp; see")
                .contains("This lesson builds no container environment");
        assertThat(html.indexOf("id=\"lesson-09\"")).as("the failed lesson first").isLessThan(html.indexOf("id=\"lesson-01\""));
    }

    @Test
    void titleAndIntroOfALessonPage() {
        String[] t = TourReport.titleAndIntro(List.of("# Lesson 9: Bridge networks", "", "[한국어](./x.ko.md) · [All](README.md)", "",
                "The course: containers talk by [name](x.md) with `docker network create`.", "Second line.", "", "More."));
        assertThat(t).containsExactly("Lesson 9: Bridge networks", "The course: containers talk by name with docker network create. Second line.");
    }
}
