package dev.berth.internal;

import java.util.List;
import java.util.regex.Pattern;

/** Masks values of secret-looking environment variables in anything Berth prints. */
public final class Secrets {

    private static final Pattern SECRET_NAME = Pattern.compile("(?i).*(pass|secret|token|key|credential|auth|pwd).*");

    private Secrets() {
    }

    /** Whether an env var name looks like it holds a secret. */
    public static boolean looksSecret(String name) {
        return SECRET_NAME.matcher(name).matches();
    }

    /** Replaces every value of a secret-looking {@code NAME=value} entry in {@code text} by {@code ****}. */
    public static String mask(String text, List<String> env) {
        String out = text;
        for (String e : env) {
            int eq = e.indexOf('=');
            String name = e.substring(0, eq);
            String value = e.substring(eq + 1);
            if (looksSecret(name) && value.length() >= 3) {
                out = out.replace(value, "****");
            }
        }
        return out;
    }

    /** The env list with secret-looking values masked, for messages. */
    public static List<String> maskEnv(List<String> env) {
        return env.stream().map(e -> {
            int eq = e.indexOf('=');
            return looksSecret(e.substring(0, eq)) ? e.substring(0, eq + 1) + "****" : e;
        }).toList();
    }
}
