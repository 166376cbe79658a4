package dev.berth;

import static org.apiguardian.api.API.Status.STABLE;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.apiguardian.api.API;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A Docker network that Berth creates before the annotated class or test method and removes
 * after it.
 *
 * <p>The {@link #name() logical name} is what containers list in {@link WithContainer#networks()}
 * and what tests ask for with {@link Berth @Berth}; the real Docker name is unique per run, so two
 * classes (or two JVMs) may declare the same logical name at once. On a class the network lives
 * for all tests of the class (and its {@code @Nested} classes); on a method, for that test only.
 *
 * <pre>{@code
 * @WithNetwork(name = "backend")
 * @WithNetwork(name = "isolated", internal = true)
 * class MyTest { ... }
 * }</pre>
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Repeatable(WithNetwork.List.class)
@ExtendWith(BerthExtension.class)
@API(status = STABLE, since = "0.1")
public @interface WithNetwork {

    /** The logical name of the network, unique within the environment. */
    String name();

    /** The network driver; {@code bridge} (a user-defined bridge, with DNS by name) by default. */
    String driver() default "bridge";

    /** Whether the network is internal: containers on it reach each other but nothing outside. */
    boolean internal() default false;

    /** An IPv4 subnet in CIDR form, such as {@code 172.28.0.0/16}; empty lets Docker choose. */
    String subnet() default "";

    /** The gateway inside {@link #subnet()}; empty lets Docker choose. */
    String gateway() default "";

    /** Extra labels as {@code key=value}; Berth's own labels are always added. */
    String[] labels() default {};

    /** The container of repeated {@link WithNetwork} declarations. */
    @Documented
    @Inherited
    @Retention(RetentionPolicy.RUNTIME)
    @Target({ElementType.TYPE, ElementType.METHOD, ElementType.ANNOTATION_TYPE})
    @ExtendWith(BerthExtension.class)
    @interface List {
        /** The repeated declarations. */
        WithNetwork[] value();
    }
}
