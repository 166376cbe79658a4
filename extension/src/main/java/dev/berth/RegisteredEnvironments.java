package dev.berth;

import dev.berth.internal.Config;
import dev.berth.internal.Specs;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.commons.support.HierarchyTraversalMode;
import org.junit.platform.commons.support.ReflectionSupport;

/**
 * The {@link BerthEnvironment}s registered in the {@code @RegisterExtension} fields of a test class:
 * finds them, starts them before Berth's annotations need them, and names their fields in messages.
 */
final class RegisteredEnvironments {

    private RegisteredEnvironments() {
    }

    /**
     * Starts the shared builders registered in the fields of the test class (static ones; instance
     * ones too when {@code context} has a test instance) before the annotations' or another builder's
     * environment of that class, which may then join their networks, whatever order JUnit calls them in.
     */
    static void startSharedFields(ExtensionContext context) {
        for (BerthEnvironment env : registeredIn(context)) {
            if (env.programmatic().shared()) {
                env.programmatic().joinShared(context);
            }
        }
    }

    /**
     * Starts the builders registered in the fields of the test class for {@code context} (static
     * fields for a class, instance fields for a test), so that Berth's field injection finds their
     * handles whatever order JUnit calls the extensions in. Each start is the one JUnit's own call
     * would make; that call then finds the environment running.
     */
    static void startRegisteredFields(ExtensionContext context, boolean forClass) {
        for (BerthEnvironment env : registeredIn(context)) {
            boolean isStatic = registeredStatic(context, env);
            if (forClass ? isStatic || context.getTestInstance().isPresent() : !isStatic) {
                env.programmatic().start(context, forClass ? context.getRequiredTestClass() : context.getRequiredTestMethod());
            }
        }
    }

    /**
     * The declarations of the builders registered in the fields of the test class of {@code context}
     * that have not started (not shared, not running), read as their start will read them, for the
     * image preflight of the class and its test methods.
     */
    static List<Specs.EnvironmentSpec> specsNotStarted(ExtensionContext context, Config config) {
        List<Specs.EnvironmentSpec> specs = new ArrayList<>();
        for (BerthEnvironment env : registeredIn(context)) {
            env.programmatic().specIfNotStarted(context, config).ifPresent(specs::add);
        }
        return specs;
    }

    /** The environments in the {@code @RegisterExtension} fields of the test class of {@code context}: static ones, and instance ones of its test instance. */
    private static List<BerthEnvironment> registeredIn(ExtensionContext context) {
        Class<?> type = context.getRequiredTestClass();
        Object instance = context.getTestInstance().orElse(null);
        List<BerthEnvironment> found = new ArrayList<>();
        for (Field f : ReflectionSupport.findFields(type, f -> BerthEnvironment.class.isAssignableFrom(f.getType())
                && f.isAnnotationPresent(RegisterExtension.class), HierarchyTraversalMode.TOP_DOWN)) {
            boolean isStatic = Modifier.isStatic(f.getModifiers());
            if (!isStatic && instance == null) {
                continue;
            }
            Object value = ReflectionSupport.tryToReadFieldValue(f, isStatic ? null : instance).toOptional().orElse(null);
            if (value instanceof BerthEnvironment env && !found.contains(env)) {
                found.add(env);
            }
        }
        return found;
    }

    /** Whether {@code env} is held by a static field of the test class of {@code context}. */
    static boolean registeredStatic(ExtensionContext context, BerthEnvironment env) {
        for (Field f : ReflectionSupport.findFields(context.getRequiredTestClass(), f -> Modifier.isStatic(f.getModifiers())
                && BerthEnvironment.class.isAssignableFrom(f.getType()), HierarchyTraversalMode.TOP_DOWN)) {
            if (ReflectionSupport.tryToReadFieldValue(f, null).toOptional().orElse(null) == env) {
                return true;
            }
        }
        return false;
    }

    /** The test class field that holds {@code env}, for messages. */
    static String fieldName(ExtensionContext context, BerthEnvironment env) {
        Class<?> type = context.getRequiredTestClass();
        Object instance = context.getTestInstance().orElse(null);
        for (Field f : ReflectionSupport.findFields(type, f -> BerthEnvironment.class.isAssignableFrom(f.getType()),
                HierarchyTraversalMode.TOP_DOWN)) {
            boolean isStatic = Modifier.isStatic(f.getModifiers());
            if (!isStatic && instance == null) {
                continue;
            }
            try {
                if (ReflectionSupport.tryToReadFieldValue(f, isStatic ? null : instance).toOptional().orElse(null) == env) {
                    return "field " + f.getDeclaringClass().getSimpleName() + "." + f.getName();
                }
            } catch (RuntimeException unreadable) {
                // a field of another type's hierarchy: not this one
            }
        }
        return "class " + type.getName();
    }
}
