package dev.berth;

import static org.apiguardian.api.API.Status.STABLE;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.apiguardian.api.API;

/**
 * The cleanup mode of the environment declared on the same class or method, overriding the
 * {@code berth.cleanup} configuration key.
 *
 * <p>A kept environment is reported with the one command that removes it. Objects of kept
 * environments still carry Berth's labels, so the next run sweeps them once this JVM is gone.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@API(status = STABLE, since = "0.1")
public @interface EnvironmentCleanup {

    /** The cleanup mode. */
    Removal value();
}
