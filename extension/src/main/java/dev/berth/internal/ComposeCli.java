package dev.berth.internal;

import dev.berth.BerthException;
import dev.berth.internal.Specs.StackSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The Compose v2 CLI for one project: every call names the project, its directory, the stack's
 * files, Berth's override file (once written), env files and profiles, and runs with the stack's
 * environment through {@link ProcessRunner}.
 */
final class ComposeCli {

    private final StackSpec spec;
    private final Config config;
    private final String project;
    private final Path override;
    private final Map<String, String> env;

    ComposeCli(StackSpec spec, Config config, String project, Path override, Map<String, String> env) {
        this.spec = spec;
        this.config = config;
        this.project = project;
        this.override = override;
        this.env = env;
    }

    /** A finished compose call: its exit code and its output (stdout and stderr). */
    record Result(int exitCode, String output) {
    }

    private List<String> base() {
        List<String> cmd = new ArrayList<>(Arrays.asList(config.composeCommand().split("\\s+")));
        cmd.addAll(List.of("-p", project, "--project-directory", spec.projectDirectory().toString()));
        for (Path f : spec.files()) {
            cmd.add("-f");
            cmd.add(f.toString());
        }
        if (Files.exists(override) && sizeOf(override) > 0) {
            cmd.add("-f");
            cmd.add(override.toString());
        }
        for (Path e : spec.envFiles()) {
            cmd.add("--env-file");
            cmd.add(e.toString());
        }
        for (String p : spec.profiles()) {
            cmd.add("--profile");
            cmd.add(p);
        }
        return cmd;
    }

    private static long sizeOf(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            return 0;
        }
    }

    /** Runs {@code compose ARGS} for the project; a CLI that cannot start or a call that outlives the timeout is a {@link BerthException}. */
    Result run(List<String> args, Duration timeout) {
        List<String> cmd = base();
        cmd.addAll(args);
        try {
            ProcessRunner.Outcome o = ProcessRunner.run(cmd, env, timeout, line -> { });
            return new Result(o.exitCode(), o.output());
        } catch (ProcessRunner.TimedOut e) {
            throw new BerthException(spec.origin() + ": '" + String.join(" ", args) + "' did not finish within "
                    + timeout.toSeconds() + " s");
        } catch (IOException e) {
            throw new BerthException(spec.origin() + ": cannot run '" + config.composeCommand() + "' (" + e.getMessage()
                    + "). Install Docker Compose v2, or set " + Config.COMPOSE_COMMAND + ".", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BerthException("Interrupted while running docker compose " + args, e);
        }
    }
}
