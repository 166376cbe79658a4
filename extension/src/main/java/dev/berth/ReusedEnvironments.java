package dev.berth;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.berth.internal.KeptEnvironments;
import org.apiguardian.api.API;

/**
 * The command that lists and removes environments kept by {@link ReuseEnvironment}.
 *
 * <pre>
 * java -cp berth-junit.jar:DEPENDENCIES dev.berth.ReusedEnvironments list
 * java -cp berth-junit.jar:DEPENDENCIES dev.berth.ReusedEnvironments remove [--older-than 2h] [HASH...]
 * </pre>
 *
 * <p>{@code remove} skips an environment a live run is using at that moment (it says which) and
 * exits with status 1 when it skipped or could not remove anything.
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class ReusedEnvironments {

    private ReusedEnvironments() {
    }

    /** Runs {@code list} or {@code remove [--older-than DURATION] [HASH...]}. */
    public static void main(String[] args) {
        System.exit(KeptEnvironments.command(args, System.out));
    }
}
