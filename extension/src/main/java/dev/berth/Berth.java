package dev.berth;

import static org.apiguardian.api.API.Status.STABLE;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.apiguardian.api.API;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A marker that asks Berth to inject a handle to a declared network, volume or container,
 * selected by type and, where several of that type exist, by {@link #value() logical name}.
 *
 * <p>On parameters the marker is optional when the type alone is unambiguous; on fields it is
 * required (static fields for class-level resources, instance fields for any).
 *
 * <pre>{@code
 * @Test void wiring(@Berth("some-redmine") BerthContainer redmine, BerthNetwork net) { ... }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.PARAMETER, ElementType.FIELD})
@ExtendWith(BerthExtension.class)
@API(status = STABLE, since = "0.1")
public @interface Berth {

    /** The logical name of the resource; empty selects by type alone. */
    String value() default "";
}
