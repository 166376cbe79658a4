package dev.berth;

import static org.apiguardian.api.API.Status.STABLE;

import org.apiguardian.api.API;

/**
 * The outcome of a command run inside a container: exit code, standard output and standard error.
 *
 * @param exitCode the command's exit code
 * @param stdout what it wrote to standard output
 * @param stderr what it wrote to standard error
 */
@API(status = STABLE, since = "0.1")
public record ExecResult(int exitCode, String stdout, String stderr) {

    /** Whether the command exited with code 0. */
    public boolean succeeded() {
        return exitCode == 0;
    }

    /** For messages: values Berth knows to be secret are masked ({@code ****}); the components hold the real output. */
    @Override
    public String toString() {
        return "ExecResult[exitCode=" + exitCode + ", stdout=" + dev.berth.internal.Secrets.mask(stdout)
                + ", stderr=" + dev.berth.internal.Secrets.mask(stderr) + "]";
    }
}
