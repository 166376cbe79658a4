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
 * A reference to an environment declared once on a separate class and shared by every test
 * class that references it: started on first use, removed when the whole test run ends.
 *
 * <pre>{@code
 * @WithNetwork(name = "shared-net")
 * @WithContainer(name = "db", image = "...", networks = "shared-net")
 * final class SharedDatabase {}
 *
 * @SharedEnvironment(SharedDatabase.class)
 * class FirstTest { @Test void t(@Berth("db") BerthContainer db) { ... } }
 * }</pre>
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@ExtendWith(BerthExtension.class)
@API(status = STABLE, since = "0.1")
public @interface SharedEnvironment {

    /** The classes whose Berth annotations declare the shared environment(s). */
    Class<?>[] value();
}
