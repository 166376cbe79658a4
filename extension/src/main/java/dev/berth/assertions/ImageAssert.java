package dev.berth.assertions;

import static org.apiguardian.api.API.Status.STABLE;

import dev.berth.BerthImage;
import dev.berth.internal.Probes;
import dev.berth.internal.Secrets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apiguardian.api.API;
import org.assertj.core.api.AbstractAssert;
import org.assertj.core.api.AbstractSoftAssertions;

/**
 * Assertions on a local image without running it (like container-structure-test): its size,
 * layers, history, configuration, files, and secret hygiene.
 *
 * <pre>{@code
 * assertThatImage("example/app:multi").isSmallerThan("example/app:single").doesNotRunAsRoot()
 *         .file("/usr/bin/gcc").doesNotExist();
 * }</pre>
 */
@API(status = STABLE, since = "0.1")
public class ImageAssert extends AbstractAssert<ImageAssert, String> {

    // Extending AssertJ's self-typed AbstractAssert is AssertJ's own pattern (and what makes as(...),
    // withFailMessage(...) and soft assertions work); Berth's own API declares no self-typed generics.
    // Not final, with a protected constructor: AssertJ's soft-assertion proxies are subclasses made at
    // run time.

    /** A {@code NAME=value} assignment in a history line: build args show up as {@code |N NAME=value}. */
    private static final Pattern ASSIGNMENT = Pattern.compile("(?:^|[\\s|])([A-Za-z_][A-Za-z0-9_]*)=(\"[^\"]*\"|'[^']*'|\\S+)");

    private BerthImage facts;
    /** The soft assertions this assert belongs to (they collect its failures), or null. */
    AbstractSoftAssertions soft;

    /**
     * Creates the assertions on a local image by name; use {@code BerthAssertions.assertThatImage(name)}
     * or {@code BerthSoftAssertions}.
     */
    protected ImageAssert(String image) {
        super(image, ImageAssert.class);
    }

    /** The image's facts, read once per assertion chain (one inspect and one history call, not one per check). */
    private BerthImage facts() {
        isNotNull();
        if (facts == null) {
            facts = Probes.image(actual);
        }
        return facts;
    }

    /**
     * A failure built by AssertJ from Berth's message, so that {@code as(...)},
     * {@code withFailMessage(...)} and soft assertions work as with any AssertJ assert.
     */
    private AssertionError failure(String message) {
        return assertionError(new BerthFailure(message));
    }

    /** Assertions on a path inside the image. */
    public FileAssert file(String path) {
        isNotNull();
        return FileAssert.of(soft, path, "image " + actual, () -> Probes.imageFile(actual, path), null);
    }

    /** Verifies the image is smaller than the given number of bytes. */
    public ImageAssert hasSizeLessThan(long bytes) {
        BerthImage i = facts();
        if (i.sizeBytes() >= bytes) {
            throw failure("Expecting image " + actual + " to be smaller than " + human(bytes) + " but it is " + human(i.sizeBytes()));
        }
        return this;
    }

    /** Verifies the image is smaller than another local image. */
    public ImageAssert isSmallerThan(String otherImage) {
        BerthImage i = facts();
        BerthImage other = Probes.image(otherImage);
        if (i.sizeBytes() >= other.sizeBytes()) {
            throw failure("Expecting image " + actual + " (" + human(i.sizeBytes()) + ") to be smaller than " + otherImage + " ("
                    + human(other.sizeBytes()) + ") but it is not");
        }
        return this;
    }

    /** Verifies the image has at most the given number of file system layers. */
    public ImageAssert hasAtMostLayers(int layers) {
        BerthImage i = facts();
        if (i.layerCount() > layers) {
            throw failure("Expecting image " + actual + " to have at most " + layers + " layers but it has " + i.layerCount()
                    + "; its history:\n  " + String.join("\n  ", i.history()));
        }
        return this;
    }

    /** Verifies that some history entry (the instruction behind a layer) contains the text. */
    public ImageAssert historyContains(String text) {
        BerthImage i = facts();
        if (i.history().stream().noneMatch(h -> h.contains(text))) {
            throw failure("Expecting the history of image " + actual + " to contain \"" + text + "\" but it is:\n  "
                    + String.join("\n  ", i.history()));
        }
        return this;
    }

    /** Verifies that no history entry contains the text. */
    public ImageAssert historyDoesNotContain(String text) {
        BerthImage i = facts();
        for (String h : i.history()) {
            if (h.contains(text)) {
                throw failure("Expecting the history of image " + actual + " not to contain \"" + text + "\" but this entry does:\n  " + h);
            }
        }
        return this;
    }

    /** Verifies an environment variable of the image's configuration. */
    public ImageAssert hasEnv(String name, String value) {
        BerthImage i = facts();
        if (!i.env().contains(name + "=" + value)) {
            throw failure("Expecting image " + actual + " to have env " + name + "=" + value + " but its env is " + i.env());
        }
        return this;
    }

    /** Verifies the image declares the TCP port with EXPOSE. */
    public ImageAssert exposesPort(int port) {
        BerthImage i = facts();
        if (!i.exposedPorts().contains(port + "/tcp")) {
            throw failure("Expecting image " + actual + " to expose " + port + "/tcp but it exposes " + i.exposedPorts());
        }
        return this;
    }

