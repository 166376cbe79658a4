package dev.berth.assertions;

import static org.apiguardian.api.API.Status.STABLE;

import dev.berth.internal.FileFacts;
import dev.berth.internal.Secrets;
import java.time.Duration;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.apiguardian.api.API;
import org.assertj.core.api.AbstractAssert;
import org.assertj.core.api.AbstractSoftAssertions;

/**
 * Assertions on one path inside a container, a named volume or an image, read through Docker's
 * archive API: the image needs no shell or tool.
 *
 * <pre>{@code
 * assertThat(web).file("/usr/share/nginx/html/index.html").contains("Hello, Docker!").hasMode("0644");
 * }</pre>
 */
@API(status = STABLE, since = "0.1")
public class FileAssert extends AbstractAssert<FileAssert, String> {

    // Extending AssertJ's self-typed AbstractAssert is AssertJ's own pattern (and what makes as(...),
    // withFailMessage(...) and soft assertions work); Berth's own API declares no self-typed generics.
    // Not final, with a protected constructor and fields set after it: AssertJ's soft-assertion proxies
    // are subclasses made at run time with a constructor that takes the actual value only.

    /** Where the path is ("container web", "volume data", "image app:1"). */
    String where;
    /** Reads the path's facts; one call per check (and per retry). */
    Supplier<FileFacts> facts;
    /** How long checks retry; zero or null: once. */
    Duration within;

    /**
     * Creates an assert on a path whose facts are not known yet: for AssertJ's soft-assertion
     * proxies. Get a FileAssert from {@code file(path)} of a container, volume or image assert.
     */
    protected FileAssert(String path) {
        super(path, FileAssert.class);
    }

    /** A FileAssert, a soft one (its failures collected) when the navigating assert is soft. */
    static FileAssert of(AbstractSoftAssertions soft, String path, String where, Supplier<FileFacts> facts, Duration within) {
        FileAssert file = soft == null ? new FileAssert(path) : soft.proxy(FileAssert.class, String.class, path);
        file.where = where;
        file.facts = facts;
        file.within = within;
        return file;
    }

    private void check(java.util.function.Consumer<FileFacts> check) {
        isNotNull();
        if (facts == null) {
            throw new IllegalStateException("This FileAssert reads no files: get one from file(path) of assertThat(container),"
                    + " assertThat(volume) or assertThat(image)");
        }
        try {
            Patience.check(within, () -> check.accept(facts.get()));
        } catch (Unmet unmet) {
            throw reported(unmet);
        }
    }

    /**
     * Reports what did not hold through AbstractAssert's own failure methods, so that
     * {@code as(...)}, {@code withFailMessage(...)} and soft assertions work as with any AssertJ
     * assert; a content comparison carries expected and actual (an IDE shows their diff).
     */
    private AssertionError reported(Unmet unmet) {
        if (unmet.isComparison()) {
            return failureWithActualExpected(Secrets.mask(String.valueOf(unmet.actual())),
                    Secrets.mask(String.valueOf(unmet.expected())), "%s", Secrets.mask(unmet.getMessage()));
        }
        return assertionError(new BerthFailure(unmet.getMessage()));
    }

    private static Unmet unmet(String message) {
        return new Unmet(message);
    }

    /** Verifies that the path exists (file, directory, link or other). */
    public FileAssert exists() {
        check(f -> {
            if (!f.exists()) {
                throw unmet("Expecting " + actual + " to exist in " + where + " but it does not");
            }
        });
        return this;
    }

    /** Verifies that nothing exists at the path. */
    public FileAssert doesNotExist() {
        check(f -> {
            if (f.exists()) {
                throw unmet("Expecting " + actual + " not to exist in " + where + " but it is a " + describe(f));
            }
        });
        return this;
    }

    /** Verifies that the path is a directory. */
    public FileAssert isDirectory() {
        check(f -> {
            if (f.kind() != FileFacts.Kind.DIRECTORY) {
                throw unmet("Expecting " + actual + " in " + where + " to be a directory but it is " + describe(f));
            }
        });
        return this;
    }

