package dev.berth.examples.tour;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The tour runs every lesson there is, in course (number) order, and selects lessons by number or name. */
class TourTest {

    @Test
    void theTourListsEveryLessonClassInOrder() throws IOException {
        List<String> sources;
        try (Stream<Path> s = Files.list(Path.of("src/test/java/dev/berth/examples/lessons"))) {
            sources = s.map(p -> p.getFileName().toString())
                    .filter(n -> n.matches("Lesson\\d+\\w*Test\\.java"))
                    .filter(n -> !n.endsWith("BuilderTest.java")) // a lesson's programmatic twin runs with the suite, not in the tour
                    .map(n -> "dev.berth.examples.lessons." + n.substring(0, n.length() - ".java".length()))
                    .sorted(Comparator.naturalOrder()).toList();
        }
        assertThat(Tour.LESSONS).extracting(Tour.Lesson::className).containsExactlyElementsOf(sources);
        for (Tour.Lesson l : Tour.LESSONS) {
            assertThat(l.simpleName()).startsWith("Lesson" + l.number());
            assertThat(Tour.class.getClassLoader().getResource(l.className().replace('.', '/') + ".class"))
                    .as("%s compiled on the test classpath", l.className()).isNotNull();
        }
    }

    @Test
    void argumentsSelectLessonsByNumberOrName() {
        assertThat(Tour.select(new String[0])).isEqualTo(Tour.LESSONS);
        assertThat(Tour.select(new String[] {""})).isEqualTo(Tour.LESSONS);
        assertThat(Tour.select(new String[] {"5 7"})).extracting(Tour.Lesson::number).containsExactly("05", "07");
        assertThat(Tour.select(new String[] {"compose"})).extracting(Tour.Lesson::number).containsExactly("06");
        assertThat(Tour.select(new String[] {"3 3a 10B"})).extracting(Tour.Lesson::number).containsExactly("03", "03a", "10b");
        assertThat(Tour.select(new String[] {"08"})).extracting(Tour.Lesson::number).containsExactly("08");
        assertThat(Tour.select(new String[] {"42"})).isEmpty();
    }
}