    /** Verifies the user the image runs as. */
    public ImageAssert runsAsUser(String user) {
        BerthImage i = facts();
        if (!i.user().equals(user)) {
            throw failure("Expecting image " + actual + " to run as \"" + user + "\" but it runs as \""
                    + (i.user().isEmpty() ? "root (no USER)" : i.user()) + "\"");
        }
        return this;
    }

    /** Verifies the image does not run as root (it sets a USER other than root, 0 or 0:0). */
    public ImageAssert doesNotRunAsRoot() {
        BerthImage i = facts();
        String u = i.user();
        if (u.isEmpty() || u.equals("root") || u.equals("0") || u.startsWith("0:") || u.startsWith("root:")) {
            throw failure("Expecting image " + actual + " not to run as root but it runs as "
                    + (u.isEmpty() ? "root (the Dockerfile sets no USER)" : u) + ". Add a USER instruction.");
        }
        return this;
    }

    /** Verifies the working directory. */
    public ImageAssert hasWorkdir(String workdir) {
        BerthImage i = facts();
        if (!i.workdir().equals(workdir)) {
            throw failure("Expecting image " + actual + " to have WORKDIR " + workdir + " but it has \"" + i.workdir() + "\"");
        }
        return this;
    }

    /** Verifies a label of the image. */
    public ImageAssert hasLabel(String key, String value) {
        BerthImage i = facts();
        if (!value.equals(i.labels().get(key))) {
            throw failure("Expecting image " + actual + " to have label " + key + "=" + value + " but its labels are " + i.labels());
        }
        return this;
    }

    /** Verifies the entrypoint. */
    public ImageAssert hasEntrypoint(String... entrypoint) {
        BerthImage i = facts();
        if (!i.entrypoint().equals(List.of(entrypoint))) {
            throw failure("Expecting image " + actual + " to have ENTRYPOINT " + List.of(entrypoint) + " but it has " + i.entrypoint());
        }
        return this;
    }

    /** Verifies the default command. */
    public ImageAssert hasCmd(String... cmd) {
        BerthImage i = facts();
        if (!i.cmd().equals(List.of(cmd))) {
            throw failure("Expecting image " + actual + " to have CMD " + List.of(cmd) + " but it has " + i.cmd());
        }
        return this;
    }

    /**
     * Verifies that no secret is baked into the image's configuration or history: none of the
     * given values appears in its env, labels, entrypoint, cmd or history, and no env var or
     * build arg whose name looks like a secret (password, token, key, ...) has a value there.
     * The failure shows where each leak is, with the value masked ({@code ****}).
     */
    public ImageAssert doesNotLeakSecrets(String... knownSecretValues) {
        BerthImage i = facts();
        List<String> leaks = new ArrayList<>();
        for (String e : i.env()) {
            int eq = e.indexOf('=');
            String name = e.substring(0, Math.max(0, eq));
            String value = eq < 0 ? "" : e.substring(eq + 1);
            if (Secrets.looksSecret(name) && !value.isEmpty()) {
                leaks.add("env " + name + "=" + mask(value));
            }
        }
        for (int n = 0; n < i.history().size(); n++) {
            String h = i.history().get(n);
            Matcher m = ASSIGNMENT.matcher(h);
            while (m.find()) {
                String value = m.group(2).replaceAll("^[\"']|[\"']$", "");
                if (Secrets.looksSecret(m.group(1)) && !value.isEmpty() && !value.startsWith("$")) {
                    leaks.add("history entry " + (n + 1) + " sets " + m.group(1) + "=" + mask(value) + " (" + maskAll(h, value) + ")");
                }
            }
        }
        for (String secret : knownSecretValues) {
            if (secret == null || secret.isEmpty()) {
                continue;
            }
            for (String e : i.env()) {
                if (e.contains(secret)) {
                    leaks.add("env " + maskAll(e, secret));
                }
            }
            for (Map.Entry<String, String> l : i.labels().entrySet()) {
                if (l.getValue().contains(secret)) {
                    leaks.add("label " + l.getKey() + "=" + maskAll(l.getValue(), secret));
                }
            }
            for (int n = 0; n < i.history().size(); n++) {
                if (i.history().get(n).contains(secret)) {
                    leaks.add("history entry " + (n + 1) + ": " + maskAll(i.history().get(n), secret));
                }
            }
            if (String.join(" ", i.entrypoint()).contains(secret) || String.join(" ", i.cmd()).contains(secret)) {
                leaks.add("entrypoint/cmd contains " + mask(secret));
            }
        }
        if (!leaks.isEmpty()) {
            throw failure("Expecting image " + actual + " to hold no secrets but " + leaks.size() + " leak(s) were found:\n  - "
                    + String.join("\n  - ", leaks.stream().distinct().toList())
                    + "\nPass secrets at run time (env, mounted secret files, BuildKit --secret mounts), never as ENV or ARG values.");
        }
        return this;
    }

    /** A value found leaked: known secret from now on (masked in all later output too), shown as {@code ****}. */
    private static String mask(String value) {
        Secrets.registerValue(value);
        return Secrets.MASK;
    }

    private static String maskAll(String text, String value) {
        String shown = text.replace(value, mask(value));
        return shown.length() > 200 ? shown.substring(0, 200) + "..." : shown;
    }

    private static String human(long bytes) {
        return bytes >= 1024 * 1024 ? String.format("%.1f MB", bytes / 1024.0 / 1024.0) : bytes + " bytes";
    }
}