    /** Verifies that the path is a regular file (or a link to one). */
    public FileAssert isRegularFile() {
        check(f -> {
            if (f.content() == null) {
                throw unmet("Expecting " + actual + " in " + where + " to be a regular file but it is " + describe(f));
            }
        });
        return this;
    }

    /** Verifies that the file's UTF-8 content equals the given text. */
    public FileAssert hasContent(String expected) {
        check(f -> {
            String text = textOf(f);
            if (!text.equals(expected)) {
                throw Unmet.comparison("Expecting " + actual + " in " + where + " to have content:\n  \"" + expected
                        + "\"\nbut it has:\n  \"" + abbreviate(text) + "\"", expected, text);
            }
        });
        return this;
    }

    /** Verifies that the file's UTF-8 content contains every given text. */
    public FileAssert contains(String... expected) {
        check(f -> {
            String text = textOf(f);
            for (String e : expected) {
                if (!text.contains(e)) {
                    throw unmet("Expecting " + actual + " in " + where + " to contain \"" + e + "\" but its content is:\n  \""
                            + abbreviate(text) + "\"");
                }
            }
        });
        return this;
    }

    /** Verifies that the file's UTF-8 content does not contain the given text. */
    public FileAssert doesNotContain(String unexpected) {
        check(f -> {
            String text = textOf(f);
            if (text.contains(unexpected)) {
                throw unmet("Expecting " + actual + " in " + where + " not to contain \"" + unexpected + "\" but it does");
            }
        });
        return this;
    }

    /** Verifies that some part of the file's UTF-8 content matches the regular expression. */
    public FileAssert matches(String regex) {
        Pattern p = Pattern.compile(regex, Pattern.MULTILINE);
        check(f -> {
            String text = textOf(f);
            if (!p.matcher(text).find()) {
                throw unmet("Expecting " + actual + " in " + where + " to match /" + regex + "/ but its content is:\n  \""
                        + abbreviate(text) + "\"");
            }
        });
        return this;
    }

    /** Verifies the permission bits, given in octal such as {@code "644"} or {@code "0755"}. */
    public FileAssert hasMode(String octal) {
        int expected = Integer.parseInt(octal, 8);
        check(f -> {
            requireExists(f);
            if ((f.mode() & 07777) != expected) {
                throw unmet("Expecting " + actual + " in " + where + " to have mode " + String.format("%04o", expected)
                        + " but it has " + f.octalMode());
            }
        });
        return this;
    }

    /** Verifies the owning user id (and group id, when given as {@code uid:gid}), e.g. {@code "0"} or {@code "1000:1000"}. */
    public FileAssert isOwnedBy(String owner) {
        String[] parts = owner.split(":");
        long uid = Long.parseLong(parts[0]);
        Long gid = parts.length > 1 ? Long.valueOf(parts[1]) : null;
        check(f -> {
            requireExists(f);
            if (f.uid() != uid || (gid != null && f.gid() != gid)) {
                throw unmet("Expecting " + actual + " in " + where + " to be owned by " + owner + " but it is owned by "
                        + f.uid() + ":" + f.gid());
            }
        });
        return this;
    }

    private void requireExists(FileFacts f) {
        if (!f.exists()) {
            throw unmet("Expecting " + actual + " to exist in " + where + " but it does not");
        }
    }

    private String textOf(FileFacts f) {
        requireExists(f);
        if (f.content() == null) {
            throw unmet("Expecting " + actual + " in " + where + " to be a regular file with content but it is " + describe(f));
        }
        return f.text();
    }

    private static String describe(FileFacts f) {
        return switch (f.kind()) {
            case FILE -> "regular file (mode " + f.octalMode() + ")";
            case DIRECTORY -> "directory";
            case SYMLINK -> "symbolic link to " + f.linkTarget();
            case OTHER -> "special file";
            case MISSING -> "missing";
        };
    }

    private static String abbreviate(String text) {
        return text.length() > 2000 ? text.substring(0, 2000) + "... (" + text.length() + " characters)" : text;
    }
}
