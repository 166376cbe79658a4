package dev.berth.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import dev.berth.internal.Specs.BuildSpec;
import dev.berth.internal.Specs.ContainerSpec;
import dev.berth.internal.Specs.EnvironmentSpec;
import dev.berth.internal.Specs.RegistrySpec;
import dev.berth.internal.Specs.StackSpec;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apiguardian.api.API;

/**
 * Berth's one secret masker. Every value Berth knows to be secret is registered here as soon as
 * the declarations that hold it are read (an {@link Environment} registers its whole spec, a
 * compose stack the environment of its resolved model, a registry its password, a build its
 * args), and everything Berth prints goes through {@link #mask(String)}: exception and assertion
 * messages, environment diagnostics (summary, report entries, published log files), Berth's log
 * lines and {@link dev.berth.ExecResult#toString()}.
 *
 * <p>Secret are: the value of an env var or build arg whose name looks secret ({@link #looksSecret}),
 * the password inside a URL in any env value or build arg ({@code mysql://root:PASSWORD@db/app}),
 * compose environment values by name, and registry passwords. In any text, the password of a
 * {@code scheme://user:password@} URL is masked even when Berth never saw the value.
 *
 * <p>The registry is per JVM (the run): a value once known secret stays masked in all later
 * output, from every environment, as output of one scope can show values of another (a shared
 * environment's logs in a method's failure). Masking too much is harmless; too little is not.
 *
 * <p>Short values: a value of 1 or 2 characters, or a word such as {@code true}, {@code yes} or
 * {@code disabled} (a switch, whatever its name says), is never masked (it would shred every message, and
 * is no secret); one of 3 to 5 characters is masked only as a whole token (not inside a longer
 * word or number, so {@code "abc"} does not turn {@code "abcdef"} into {@code "****def"}); from 6
 * characters on, everywhere.
 */
@API(status = INTERNAL, since = "0.1")
public final class Secrets {

    /** What a secret value is replaced by. */
    public static final String MASK = "****";
    /** Values shorter than this are not masked at all. */
    static final int MIN_LENGTH = 3;
    /** Values shorter than this are masked only as whole tokens. */
    static final int ANYWHERE_LENGTH = 6;

    private static final Pattern SECRET_NAME = Pattern.compile("(?i).*(pass|secret|token|key|credential|auth|pwd).*");
    /**
     * {@code scheme://user:password@}: group 1 up to the colon, group 2 the password (up to the last @
     * of the authority). Bounded lengths keep a long unbroken run (a base64 blob in a log) linear.
     */
    private static final Pattern URL_CREDENTIALS = Pattern.compile(
            "([A-Za-z][A-Za-z0-9+.-]{0,31}://[^\\s/?#@:\"'<>]{0,256}:)([^\\s/?#\"'<>]{1,256})@");

    /**
     * Values that are no secret whatever the name says ({@code MYSQL_ALLOW_EMPTY_PASSWORD=yes},
     * {@code AUTH_ENABLED=true}): masking them would blank every "yes" and "true" of every message.
     */
    private static final java.util.Set<String> NOT_SECRET = java.util.Set.of("true", "false", "yes", "no", "on", "off",
            "none", "null", "empty", "enabled", "disabled", "required", "optional");

    /** Known secret values, each with how it is found in a text. Process-wide: see the class comment. */
    private static final Map<String, Pattern> KNOWN = new ConcurrentHashMap<>();
    /** {@link #KNOWN}, longest first (a value inside a longer one must not break the longer one's mask). */
    private static volatile List<Map.Entry<String, Pattern>> ordered = List.of();

    private Secrets() {
    }

    /** Whether an env var or build arg name looks like it holds a secret. */
    public static boolean looksSecret(String name) {
        return SECRET_NAME.matcher(name).matches();
    }

    // ---------------------------------------------------------------- registration

    /** Registers every secret of an environment's declarations: env, env files, build args, registry passwords. */
    public static void register(EnvironmentSpec spec) {
        for (ContainerSpec c : spec.containers()) {
            registerEnv(c.env());
        }
        for (BuildSpec b : spec.builds()) {
            registerEnv(b.buildArgs());
        }
        for (StackSpec st : spec.stacks()) {
            registerEnv(st.env());
            for (Path f : st.envFiles()) {
                registerEnvFile(f);
            }
        }
        for (RegistrySpec r : spec.registries()) {
            registerRegistry(r.username(), r.password());
        }
    }

