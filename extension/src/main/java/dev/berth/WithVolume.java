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
 * A named Docker volume that Berth creates (empty, or seeded with files) before the annotated
 * class or test method and removes after it.
 *
 * <p>Containers mount it by logical name: {@code volumes = "db-data:/var/lib/mysql"}, or
 * {@code "db-data:/data:ro"} read-only. Seeding copies a classpath or project directory into
 * the volume through a throwaway container, so no test copies files in by hand.
 *
 * <pre>{@code
 * @WithVolume(name = "site", seedFrom = "classpath:site")
 * }</pre>
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Repeatable(WithVolume.List.class)
@ExtendWith(BerthExtension.class)
@API(status = STABLE, since = "0.1")
public @interface WithVolume {

    /** The logical name of the volume, unique within the environment. */
    String name();

    /**
     * Files to copy into the new volume: {@code classpath:some/dir} (a directory on the test
     * classpath) or a directory relative to the project (module) directory; empty for none.
     */
    String seedFrom() default "";

    /** Extra labels as {@code key=value}; Berth's own labels are always added. */
    String[] labels() default {};

    /** The container of repeated {@link WithVolume} declarations. */
    @Documented
    @Inherited
    @Retention(RetentionPolicy.RUNTIME)
    @Target({ElementType.TYPE, ElementType.METHOD, ElementType.ANNOTATION_TYPE})
    @ExtendWith(BerthExtension.class)
    @interface List {
        /** The repeated declarations. */
        WithVolume[] value();
    }
}
