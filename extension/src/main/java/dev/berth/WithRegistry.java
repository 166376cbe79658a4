package dev.berth;

import static org.apiguardian.api.API.Status.STABLE;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.apiguardian.api.API;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A local Docker registry that Berth starts for the annotated class or method, so a test can
 * tag, push, remove locally and pull back, with no outside registry.
 *
 * <p>It runs {@code berth.registry.image} ({@code berth/registry:latest}, Debian's
 * {@code docker-registry} package, built from this project's {@code images/registry}) with port 5000
 * published like other ports (on {@code 127.0.0.1} of a local engine); the engine pushes to and pulls from
 * {@code 127.0.0.1:PORT}, its own loopback, which it accepts without TLS. With a
 * {@link #username()} and {@link #password()} it requires basic auth; the password is never
 * printed.
 *
 * <pre>{@code
 * @WithRegistry
 * class ShareTest { @Test void push(BerthRegistry registry) { registry.push("example/app:1", "team/app:1"); } }
 * }</pre>
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@ExtendWith(BerthExtension.class)
@API(status = STABLE, since = "0.1")
public @interface WithRegistry {

    /** The logical name: injection name, and the registry container's name. */
    String name() default "registry";

    /** A user name to require (basic auth); empty for an open registry. */
    String username() default "";

    /** The password for {@link #username()}. */
    String password() default "";
}