    /** Registers a registry password, and the base64 {@code user:password} of its auth header and docker config. */
    public static void registerRegistry(String username, String password) {
        if (password == null || password.isEmpty()) {
            return;
        }
        registerValue(password);
        registerValue(java.util.Base64.getEncoder().encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8)));
    }

    /** Registers the secrets of {@code NAME=value} entries: values of secret-looking names, passwords of URLs in any value. */
    public static void registerEnv(Collection<String> entries) {
        for (String e : entries) {
            int eq = e.indexOf('=');
            if (eq < 0) {
                continue; // not an assignment (validated elsewhere): nothing to take from it
            }
            registerEnv(e.substring(0, eq), e.substring(eq + 1));
        }
    }

    /** Registers the secrets of one variable: its value when its name looks secret, and the passwords of URLs in it. */
    public static void registerEnv(String name, String value) {
        if (looksSecret(name)) {
            registerValue(value);
        } else {
            registerUrlPasswords(value);
        }
    }

    /** Registers a value known to be secret (a password, a token), and the passwords of URLs in it. */
    public static void registerValue(String value) {
        if (value == null) {
            return;
        }
        String v = value.strip();
        if (v.length() >= MIN_LENGTH && !NOT_SECRET.contains(v.toLowerCase(java.util.Locale.ROOT)) && !KNOWN.containsKey(v)) {
            Pattern p = v.length() >= ANYWHERE_LENGTH ? Pattern.compile(Pattern.quote(v))
                    : Pattern.compile("(?<![\\p{Alnum}])" + Pattern.quote(v) + "(?![\\p{Alnum}])");
            synchronized (KNOWN) {
                KNOWN.put(v, p);
                List<Map.Entry<String, Pattern>> all = new ArrayList<>(KNOWN.entrySet());
                all.sort(Comparator.comparingInt((Map.Entry<String, Pattern> e) -> e.getKey().length()).reversed());
                ordered = List.copyOf(all);
            }
        }
        registerUrlPasswords(v);
    }

    private static void registerUrlPasswords(String value) {
        Matcher m = URL_CREDENTIALS.matcher(value);
        while (m.find()) {
            String password = m.group(2);
            registerValue(password);
            if (password.contains("%")) {
                try {
                    registerValue(URLDecoder.decode(password, StandardCharsets.UTF_8));
                } catch (IllegalArgumentException notEncoded) {
                    // a literal % that starts no escape: the raw form above is the one to mask
                }
            }
        }
    }

    /** Registers the {@code NAME=value} lines of an env file (a compose {@code --env-file}). */
    static void registerEnvFile(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            // compose reads the file itself and reports what is wrong with it; its values are unknown to Berth
            return;
        }
        List<String> entries = new ArrayList<>();
        for (String line : lines) {
            String t = line.strip();
            if (t.startsWith("export ")) {
                t = t.substring("export ".length()).strip();
            }
            if (t.isEmpty() || t.startsWith("#") || !t.contains("=")) {
                continue;
            }
            String value = t.substring(t.indexOf('=') + 1).strip();
            if (value.length() >= 2 && (value.startsWith("\"") && value.endsWith("\"") || value.startsWith("'") && value.endsWith("'"))) {
                value = value.substring(1, value.length() - 1);
            }
            entries.add(t.substring(0, t.indexOf('=')).strip() + "=" + value);
        }
        registerEnv(entries);
    }

    // ---------------------------------------------------------------- masking

    /** The text with every known secret value and every URL password replaced by {@link #MASK}. */
    public static String mask(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String out = URL_CREDENTIALS.matcher(text).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + MASK + "@"));
        for (Map.Entry<String, Pattern> s : ordered) {
            if (out.contains(s.getKey())) {
                out = s.getValue().matcher(out).replaceAll(MASK);
            }
        }
        return out;
    }

    /**
     * The cause to attach to a Berth exception: the cause itself, unless a message in its chain holds
     * a known secret; then a copy of the chain with masked messages ({@link MaskedCause}: the original
     * class name first, the original stack traces), as a stack trace prints every cause's message.
     */
    public static Throwable maskCause(Throwable cause) {
        if (cause == null || !holdsSecret(cause)) {
            return cause;
        }
        MaskedCause copy = new MaskedCause(cause.getClass().getName() + ": " + mask(String.valueOf(cause.getMessage())),
                maskCause(cause.getCause() == cause ? null : cause.getCause()));
        copy.setStackTrace(cause.getStackTrace());
        return copy;
    }

    private static boolean holdsSecret(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            String m = c.getMessage();
            if (m != null && !mask(m).equals(m)) {
                return true;
            }
        }
        return false;
    }

    /** A cause whose message held a secret, copied with the message masked. */
    public static final class MaskedCause extends RuntimeException {
        private static final long serialVersionUID = 1L;

        MaskedCause(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** The env list for messages: values of secret-looking names replaced by {@link #MASK}, the rest masked by value. */
    public static List<String> maskEnv(List<String> env) {
        return env.stream().map(e -> {
            int eq = e.indexOf('=');
            return eq > 0 && looksSecret(e.substring(0, eq)) ? e.substring(0, eq + 1) + MASK : mask(e);
        }).toList();
    }
}
