package dev.berth.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.examples.docs.DocsPaths;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Every annotation example in the documentation stands next to its programmatic twin.
 *
 * <p>A java block (in README.md and docs/, where all of them are snippets of tested sources, see
 * {@link DocsSnippetsTest}) is an <em>annotation example</em> when a line of its code starts with one
 * of Berth's declaring annotations ({@code @WithContainer}, {@code @WithNetwork}, ...; text blocks
 * and comments, where messages quote them, do not count), and a <em>twin</em> when it uses
 * {@code BerthEnvironment}. Each page section (a {@code #} or {@code ##} heading and what follows
 * it, {@code ###} subsections included) must hold at least as many twins as annotation examples.
 * The twins' own tests (LessonBuildersTest, DocsBuildersTest, the *BuilderDocsTest classes and
 * others) prove that each declares what its annotations declare.
 */
class DocsTwinsTest {

    /** Berth's annotations that declare something; {@code @WaitFor} only appears inside {@code @WithContainer}. */
    static final Pattern DECLARING = Pattern.compile("^\\s*@(WithContainer|WithNetwork|WithVolume|ComposeStack|BuildImage|WithRegistry"
            + "|SharedEnvironment|ReuseEnvironment|WithSwarm|AllowHostAccess|EnvironmentCleanup)\\b");
    static final Pattern TWIN = Pattern.compile("\\bBerthEnvironment\\b");
    static final Pattern SECTION = Pattern.compile("^#{1,2} .*");

    /**
     * Annotation examples that have no twin on purpose, by {@code page#snippet-tag}, each with its
     * reason. Empty: every example of the documentation has its twin.
     */
    static final Map<String, String> WITHOUT_TWIN = Map.of();

    @Test
    void everyAnnotationExampleHasItsTwinInItsSection() throws IOException {
        Path root = DocsPaths.root();
        List<String> problems = new ArrayList<>();
        int examples = 0;
        for (Path page : DocsSnippetsTest.pages(root)) {
            Report report = check(root.relativize(page).toString(), Files.readAllLines(page, StandardCharsets.UTF_8), WITHOUT_TWIN);
            problems.addAll(report.problems());
            examples += report.examples();
        }
        assertThat(examples).as("annotation examples found in README.md and docs/").isPositive();
        assertThat(problems).as("annotation examples without a BerthEnvironment twin in their section; add one as a snippet of a"
                + " tested builder (see docs/programmatic.md), or, for an example about annotations as such, an entry with its reason"
                + " in DocsTwinsTest.WITHOUT_TWIN").isEmpty();
    }

    @Test
    void everyAllowListEntryIsStillOnItsPage() throws IOException {
        Path root = DocsPaths.root();
        for (String entry : WITHOUT_TWIN.keySet()) {
            String page = entry.substring(0, entry.indexOf('#'));
            assertThat(Files.readString(root.resolve(page), StandardCharsets.UTF_8)).as(entry)
                    .contains("#" + entry.substring(entry.indexOf('#') + 1) + " -->");
        }
    }

    // ------------------------------------------------------------ the mechanism

    record Report(List<String> problems, int examples) {
    }

    /** The sections of one page whose annotation examples outnumber their twins. */
    static Report check(String page, List<String> lines, Map<String, String> withoutTwin) {
        Map<String, Section> sections = new LinkedHashMap<>();
        Section current = new Section("(top of page)");
        sections.put(current.title, current);
        int examples = 0;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (SECTION.matcher(line).matches()) {
                current = sections.computeIfAbsent(line, Section::new);
                continue;
            }
            if (!line.startsWith("```")) {
                continue;
            }
            int close = DocsSnippetsTest.closing(lines, i);
            int end = close < 0 ? lines.size() : close;
            if (line.equals("```java")) {
                String marker = i > 0 && DocsSnippetsTest.MARKER.matcher(lines.get(i - 1)).matches() ? lines.get(i - 1) : "";
                String name = marker.isEmpty() ? "the java block at line " + (i + 1) : marker.substring(14, marker.length() - 4);
                List<String> code = code(lines.subList(i + 1, end));
                if (code.stream().anyMatch(l -> TWIN.matcher(l).find())) {
                    current.twins++;
                } else if (code.stream().anyMatch(l -> DECLARING.matcher(l).find())) {
                    examples++;
                    String tag = name.substring(name.indexOf('#') + 1);
                    if (!withoutTwin.containsKey(page + "#" + tag)) {
                        current.examples.add(page + ":" + (i + 1) + " (" + name + ")");
                    }
                }
            }
            i = end;
        }
        List<String> problems = new ArrayList<>();
        for (Section s : sections.values()) {
            if (s.examples.size() > s.twins) {
                problems.add(page + ", section \"" + s.title + "\": " + s.examples.size() + " annotation example(s), " + s.twins
                        + " twin(s): " + String.join(", ", s.examples));
            }
        }
        return new Report(problems, examples);
    }

    /** The lines of a java block without text blocks and comments, where annotations are quoted rather than used. */
    static List<String> code(List<String> block) {
        List<String> code = new ArrayList<>();
        boolean inTextBlock = false;
        for (String line : block) {
            boolean toggles = (line.split("\"\"\"", -1).length - 1) % 2 == 1;
            String stripped = line.strip();
            if (!inTextBlock && !stripped.startsWith("//") && !stripped.startsWith("*") && !stripped.startsWith("/*")) {
                code.add(line);
            }
            if (toggles) {
                inTextBlock = !inTextBlock;
            }
        }
        return code;
    }

    static final class Section {
        final String title;
        final List<String> examples = new ArrayList<>();
        int twins;

        Section(String title) {
            this.title = title;
        }
    }

    // ------------------------------------------------------------ the mechanism can fail

    @Nested
    class Mechanism {

        static final String EXAMPLE = "<!-- snippet: src/A.java#example -->\n```java\n@WithNetwork(name = \"backend\")\nclass A {\n}\n```\n";
        static final String TWIN = "<!-- snippet: src/B.java#twin -->\n```java\nstatic BerthEnvironment env = BerthEnvironment.builder()"
                + "\n        .network(\"backend\").build();\n```\n";

        Report of(String page, Map<String, String> withoutTwin) {
            return check("docs/p.md", List.of(page.split("\n", -1)), withoutTwin);
        }

        @Test
        void anExampleWithoutATwinIsReportedWithPageLineAndSnippet() {
            Report r = of("# Page\n\n" + EXAMPLE + "\n## Next\n\n" + TWIN, Map.of());
            assertThat(r.examples()).isEqualTo(1);
            assertThat(r.problems()).containsExactly("docs/p.md, section \"# Page\": 1 annotation example(s), 0 twin(s):"
                    + " docs/p.md:4 (src/A.java#example)");
        }

        @Test
        void aTwinInTheSameSectionOrItsSubsectionSatisfiesIt() {
            assertThat(of("## Networks\n\n" + EXAMPLE + "\n" + TWIN, Map.of()).problems()).isEmpty();
            assertThat(of("## Networks\n\n" + EXAMPLE + "\n### Built in code\n\n" + TWIN, Map.of()).problems()).isEmpty();
        }

        @Test
        void twoExamplesNeedTwoTwins() {
            assertThat(of("## Networks\n\n" + EXAMPLE + EXAMPLE + TWIN, Map.of()).problems()).singleElement().asString()
                    .contains("2 annotation example(s), 1 twin(s)");
        }

        @Test
        void annotationsQuotedInTextBlocksAndCommentsAreNoExamples() {
            String message = "```java\nassertThat(failure).hasMessage(\"\"\"\n        @WithContainer(name = \"a\") on class A: bad\n"
                    + "        \"\"\");\n// @WithNetwork is needed\n```\n";
            Report r = of("## Failures\n\n" + message, Map.of());
            assertThat(r.examples()).isZero();
            assertThat(r.problems()).isEmpty();
        }

        @Test
        void anAllowListedExampleIsNotReported() {
            assertThat(of("## Meta\n\n" + EXAMPLE, Map.of("docs/p.md#example", "about annotations as such")).problems()).isEmpty();
        }
    }
}
