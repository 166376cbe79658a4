package dev.berth.assertions;

import static org.apiguardian.api.API.Status.STABLE;

import dev.berth.internal.FileFacts;
import java.time.Duration;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.apiguardian.api.API;
import org.assertj.core.api.AbstractAssert;

/**
 * Assertions on one path inside a container, a named volume or an image, read through Docker's
 * archive API: the image needs no shell or tool.
 *
 * <pre>{@code
 * assertThat(web).file("/usr/share/nginx/html/index.html").contains("Hello, Docker!").hasMode("0644");
 * }</pre>
 */
@API(status = STABLE, since = "0.1")
public final class FileAssert extends AbstractAssert<FileAssert, String> {

    private final String where;
    private final Supplier<FileFacts> facts;
    private final Duration within;

    FileAssert(String path, String where, Supplier<FileFacts> facts, Duration within) {
        super(path, FileAssert.class);
        this.where = where;
        this.facts = facts;
        this.within = within;
    }

    private void check(java.util.function.Consumer<FileFacts> check) {
        isNotNull();
        Patience.check(within, () -> check.accept(facts.get()));
    }

    private AssertionError failure(String message) {
        return Failures.described(descriptionText(), message);
    }

    /** Verifies that the path exists (file, directory, link or other). */
    public FileAssert exists() {
        check(f -> {
            if (!f.exists()) {
                throw failure("Expecting " + actual + " to exist in " + where + " but it does not");
            }
        });
        return this;
    }

    /** Verifies that nothing exists at the path. */
    public FileAssert doesNotExist() {
        check(f -> {
            if (f.exists()) {
                throw failure("Expecting " + actual + " not to exist in " + where + " but it is a " + describe(f));
            }
        });
        return this;
    }

    /** Verifies that the path is a directory. */
    public FileAssert isDirectory() {
        check(f -> {
            if (f.kind() != FileFacts.Kind.DIRECTORY) {
                throw failure("Expecting " + actual + " in " + where + " to be a directory but it is " + describe(f));
            }
        });
        return this;
    }

    /** Verifies that the path is a regular file (or a link to one). */
    public FileAssert isRegularFile() {
        check(f -> {
            if (f.content() == null) {
                throw failure("Expecting " + actual + " in " + where + " to be a regular file but it is " + describe(f));
            }
        });
        return this;
    }

    /** Verifies that the file's UTF-8 content equals the given text. */
    public FileAssert hasContent(String expected) {
        check(f -> {
            String text = textOf(f);
            if (!text.equals(expected)) {
                throw failure("Expecting " + actual + " in " + where + " to have content:\n  \"" + expected
                        + "\"\nbut it has:\n  \"" + abbreviate(text) + "\"");
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
                    throw failure("Expecting " + actual + " in " + where + " to contain \"" + e + "\" but its content is:\n  \""
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
                throw failure("Expecting " + actual + " in " + where + " not to contain \"" + unexpected + "\" but it does");
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
                throw failure("Expecting " + actual + " in " + where + " to match /" + regex + "/ but its content is:\n  \""
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
                throw failure("Expecting " + actual + " in " + where + " to have mode " + String.format("%04o", expected)
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
                throw failure("Expecting " + actual + " in " + where + " to be owned by " + owner + " but it is owned by "
                        + f.uid() + ":" + f.gid());
            }
        });
        return this;
    }

    private void requireExists(FileFacts f) {
        if (!f.exists()) {
            throw failure("Expecting " + actual + " to exist in " + where + " but it does not");
        }
    }

    private String textOf(FileFacts f) {
        requireExists(f);
        if (f.content() == null) {
            throw failure("Expecting " + actual + " in " + where + " to be a regular file with content but it is " + describe(f));
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
