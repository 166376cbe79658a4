package dev.berth.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.examples.docs.DocsPaths;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keeps the code in the documentation equal to compiled, tested code.
 *
 * <p>A page includes a region of a source file as a fenced block directly preceded by
 * {@code <!-- snippet: PATH#NAME -->}, PATH relative to the repository root; the source marks the
 * region with {@code // tag::NAME[]} and {@code // end::NAME[]} ({@code #} instead of {@code //}
 * in properties files, {@code <!-- tag::NAME[] -->} in XML; a tag may have several segments). The block must equal the region, de-indented.
 * Java and properties blocks in docs/ must all be such snippets. README.md's first java block must
 * equal the {@code readme} region of {@link ReadmeExampleTest}.
 *
 * <p>{@code mvn -pl examples test -Dtest=DocsSnippetsTest -Ddocs.update=true} rewrites the blocks
 * from the sources instead of failing (missing files or tags still fail).
 */
class DocsSnippetsTest {

    static final Pattern MARKER = Pattern.compile("^<!-- snippet: (\\S+)#([\\w.-]+) -->\\s*$");
    static final Pattern TAG = Pattern.compile("^\\s*(?://|#|<!--)\\s*(tag|end)::([\\w.-]+)\\[\\]\\s*(?:-->)?\\s*$");
    static final String README_SOURCE = "examples/src/test/java/dev/berth/examples/ReadmeExampleTest.java";

    static boolean updating() {
        return Boolean.getBoolean("docs.update");
    }

    @Test
    void everySnippetEqualsItsSourceRegion() throws IOException {
        Path root = DocsPaths.root();
        List<Path> pages = pages(root);
        assertThat(pages).as("pages under docs/").anyMatch(p -> p.startsWith(root.resolve("docs")));
        List<String> problems = new ArrayList<>();
        int snippets = 0;
        for (Path page : pages) {
            Checked checked = check(root, page, updating());
            problems.addAll(checked.problems());
            snippets += checked.snippets();
            if (updating() && checked.changed()) {
                Files.writeString(page, checked.content(), StandardCharsets.UTF_8);
            }
        }
        assertThat(snippets).as("snippets found in %s", pages).isPositive();
        if (!problems.isEmpty()) {
            throw new AssertionError(problems.size() + " documentation snippet problem(s)"
                    + (updating() ? " that -Ddocs.update=true cannot fix" : "; run with -Ddocs.update=true to rewrite"
                    + " the blocks from their sources") + ":\n\n" + String.join("\n\n", problems));
        }
    }

    @Test
    void readmeTopExampleIsTheCompiledReadmeExample() throws IOException {
        Path root = DocsPaths.root();
        Path readme = root.resolve("README.md");
        List<String> lines = Files.readAllLines(readme, StandardCharsets.UTF_8);
        int open = lines.indexOf("```java");
        assertThat(open).as("a ```java block in README.md").isNotNegative();
        int close = closing(lines, open);
        assertThat(close).as("the end of README.md's first java block").isPositive();
        List<String> expected = region(root, README_SOURCE, "readme");
        List<String> actual = lines.subList(open + 1, close);
        if (!actual.equals(expected)) {
            if (updating()) {
                List<String> updated = new ArrayList<>(lines.subList(0, open + 1));
                updated.addAll(expected);
                updated.addAll(lines.subList(close, lines.size()));
                Files.writeString(readme, String.join("\n", updated) + "\n", StandardCharsets.UTF_8);
                return;
            }
            throw new AssertionError(difference("README.md", open + 1, README_SOURCE + "#readme", expected, actual));
        }
    }

    // ------------------------------------------------------------ the mechanism

    record Checked(List<String> problems, int snippets, boolean changed, String content) {
    }

    static List<Path> pages(Path root) throws IOException {
        List<Path> pages = new ArrayList<>();
        pages.add(root.resolve("README.md"));
        Path docs = root.resolve("docs");
        if (Files.isDirectory(docs)) {
            try (Stream<Path> s = Files.walk(docs)) {
                s.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
            }
        }
        return pages;
    }

    /** Checks (and, when updating, rewrites in the returned content) every snippet of one page. */
    static Checked check(Path root, Path page, boolean update) throws IOException {
        String name = root.relativize(page).toString();
        boolean strict = !name.equals("README.md"); // README's top example is checked on its own
        List<String> lines = Files.readAllLines(page, StandardCharsets.UTF_8);
        List<String> out = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        int snippets = 0;
        boolean changed = false;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            Matcher m = MARKER.matcher(line);
            if (!m.matches()) {
                if (strict && (line.equals("```java") || line.equals("```properties"))) {
                    problems.add(name + ":" + (i + 1) + ": a " + line.substring(3) + " block without a <!-- snippet: FILE#TAG -->"
                            + " line before it; documentation code must come from tested sources");
                }
                if (line.startsWith("```")) { // copy a whole non-snippet block, so its contents are not read as markers
                    int end = closing(lines, i);
                    int last = end < 0 ? lines.size() - 1 : end;
                    out.addAll(lines.subList(i, last + 1));
                    i = last;
                    continue;
                }
                out.add(line);
                continue;
            }
            out.add(line);
            snippets++;
            String file = m.group(1);
            String tag = m.group(2);
            String snippet = file + "#" + tag;
            int open = i + 1;
            String fence = "```" + language(file);
            if (open >= lines.size() || !lines.get(open).equals(fence)) {
                problems.add(name + ":" + (i + 1) + ": snippet " + snippet + " must be directly followed by a " + fence + " line");
                continue;
            }
            int close = closing(lines, open);
            if (close < 0) {
                problems.add(name + ":" + (open + 1) + ": the " + fence + " block of snippet " + snippet + " is never closed");
                continue;
            }
            List<String> actual = lines.subList(open + 1, close);
            List<String> expected;
            try {
                expected = region(root, file, tag);
            } catch (IllegalArgumentException e) {
                problems.add(name + ":" + (i + 1) + ": snippet " + snippet + ": " + e.getMessage());
                out.addAll(lines.subList(open, close + 1));
                i = close;
                continue;
            }
            out.add(fence);
            if (actual.equals(expected)) {
                out.addAll(actual);
            } else if (update) {
                out.addAll(expected);
                changed = true;
            } else {
                problems.add(difference(name, open + 1, snippet, expected, actual));
                out.addAll(actual);
            }
            out.add("```");
            i = close;
        }
        return new Checked(problems, snippets, changed, String.join("\n", out) + "\n");
    }

    static String language(String file) {
        if (file.endsWith(".java")) {
            return "java";
        }
        if (file.endsWith(".properties")) {
            return "properties";
        }
        if (file.endsWith(".xml")) {
            return "xml";
        }
        return "";
    }

    /** The line index of the fence that closes the block opened at {@code open}, or -1. */
    static int closing(List<String> lines, int open) {
        for (int j = open + 1; j < lines.size(); j++) {
            if (lines.get(j).strip().equals("```")) {
                return j;
            }
        }
        return -1;
    }

    /** The de-indented lines of every segment of a tagged region, without any tag lines. */
    static List<String> region(Path root, String file, String tag) {
        Path source = root.resolve(file).normalize();
        if (!source.startsWith(root) || !Files.isRegularFile(source)) {
            throw new IllegalArgumentException("the file " + file + " does not exist (paths are relative to the repository root)");
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(source, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> region = new ArrayList<>();
        boolean inside = false;
        boolean found = false;
        for (String line : lines) {
            Matcher m = TAG.matcher(line);
            if (m.matches()) {
                if (m.group(2).equals(tag)) {
                    if (m.group(1).equals("tag")) {
                        if (inside) {
                            throw new IllegalArgumentException("tag::" + tag + "[] opens twice without end::" + tag + "[] in " + file);
                        }
                        inside = true;
                        found = true;
                    } else {
                        if (!inside) {
                            throw new IllegalArgumentException("end::" + tag + "[] without tag::" + tag + "[] in " + file);
                        }
                        inside = false;
                    }
                }
                continue; // tag lines of any region never show
            }
            if (inside) {
                region.add(line);
            }
        }
        if (!found) {
            throw new IllegalArgumentException("the tag " + tag + " (// tag::" + tag + "[] ... // end::" + tag + "[]) is missing in " + file);
        }
        if (inside) {
            throw new IllegalArgumentException("tag::" + tag + "[] is never closed with end::" + tag + "[] in " + file);
        }
        return deindent(region);
    }

    static List<String> deindent(List<String> lines) {
        int indent = lines.stream().filter(l -> !l.isBlank()).mapToInt(l -> l.length() - l.stripLeading().length()).min().orElse(0);
        List<String> out = new ArrayList<>();
        for (String l : lines) {
            out.add(l.isBlank() ? "" : l.substring(indent).stripTrailing());
        }
        while (!out.isEmpty() && out.get(0).isEmpty()) {
            out.remove(0);
        }
        while (!out.isEmpty() && out.get(out.size() - 1).isEmpty()) {
            out.remove(out.size() - 1);
        }
        return out;
    }

    static String difference(String page, int line, String snippet, List<String> expected, List<String> actual) {
        int first = 0;
        while (first < Math.min(expected.size(), actual.size()) && expected.get(first).equals(actual.get(first))) {
            first++;
        }
        return page + ":" + line + ": snippet " + snippet + " differs from its source (first difference at block line "
                + (first + 1) + ")\n--- expected (from the source)\n" + String.join("\n", expected)
                + "\n--- actual (in the page)\n" + String.join("\n", actual) + "\n---";
    }

    // ------------------------------------------------------------ the mechanism can fail

    @Nested
    class Mechanism {

        @TempDir
        Path root;

        void write(String path, String text) throws IOException {
            Files.createDirectories(root.resolve(path).getParent());
            Files.writeString(root.resolve(path), text, StandardCharsets.UTF_8);
        }

        static final String SOURCE = """
                class A {
                    // tag::call[]
                    void call() {
                        run();
                    }
                    // end::call[]
                }
                """;

        @Test
        void aDriftedBlockIsReportedWithPageLineSnippetAndBothVersions() throws IOException {
            write("src/A.java", SOURCE);
            write("docs/p.md", "Intro\n\n<!-- snippet: src/A.java#call -->\n```java\nvoid call() {\n    walk();\n}\n```\n");
            Checked c = check(root, root.resolve("docs/p.md"), false);
            assertThat(c.problems()).singleElement().asString()
                    .startsWith("docs/p.md:4: snippet src/A.java#call differs from its source (first difference at block line 2)")
                    .contains("--- expected (from the source)\nvoid call() {\n    run();\n}\n--- actual (in the page)\nvoid call() {\n    walk();\n}");
            assertThat(c.changed()).isFalse();
        }

        @Test
        void updateRewritesTheBlockFromTheDeindentedRegion() throws IOException {
            write("src/A.java", SOURCE);
            write("docs/p.md", "<!-- snippet: src/A.java#call -->\n```java\nold\n```\nafter\n");
            Checked c = check(root, root.resolve("docs/p.md"), true);
            assertThat(c.problems()).isEmpty();
            assertThat(c.changed()).isTrue();
            assertThat(c.content()).isEqualTo("<!-- snippet: src/A.java#call -->\n```java\nvoid call() {\n    run();\n}\n```\nafter\n");
            write("docs/p.md", c.content());
            assertThat(check(root, root.resolve("docs/p.md"), false).problems()).isEmpty();
        }

        @Test
        void missingFilesTagsAndUnmarkedBlocksAreReported() throws IOException {
            write("src/A.java", SOURCE);
            write("docs/p.md", "<!-- snippet: src/A.java#nope -->\n```java\nx\n```\n<!-- snippet: src/B.java#call -->\n```java\nx\n```\n"
                    + "```java\nhand-written\n```\n");
            assertThat(check(root, root.resolve("docs/p.md"), true).problems()).containsExactly(
                    "docs/p.md:1: snippet src/A.java#nope: the tag nope (// tag::nope[] ... // end::nope[]) is missing in src/A.java",
                    "docs/p.md:5: snippet src/B.java#call: the file src/B.java does not exist (paths are relative to the repository root)",
                    "docs/p.md:9: a java block without a <!-- snippet: FILE#TAG --> line before it; documentation code must come from tested sources");
        }
    }
}
