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
 * An image that Berth builds from a Dockerfile in the project before the containers of the
 * annotated class or method start (they may use its {@link #name()} as their image).
 *
 * <p>The build runs {@code docker build} (BuildKit), streaming its output to the log as it
 * happens. It is cached by a hash of the build context (honouring {@code .dockerignore}), the
 * Dockerfile, build args, target and labels: when an image with that tag and hash exists, the
 * build is skipped in milliseconds. Built images are kept by default (fast next runs); set
 * {@link #keep()} to {@code false} to remove them with the environment.
 *
 * <pre>{@code
 * @BuildImage(context = "src/test/resources/hello", name = "example/hello:1", target = "runtime")
 * @WithContainer(name = "hello", image = "example/hello:1")
 * }</pre>
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Repeatable(BuildImage.List.class)
@ExtendWith(BerthExtension.class)
@API(status = STABLE, since = "0.1")
public @interface BuildImage {

    /** The build context directory, project-relative or {@code classpath:...}. */
    String context();

    /** The name (tag) to give the image, e.g. {@code example/hello:1}; also the injection name of its {@link BerthImage}. */
    String name();

    /** The Dockerfile, relative to the context; {@code Dockerfile} by default. */
    String dockerfile() default "Dockerfile";

    /** Build args as {@code NAME=value}. */
    String[] buildArgs() default {};

    /** The stage to build in a multi-stage Dockerfile; empty builds the last stage. */
    String target() default "";

    /** Labels to put on the image, as {@code key=value}. */
    String[] labels() default {};

    /** Whether to keep the image after the scope (the default, for speed) or remove it with the environment. */
    boolean keep() default true;

    /** The container of repeated {@link BuildImage} declarations. */
    @Documented
    @Inherited
    @Retention(RetentionPolicy.RUNTIME)
    @Target({ElementType.TYPE, ElementType.METHOD, ElementType.ANNOTATION_TYPE})
    @ExtendWith(BerthExtension.class)
    @interface List {
        /** The repeated declarations. */
        BuildImage[] value();
    }
}
