package dev.berth;

import static org.apiguardian.api.API.Status.STABLE;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.apiguardian.api.API;

/**
 * A readiness condition that a {@link WithContainer} must meet before tests (and containers that
 * depend on it) start.
 *
 * <p>Set one attribute per {@code @WaitFor}; list several in {@link WithContainer#waitFor()} to
 * require all of them. Each is polled until it holds or its {@link #timeout()} runs out; a
 * container that exits meanwhile fails at once, with its last log lines.
 *
 * <pre>{@code
 * waitFor = @WaitFor(port = 3306)
 * waitFor = @WaitFor(log = "ready for connections", timeout = "90s")
 * waitFor = @WaitFor(http = "/", port = 3000, status = 200)
 * waitFor = @WaitFor(healthy = true)
 * waitFor = @WaitFor(command = {"pg_isready"})
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({})
@API(status = STABLE, since = "0.1")
public @interface WaitFor {

    /**
     * A container port that must accept TCP connections: checked from this JVM to the container's
     * address when the engine runs on this Linux host, otherwise from a probe container in the
     * container's network namespace.
     */
    int port() default 0;

    /** A regular expression that some line of the container's output must match. */
    String log() default "";

    /** An HTTP path (such as {@code "/"}) that must answer {@link #status()} on {@link #port()}. */
    String http() default "";

    /** The HTTP status {@link #http()} must answer. */
    int status() default 200;

    /**
     * Whether the image's healthcheck must pass: Docker reports the container {@code healthy}, or
     * Berth's own run of the same health test (at Berth's poll cadence, not Docker's interval) exits 0.
     */
    boolean healthy() default false;

    /** A command run inside the container that must exit with code 0. */
    String[] command() default {};

    /**
     * How long to wait, such as {@code "500ms"}, {@code "30s"} or {@code "2m"}; empty takes
     * {@code berth.wait.timeout} (60 s unless configured).
     */
    String timeout() default "";
}
