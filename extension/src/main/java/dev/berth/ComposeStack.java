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
 * A Docker Compose stack that Berth brings up with the real {@code docker compose} (v2) before the
 * annotated class or test method, and takes down after it (what {@code down -v --remove-orphans -t 0}
 * does, through the engine API in parallel).
 *
 * <p>Each scope gets a unique project name, so the same stack runs in two classes or two JVMs at
 * once. Host ports are compose's own published ports, read from the engine; there is no
 * ambassador container. By default {@code up --wait} waits until every service runs and every
 * healthcheck is healthy. Networks and volumes declared with {@link WithNetwork} and
 * {@link WithVolume} are passed to compose as environment variables
 * {@code BERTH_NETWORK_<NAME>} and {@code BERTH_VOLUME_<NAME>} (name upper-cased, {@code -} and
 * {@code .} as {@code _}) holding their real names, for use as {@code external} resources.
 *
 * <pre>{@code
 * @ComposeStack(name = "shop", files = "src/test/resources/shop/compose.yml")
 * class ShopTest {
 *     @Test void up(BerthStack shop) { assertThat(shop.container("web")).servesHttp(80, "/").hasStatus(200); }
 * }
 * }</pre>
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Repeatable(ComposeStack.List.class)
@ExtendWith(BerthExtension.class)
@API(status = STABLE, since = "0.1")
public @interface ComposeStack {

    /** The logical name of the stack: injection name and prefix of its project name. */
    String name() default "stack";

    /** Compose files, project-relative or {@code classpath:...}; later files override earlier ones. */
    String[] files();

    /** The project directory (relative paths in the files resolve against it); empty: the first file's directory. */
    String projectDirectory() default "";

    /** Variables for interpolation in the compose files, as {@code NAME=value}. */
    String[] env() default {};

    /** Env files passed with {@code --env-file}, project-relative or {@code classpath:...}. */
    String[] envFiles() default {};

    /** Profiles to enable. */
    String[] profiles() default {};

    /** The services to start (with their dependencies); empty starts all. */
    String[] services() default {};

    /** Scaling as {@code SERVICE=N}. */
    String[] scale() default {};

    /** Whether to build images before starting ({@code up --build}). */
    boolean build() default false;

    /** When to pull images: {@code missing} (default), {@code never} or {@code always}. */
    String pull() default "missing";

    /** Whether to wait with {@code up --wait} for every service to run and every healthcheck to pass. */
    boolean waitForServices() default true;

    /** The longest wait, e.g. {@code "90s"}; empty takes {@code berth.compose.wait-timeout} (120 s). */
    String waitTimeout() default "";

    /** The container of repeated {@link ComposeStack} declarations. */
    @Documented
    @Inherited
    @Retention(RetentionPolicy.RUNTIME)
    @Target({ElementType.TYPE, ElementType.METHOD, ElementType.ANNOTATION_TYPE})
    @ExtendWith(BerthExtension.class)
    @interface List {
        /** The repeated declarations. */
        ComposeStack[] value();
    }
}
