package dev.berth.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import dev.berth.BerthEnvironment;
import java.lang.reflect.Field;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import org.apiguardian.api.API;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.platform.commons.support.AnnotationSupport;
import org.junit.platform.commons.support.HierarchyTraversalMode;
import org.junit.platform.commons.support.ReflectionSupport;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A launcher listener that contacts the engine (connection, run record, sweep of dead runs) on a
 * worker thread as soon as JUnit starts a test plan that holds a Berth class, so that this fixed
 * cost of each JVM overlaps what JUnit and the classes before the first Berth class do instead of
 * holding that class up. Registered through {@code META-INF/services}; off with
 * {@value Config#EARLY_CONTACT}{@code =false}. A plan without a Berth class is left alone.
 */
@API(status = INTERNAL, since = "0.1")
public final class EarlyContact implements TestExecutionListener {

    private static final Logger LOG = LoggerFactory.getLogger(EarlyContact.class);
    /** The extension that Berth's annotations register (package-private in {@code dev.berth}). */
    private static final String BERTH_EXTENSION = "dev.berth.BerthExtension";

    /** Called by the launcher's service loader. */
    public EarlyContact() {
    }

    @Override
    public void testPlanExecutionStarted(TestPlan plan) {
        boolean on = plan.getConfigurationParameters().get(Config.EARLY_CONTACT)
                .map(v -> v.trim().toLowerCase(Locale.ROOT).equals("true")).orElse(true); // an invalid value: the scope names it
        if (on && holdsBerthClass(plan)) {
            CompletableFuture.runAsync(EarlyContact::contact, Workers.POOL);
        }
    }

    private static void contact() {
        try {
            Docker.get();
        } catch (RuntimeException e) {
            // not lost: the first Berth class asks again and reports it there, in its own context (or skips,
            // with berth.engine.unavailable=skip)
            LOG.debug("Early engine contact failed; the first Berth class will report it: {}", e.getMessage());
        }
    }

    /** Whether a class of the plan uses Berth: its extension (through Berth's annotations) or a {@link BerthEnvironment} field. */
    static boolean holdsBerthClass(TestPlan plan) {
        Deque<TestIdentifier> pending = new ArrayDeque<>(plan.getRoots());
        while (!pending.isEmpty()) {
            TestIdentifier id = pending.pop();
            if (id.getSource().orElse(null) instanceof ClassSource source && usesBerth(source)) {
                return true;
            }
            if (id.isContainer()) {
                pending.addAll(plan.getChildren(id));
            }
        }
        return false;
    }

    private static boolean usesBerth(ClassSource source) {
        Class<?> type;
        try {
            type = source.getJavaClass();
        } catch (RuntimeException notLoadable) {
            return false; // JUnit reports a class it cannot load itself
        }
        return usesBerth(type);
    }

    static boolean usesBerth(Class<?> type) {
        for (ExtendWith e : AnnotationSupport.findRepeatableAnnotations(type, ExtendWith.class)) {
            for (Class<?> extension : e.value()) {
                if (extension.getName().equals(BERTH_EXTENSION)) {
                    return true;
                }
            }
        }
        return !ReflectionSupport.findFields(type, (Field f) -> BerthEnvironment.class.isAssignableFrom(f.getType()),
                HierarchyTraversalMode.TOP_DOWN).isEmpty();
    }
}
