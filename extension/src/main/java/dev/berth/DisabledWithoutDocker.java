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
 * Skips the annotated test class or method, instead of failing it, when no Docker engine answers.
 *
 * <p>Without it (and without the configuration key {@value #UNAVAILABLE_KEY}{@code =skip}), a
 * missing engine fails every test that declares an environment, with a message that says how to
 * start one: a build that silently skips its integration tests is worse than a red one. Use this
 * where skipping is right, such as a developer machine without Docker or a CI job that has none.
 * The skipped test's reason says why there is no engine and how to get one.
 *
 * <p>The same as Testcontainers' {@code @Testcontainers(disabledWithoutDocker = true)} and
 * Spring Framework's {@code @DisabledIfDockerUnavailable}. An engine named by {@code DOCKER_HOST}
 * (or {@code docker.host} in {@code ~/.testcontainers.properties}) that does not answer counts as
 * no engine: Berth never falls back on another one.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@ExtendWith(BerthExtension.class)
@API(status = STABLE, since = "0.1")
public @interface DisabledWithoutDocker {

    /**
     * The configuration key that skips, for every test class that uses Berth, what this annotation
     * skips for one: {@code fail} (the default) or {@code skip}.
     */
    String UNAVAILABLE_KEY = "berth.engine.unavailable";
}
