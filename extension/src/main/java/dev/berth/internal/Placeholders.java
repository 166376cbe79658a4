package dev.berth.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.apiguardian.api.API;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

/**
 * Resolves {@code ${key}} and {@code ${key:default}} in the string attributes of Berth's
 * declarations, before they are validated.
 *
 * <p>A key is looked up, first found wins, in: JUnit configuration parameters (which JUnit itself reads
 * from launcher parameters, then {@code -D} system properties, then {@code junit-platform.properties}),
 * system properties, then environment variables: the key as written, then upper-cased with every
 * character other than a letter or digit as {@code _} ({@code db.image} → {@code DB_IMAGE}). Unset
 * everywhere, the default after the first {@code :} is used; without one the declaration fails.
 * {@code $${} writes a literal {@code ${}.
 *
 * <p>{@code ${random.NAME}} is a value generated once per environment: 24 random letters and digits,
 * the same wherever that environment (or one inside it) writes {@code ${random.NAME}}, registered with
 * {@link Secrets} before anything uses it, and readable by the test.
 */
@API(status = INTERNAL, since = "0.2")
public final class Placeholders {

    /** The prefix of generated values. */
    public static final String RANDOM = "random.";
    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]*");
    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final SecureRandom RANDOM_SOURCE = new SecureRandom();

    private final Function<String, Optional<String>> parameters;
    private final Function<String, Optional<String>> systemProperties;
    private final Function<String, Optional<String>> environment;
    private final Map<String, String> generated;
    private final List<Map<String, String>> outerGenerated;

    Placeholders(Function<String, Optional<String>> parameters, Function<String, Optional<String>> systemProperties,
                 Function<String, Optional<String>> environment, List<Map<String, String>> outerGenerated) {
        this(parameters, systemProperties, environment, outerGenerated, Collections.synchronizedMap(new LinkedHashMap<>()));
    }

    private Placeholders(Function<String, Optional<String>> parameters, Function<String, Optional<String>> systemProperties,
                 Function<String, Optional<String>> environment, List<Map<String, String>> outerGenerated, Map<String, String> own) {
        this.generated = own;
        this.parameters = parameters;
        this.systemProperties = systemProperties;
        this.environment = environment;
        this.outerGenerated = List.copyOf(outerGenerated);
    }

    /** Placeholders of one scope: configuration parameters of {@code config}, this JVM's properties and environment. */
    public static Placeholders of(Config config, List<Environment> outer) {
        List<Map<String, String>> outerValues = new ArrayList<>();
        outer.forEach(e -> outerValues.add(e.generated()));
        return new Placeholders(config::parameter, k -> Optional.ofNullable(System.getProperty(k)),
                k -> Optional.ofNullable(System.getenv(k)), outerValues);
    }

    /** Placeholders for declarations added to a running environment: new generated values join that environment's. */
    public static Placeholders running(Environment env) {
        List<Map<String, String>> outerValues = new ArrayList<>();
        env.outer().forEach(e -> outerValues.add(e.generated()));
        return new Placeholders(env.config()::parameter, k -> Optional.ofNullable(System.getProperty(k)),
                k -> Optional.ofNullable(System.getenv(k)), outerValues, env.generated());
    }

    /** The values generated for this scope so far, by name (without {@code random.}). */
    public Map<String, String> generated() {
        return generated;
    }

    /**
     * The text with its placeholders resolved.
     *
     * @param where the declaration and attribute, for the message when a placeholder cannot be resolved
     */
    public String resolve(String text, String where) {
        if (text.indexOf('$') < 0) {
            return text;
        }
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < text.length()) {
            if (text.startsWith("$${", i)) {
                out.append("${");
                i += 3;
                continue;
            }
            if (!text.startsWith("${", i)) {
                out.append(text.charAt(i++));
                continue;
            }
            int end = text.indexOf('}', i + 2);
            if (end < 0) {
                throw new ExtensionConfigurationException(where + ": the placeholder in \"" + text
                        + "\" is not closed. Fix: write ${key} or ${key:default}, or $${ for a literal ${.");
            }
            String body = text.substring(i + 2, end);
            int colon = body.indexOf(':');
            String key = (colon < 0 ? body : body.substring(0, colon)).strip();
            String fallback = colon < 0 ? null : body.substring(colon + 1);
            if (!KEY.matcher(key).matches()) {
                throw new ExtensionConfigurationException(where + ": the placeholder ${" + body + "} has no valid key. Fix: write"
                        + " ${key} or ${key:default} with a key of letters, digits, '.', '_' or '-', or $${ for a literal ${.");
            }
            out.append(value(key, fallback, where));
            i = end + 1;
        }
        return out.toString();
    }

    private String value(String key, String fallback, String where) {
        if (key.startsWith(RANDOM)) {
            String name = key.substring(RANDOM.length());
            if (name.isEmpty() || fallback != null) {
                throw new ExtensionConfigurationException(where + ": the placeholder ${" + key + (fallback == null ? "" : ":" + fallback)
                        + "} is not a generated value. Fix: write ${random.NAME}, such as ${random.db-password}, without a default.");
            }
            return generated(name);
        }
        Optional<String> found = parameters.apply(key).or(() -> systemProperties.apply(key)).or(() -> environment.apply(key))
                .or(() -> environment.apply(envName(key)));
        if (found.isPresent()) {
            if (Secrets.looksSecret(key)) {
                Secrets.registerValue(found.get());
            }
            return found.get();
        }
        if (fallback != null) {
            return fallback;
        }
        throw new ExtensionConfigurationException(where + ": the placeholder ${" + key + "} has no value: it is not a JUnit"
                + " configuration parameter, system property or environment variable " + key
                + (envName(key).equals(key) ? "" : " or " + envName(key)) + ". Fix: set one of them (e.g. -D" + key
                + "=VALUE, or " + key + "=VALUE in junit-platform.properties), or give a default: ${" + key + ":VALUE}.");
    }

    /** The generated value {@code name} of this scope or an enclosing one, made now when none exists. */
    private String generated(String name) {
        for (Map<String, String> outer : outerGenerated) {
            String v = outer.get(name);
            if (v != null) {
                return v;
            }
        }
        return generated.computeIfAbsent(name, n -> {
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < 24; i++) {
                b.append(ALPHABET.charAt(RANDOM_SOURCE.nextInt(ALPHABET.length())));
            }
            Secrets.registerValue(b.toString());
            return b.toString();
        });
    }

    /** The environment-variable form of a key: upper case, anything but letters and digits as {@code _}. */
    static String envName(String key) {
        return key.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
    }
}
