package dev.berth.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The rules of a {@code .dockerignore} file: glob patterns relative to the context root, {@code *}
 * within a path segment, {@code **} across segments, {@code ?} one character, {@code !} to
 * re-include; the last matching rule wins, and a pattern that matches a directory matches
 * everything below it.
 */
final class DockerIgnore {

    private record Rule(Pattern pattern, boolean exclude) {
    }

    private final List<Rule> rules = new ArrayList<>();

    private DockerIgnore() {
    }

    static DockerIgnore of(Path context) {
        DockerIgnore ignore = new DockerIgnore();
        Path file = context.resolve(".dockerignore");
        if (!Files.isRegularFile(file)) {
            return ignore;
        }
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                String t = line.strip();
                if (t.isEmpty() || t.startsWith("#")) {
                    continue;
                }
                boolean exclude = !t.startsWith("!");
                String glob = exclude ? t : t.substring(1).strip();
                glob = glob.replace('\\', '/');
                while (glob.startsWith("/") || glob.startsWith("./")) {
                    glob = glob.startsWith("/") ? glob.substring(1) : glob.substring(2);
                }
                while (glob.endsWith("/") && glob.length() > 1) {
                    glob = glob.substring(0, glob.length() - 1);
                }
                ignore.rules.add(new Rule(Pattern.compile(toRegex(glob) + "(/.*)?"), exclude));
            }
        } catch (IOException e) {
            throw new dev.berth.BerthException("cannot read " + file + ": " + e, e);
        }
        return ignore;
    }

    /** Whether a context-relative path (with '/' separators) is excluded from the build context. */
    boolean excludes(String relative) {
        boolean excluded = false;
        for (Rule r : rules) {
            if (r.pattern.matcher(relative).matches()) {
                excluded = r.exclude;
            }
        }
        return excluded;
    }

    private static String toRegex(String glob) {
        StringBuilder re = new StringBuilder();
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            if (c == '*') {
                if (i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
                    i++;
                    if (i + 1 < glob.length() && glob.charAt(i + 1) == '/') {
                        i++;
                        re.append("(?:.*/)?");
                    } else {
                        re.append(".*");
                    }
                } else {
                    re.append("[^/]*");
                }
            } else if (c == '?') {
                re.append("[^/]");
            } else if ("\\.[]{}()+-^$|".indexOf(c) >= 0) {
                re.append('\\').append(c);
            } else {
                re.append(c);
            }
        }
        return re.toString();
    }
}
