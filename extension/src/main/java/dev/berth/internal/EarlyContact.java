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
import org.junit.platform.engine.ConfigurationParameters;
import org.junit.platform.engine.discovery.ClassSelector;
import org.junit.platform.engine.discovery.MethodSelector;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.launcher.LauncherDiscoveryListener;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A launcher listener that contacts the engine (connection, run record, sweep of dead runs) on a
 * worker thread as soon as JUnit knows that a Berth class will run, so that this fixed cost of each
 * JVM overlaps what JUnit and the classes before the first Berth class do instead of holding that
 * class up: when discovery starts, if a selected class (or a selected method's class) uses Berth, as
 * Maven Surefire, Gradle and IDEs select them; otherwise when the test plan starts, if it holds a
 * Berth class. Registered through {@code META-INF/services}; off with
 * {@value Config#EARLY_CONTACT}{@code =false}. A run without a Berth class is left alone.
 */
@API(status = INTERNAL, since = "0.1")
public final class EarlyContact implements LauncherDiscoveryListener, TestExecutionListener {

    private static final Logger LOG = LoggerFactory.getLogger(EarlyContact.class);
    /** The extension that Berth's annotations register (package-private in {@code dev.berth}). */
    private static final String BERTH_EXTENSION = "dev.berth.BerthExtension";

    /** Called by the launcher's service loader. */
    public EarlyContact() {
    }

    @Override
    public void launcherDiscoveryStarted(LauncherDiscoveryRequest request) {
        if (on(request.getConfigurationParameters()) && selectsBerthClass(request)) {
            CompletableFuture.runAsync(EarlyContact::contact, Workers.POOL);
        }
    }

    @Override
    public void testPlanExecutionStarted(TestPlan plan) {
        if (on(plan.getConfigurationParameters()) && holdsBerthClass(plan)) {
            CompletableFuture.runAsync(EarlyContact::contact, Workers.POOL); // at once when discovery started it already
        }
    }

    private static boolean on(ConfigurationParameters parameters) {
        // an invalid value is named by the first scope that reads the configuration
        return parameters.get(Config.EARLY_CONTACT).map(v -> v.trim().toLowerCase(Locale.ROOT).equals("true")).orElse(true);
    }

    /** Whether a class the request selects, or the class of a method it selects, uses Berth. */
    static boolean selectsBerthClass(LauncherDiscoveryRequest request) {
        try {
            return request.getSelectorsByType(ClassSelector.class).stream().anyMatch(s -> usesBerth(s.getJavaClass()))
                    || request.getSelectorsByType(MethodSelector.class).stream().anyMatch(s -> usesBerth(s.getJavaClass()));
        } catch (RuntimeException notLoadable) {
            return false; // JUnit reports a selected class it cannot load itself; the plan's start decides then
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
