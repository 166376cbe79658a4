package dev.berth.internal;

import static dev.berth.internal.Declarations.ENV;
import static dev.berth.internal.Declarations.allowedPath;
import static dev.berth.internal.Declarations.checkName;
import static dev.berth.internal.Declarations.fail;
import static dev.berth.internal.Declarations.positiveDuration;
import static dev.berth.internal.Declarations.unique;

import dev.berth.ComposeStack;
import dev.berth.HostAccess;
import dev.berth.internal.Specs.Origin;
import dev.berth.internal.Specs.Pull;
import dev.berth.internal.Specs.StackSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Reads one {@code @ComposeStack} into a {@link StackSpec}, checking without Docker its files,
 * project directory, env files, env and scale entries, pull policy and wait timeout. What compose
 * itself says about the files is checked later, when the stack's model is read.
 */
final class StackDeclaration {

    private StackDeclaration() {
    }

    static StackSpec read(ComposeStack c, String where, Set<String> seen, Config config, Set<HostAccess> allowed) {
        Origin origin = new Origin("ComposeStack", c.name(), where);
        checkName(c.name(), origin, "name");
        unique(seen, "stack", c.name(), origin);
        if (c.files().length == 0) {
            throw Declarations.fail(origin, "files is empty", "name at least one compose file, e.g. files = \"src/test/resources/compose.yml\"",
                    "name at least one compose file, e.g. composeStack(\"" + origin.name() + "\", s -> s.files(\"src/test/resources/compose.yml\"))");
        }
        List<Path> files = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (String f : c.files()) {
            Path p = allowedPath(f, allowed, origin, "compose file \"" + f + "\"", "keep the compose files in the project");
            if (p == null || !Files.isRegularFile(p)) {
                missing.add(f + (p == null ? " (not on the classpath)" : " (" + p + ")"));
            } else {
                files.add(p);
            }
        }
        if (!missing.isEmpty()) {
            throw fail(origin, "compose file(s) not found: " + String.join(", ", missing),
                    "fix the path; relative paths start at the project directory " + DeclaredPath.projectDirectory());
        }
        Path projectDir = c.projectDirectory().isBlank() ? files.get(0).getParent() : allowedPath(c.projectDirectory(), allowed,
                origin, "projectDirectory \"" + c.projectDirectory() + "\"", "use a directory of the project");
        if (projectDir == null || !Files.isDirectory(projectDir)) {
            throw fail(origin, "projectDirectory \"" + c.projectDirectory() + "\" is not a directory", "point it at an existing directory");
        }
        List<Path> envFiles = new ArrayList<>();
        for (String f : c.envFiles()) {
            Path p = allowedPath(f, allowed, origin, "env file \"" + f + "\"", "keep the env files in the project");
            if (p == null || !Files.isRegularFile(p)) {
                throw fail(origin, "env file \"" + f + "\" not found", "fix the path, or remove it from envFiles");
            }
            envFiles.add(p);
        }
        for (String e : c.env()) {
            if (!ENV.matcher(e).matches()) {
                throw fail(origin, "env entry \"" + e + "\" is not NAME=value", "write it like \"TAG=1.2\"");
            }
        }
        for (String s : c.scale()) {
            if (!s.matches("[a-zA-Z0-9][a-zA-Z0-9_.-]*=\\d+")) {
                throw fail(origin, "scale entry \"" + s + "\" is not SERVICE=N", "write it like \"web=3\"");
            }
        }
        Pull pull;
        try {
            pull = Pull.valueOf(c.pull().trim().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw fail(origin, "pull \"" + c.pull() + "\" is not a pull policy", "use \"missing\", \"never\" or \"always\"");
        }
        Duration timeout = positiveDuration(c.waitTimeout(), config.composeWaitTimeout(), "waitTimeout", "waitTimeout", "90s",
                "or leave it empty", origin);
        return new StackSpec(c.name(), List.copyOf(files), projectDir.toAbsolutePath().normalize(), List.of(c.env()), List.copyOf(envFiles),
                List.of(c.profiles()), List.of(c.services()), List.of(c.scale()), c.build(), pull, c.waitForServices(), timeout, origin,
                Set.copyOf(allowed));
    }
}
