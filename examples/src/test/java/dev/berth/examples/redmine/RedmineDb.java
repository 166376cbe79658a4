package dev.berth.examples.redmine;

import dev.berth.BerthContainer;
import dev.berth.ExecResult;
import java.util.List;

/** SQL run inside the database container with its own client, as the course does with {@code docker exec}. */
final class RedmineDb {

    private RedmineDb() {
    }

    /** The rows of a query against the redmine database, one string per row (tab-separated columns). */
    // tag::query[]
    static List<String> query(BerthContainer db, String sql) {
        ExecResult r = db.exec("mariadb", "-uroot", "-pmy-secret-pw", "--batch", "--skip-column-names", "redmine", "-e", sql);
        if (r.exitCode() != 0) {
            throw new AssertionError("mariadb in " + db.name() + " exited with " + r.exitCode() + ": " + r.stderr());
        }
        return r.stdout().lines().toList();
    }
    // end::query[]
}
