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
 * Allows the declarations of the annotated class (and its test methods and nested classes) the
 * named kinds of host access that Berth refuses otherwise. Name only what the test needs: each
 * kind is a risk to the host the tests run on (see {@link HostAccess}).
 *
 * <pre>{@code
 * @AllowHostAccess(HostAccess.ENGINE_SOCKET)
 * @WithContainer(name = "ci-agent", image = "docker:cli", volumes = "/var/run/docker.sock:/var/run/docker.sock")
 * }</pre>
 *
 * <p>The configuration key {@code berth.host-access.allow} (e.g. {@code engine-socket,privileged})
 * allows the same for a whole test run.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@API(status = STABLE, since = "0.1")
public @interface AllowHostAccess {

    /** The kinds of host access to allow. */
    HostAccess[] value();
}
