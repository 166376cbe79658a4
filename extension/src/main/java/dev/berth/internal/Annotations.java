package dev.berth.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.lang.annotation.Annotation;
import java.lang.reflect.Array;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.apiguardian.api.API;

/**
 * Annotation values made at run time: the programmatic environment writes its declarations as
 * Berth's own annotations, and placeholders are resolved into copies of the declared ones, so the
 * annotations, the builder and the resolved values all go through one reader ({@link Declarations}).
 */
@API(status = INTERNAL, since = "0.2")
public final class Annotations {

    private Annotations() {
    }

    /**
     * An instance of {@code type} with the given attribute values and the defaults for the others.
     *
     * @throws IllegalArgumentException for an attribute the type does not have, or a required one left out
     */
    public static <A extends Annotation> A of(Class<A> type, Map<String, Object> values) {
        Map<String, Object> all = new LinkedHashMap<>();
        for (Method m : attributes(type)) {
            Object v = values.containsKey(m.getName()) ? values.get(m.getName()) : m.getDefaultValue();
            if (v == null) {
                throw new IllegalArgumentException("@" + type.getSimpleName() + " needs " + m.getName());
            }
            all.put(m.getName(), v);
        }
        for (String key : values.keySet()) {
            if (!all.containsKey(key)) {
                throw new IllegalArgumentException("@" + type.getSimpleName() + " has no attribute " + key);
            }
        }
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
            switch (method.getName()) {
                case "annotationType":
                    return type;
                case "toString":
                    return "@" + type.getName() + all;
                case "hashCode":
                    return Arrays.deepHashCode(all.values().toArray()); // consistent with equals below, not Annotation's formula
                case "equals":
                    return args[0] instanceof Annotation other && other.annotationType() == type && sameValues(type, all, other);
                default:
                    Object v = all.get(method.getName());
                    return v != null && v.getClass().isArray() ? cloneArray(v) : v;
            }
        }));
    }

    /** The attribute values of an annotation, by name (sorted: a stable order for checks and messages). */
    public static Map<String, Object> values(Annotation a) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (Method m : attributes(a.annotationType())) {
            try {
                values.put(m.getName(), m.invoke(a));
            } catch (IllegalAccessException | InvocationTargetException e) {
                throw new IllegalStateException("cannot read " + m + " of " + a, e);
            }
        }
        return values;
    }

    /**
     * A copy of {@code a} in which every {@code String} (also inside arrays and nested annotations)
     * is replaced by {@code map.apply(attributePath, value)}; {@code a} itself when nothing changes.
     */
    @SuppressWarnings("unchecked")
    public static <A extends Annotation> A mapStrings(A a, BiFunction<String, String, String> map) {
        return (A) mapStrings(a, "", map);
    }

    private static Annotation mapStrings(Annotation a, String prefix, BiFunction<String, String, String> map) {
        Map<String, Object> values = values(a);
        boolean changed = false;
        for (Map.Entry<String, Object> e : values.entrySet()) {
            String path = prefix + e.getKey();
            Object v = e.getValue();
            Object mapped = mapValue(v, path, map);
            if (mapped != v) {
                e.setValue(mapped);
                changed = true;
            }
        }
        return changed ? of((Class<Annotation>) a.annotationType(), values) : a;
    }

    private static Object mapValue(Object v, String path, BiFunction<String, String, String> map) {
        if (v instanceof String s) {
            String m = map.apply(path, s);
            return m.equals(s) ? v : m;
        }
        if (v instanceof Annotation nested) {
            return mapStrings(nested, path + ".", map);
        }
        if (v instanceof String[] || v instanceof Annotation[]) {
            int n = Array.getLength(v);
            Object copy = Array.newInstance(v.getClass().getComponentType(), n);
            boolean changed = false;
            for (int i = 0; i < n; i++) {
                Object item = Array.get(v, i);
                Object mapped = mapValue(item, path + "[" + i + "]", map);
                changed |= mapped != item;
                Array.set(copy, i, mapped);
            }
            return changed ? copy : v;
        }
        return v;
    }

    private static List<Method> attributes(Class<? extends Annotation> type) {
        return Arrays.stream(type.getDeclaredMethods()).filter(m -> m.getParameterCount() == 0 && !m.isSynthetic())
                .sorted(Comparator.comparing(Method::getName)).toList();
    }

    private static boolean sameValues(Class<? extends Annotation> type, Map<String, Object> mine, Annotation other) {
        Map<String, Object> theirs = values(other);
        for (Map.Entry<String, Object> e : mine.entrySet()) {
            if (!java.util.Objects.deepEquals(e.getValue(), theirs.get(e.getKey()))) {
                return false;
            }
        }
        return true;
    }

    private static Object cloneArray(Object array) {
        int n = Array.getLength(array);
        Object copy = Array.newInstance(array.getClass().getComponentType(), n);
        System.arraycopy(array, 0, copy, 0, n);
        return copy;
    }
}
