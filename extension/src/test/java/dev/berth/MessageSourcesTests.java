package dev.berth;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Messages talk to the users of the library, not about this repository: no string literal of
 * the extension's main sources names one of the repository's own folders.
 */
class MessageSourcesTests {

    /** A Java string literal (no text blocks in the main sources). */
    private static final Pattern LITERAL = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"");
    private static final Pattern REPOSITORY_PATH = Pattern.compile("(?:^|[\\s(\"'])(?:scripts|docs|images|examples|\\.ci)/");

    @Test
    @DisplayName("no string literal in the main sources names a path of this repository (scripts/, docs/, images/, ...)")
    void noRepositoryPaths() throws IOException {
        Path root = Path.of("src", "main", "java");
        List<String> found = new ArrayList<>();
        int literals = 0;
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                List<String> lines = Files.readAllLines(file);
                for (int n = 0; n < lines.size(); n++) {
                    String line = lines.get(n).strip();
                    if (line.startsWith("*") || line.startsWith("/*") || line.startsWith("//")) {
                        continue; // Javadoc and comments may point at the repository
                    }
                    Matcher m = LITERAL.matcher(line);
                    while (m.find()) {
                        literals++;
                        if (REPOSITORY_PATH.matcher(m.group(1)).find()) {
                            found.add(root.relativize(file) + ":" + (n + 1) + ": " + m.group());
                        }
                    }
                }
            }
        }
        assertThat(literals).as("string literals read").isGreaterThan(100);
        assertThat(found).isEmpty();
    }
}
