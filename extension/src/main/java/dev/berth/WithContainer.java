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
 * A container that Berth creates, connects, starts and waits for before the annotated class or
 * test method, and kills and removes after it.
 *
 * <p>The {@link #name() logical name} is the container's DNS alias on each of its
 * {@link #networks()}, so {@code some-mysql} resolves from its neighbours although the real
 * container name is unique per run. Independent containers start in parallel; use
 * {@link #dependsOn()} to start one only after others are ready.
 *
 * <pre>{@code
 * @WithNetwork(name = "redmine-network")
 * @WithVolume(name = "db-data")
 * @WithContainer(name = "some-mysql", image = "berth/mariadb", networks = "redmine-network",
 *                env = {"MYSQL_ROOT_PASSWORD=my-secret-pw", "MYSQL_DATABASE=redmine"},
 *                volumes = "db-data:/var/lib/mysql", waitFor = @WaitFor(port = 3306))
 * }</pre>
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Repeatable(WithContainer.List.class)
@ExtendWith(BerthExtension.class)
@API(status = STABLE, since = "0.1")
public @interface WithContainer {

    /** The logical name: DNS alias on every network and the name tests inject it by. */
    String name();

    /** The image reference, such as {@code busybox:1.35}; it must exist locally or be pullable. */
    String image();

    /** The command (arguments to the entrypoint); empty keeps the image's {@code CMD}. */
    String[] command() default {};

    /** The entrypoint; empty keeps the image's {@code ENTRYPOINT}. */
    String[] entrypoint() default {};

    /** Environment variables as {@code NAME=value}. */
    String[] env() default {};

    /**
     * An env file ({@code NAME=value} lines, {@code #} comments), as a project-relative path or
     * {@code classpath:...}; entries of {@link #env()} win over it.
     */
    String envFile() default "";

    /**
     * Published ports: {@code "80"} (a free host port), {@code "8080:80"}, {@code "0.0.0.0::80"},
     * {@code "53/udp"}. They bind to {@code 127.0.0.1} on a local engine and to the engine's default on
     * a remote one (docs/engines.md), unless an address is given (or {@code berth.ports.bind-address}).
     */
    String[] ports() default {};

    /** Logical names of declared networks to join; empty means Docker's default bridge. */
    String[] networks() default {};

    /** Extra DNS aliases on every network, besides {@link #name()}. */
    String[] aliases() default {};

    /**
     * Mounts: {@code "volume:/path"} or {@code "volume:/path:ro"} for a declared volume;
     * {@code "./dir:/path"} (read-only unless {@code ":rw"}) for a project directory.
     */
    String[] volumes() default {};

    /** Readiness conditions, all of which must hold before the container counts as started. */
    WaitFor[] waitFor() default {};

    /** Logical names of containers that must be started and ready before this one starts. */
    String[] dependsOn() default {};

    /** The user to run as ({@code uid[:gid]} or a name); empty keeps the image's. */
    String user() default "";

    /** The working directory; empty keeps the image's. */
    String workdir() default "";

    /** Whether to run privileged; off unless a test really needs it. */
    boolean privileged() default false;

    /** Extra labels as {@code key=value}; Berth's own labels are always added. */
    String[] labels() default {};

    /** The container of repeated {@link WithContainer} declarations. */
    @Documented
    @Inherited
    @Retention(RetentionPolicy.RUNTIME)
    @Target({ElementType.TYPE, ElementType.METHOD, ElementType.ANNOTATION_TYPE})
    @ExtendWith(BerthExtension.class)
    @interface List {
        /** The repeated declarations. */
        WithContainer[] value();
    }
}
