package dev.berth;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.apiguardian.api.API;

/**
 * Keeps the environment declared on the same class after the run and lets the next run adopt it
 * instead of creating it again, as long as its declaration is unchanged.
 *
 * <p>Placed on a test class (its class-level declarations) or on the class a
 * {@link SharedEnvironment} names. The kept environment is identified by a hash of its whole
 * declaration: every attribute, the ID of every image, and the content of every seed directory
 * and bind-mounted file. A run whose declaration hashes differently never adopts it. Before
 * adopting, Berth checks that every container is running (and healthy, when it has a health check)
 * and awaits the declared {@link WaitFor} conditions again; a broken environment is removed and
 * created anew.
 *
 * <p>Only one JVM uses a kept environment at a time: the others wait for it (a lock held in the
 * engine, configuration key {@code berth.reuse.lock-timeout}). Reuse is switched off for a whole run
 * with {@code berth.reuse.enabled=false}; kept environments older than {@code berth.reuse.max-age}
 * are removed, and {@code java -cp ... dev.berth.ReusedEnvironments remove} removes them all.
 * {@link BerthEnvironment.Builder#reuse()} is its programmatic twin.
 *
 * <pre>{@code
 * @WithNetwork(name = "backend")
 * @WithVolume(name = "db-data")
 * @WithContainer(name = "db", image = "...", networks = "backend", volumes = "db-data:/var/lib/mysql")
 * @ReuseEnvironment(resetVolumes = true)
 * class SlowDatabaseTest { ... }
 * }</pre>
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@API(status = EXPERIMENTAL, since = "0.1")
public @interface ReuseEnvironment {

    /**
     * Whether the named volumes are put back, on every adoption, to the content they had when the
     * environment was first ready (a copy taken then; containers that mount a volume are stopped
     * while it is copied back, then started and awaited again). Default: volumes keep what the last
     * run wrote.
     */
    boolean resetVolumes() default false;
}
