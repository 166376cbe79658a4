package dev.berth;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Member;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apiguardian.api.API;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The sealed API, checked on the compiled classes without an engine: the exported packages
 * ({@code dev.berth}, {@code dev.berth.assertions}) name no {@code dev.berth.internal} type and no
 * docker-java type in any public or protected signature (one documented escape hatch excepted),
 * every public type carries {@code @API}, internal ones {@code @API(status = INTERNAL)}, and the
 * assertions reach Docker only through the internal probing entry points.
 */
class ApiBoundaryTests {

    private static final Set<String> EXPORTED = Set.of("dev.berth", "dev.berth.assertions");
    private static final String INTERNAL = "dev.berth.internal";
    private static final String DOCKER_JAVA = "com.github.dockerjava.";

    /** The one public member allowed to hand out a docker-java type. */
    private static final Set<String> ESCAPE_HATCHES = Set.of("dev.berth.DockerAccess#client()");

    /** What the assertions may use from internal: the probing entry points and the values they return. */
    private static final Set<String> ASSERTIONS_MAY_USE = Set.of("Probes", "ContainerProbe", "NetChecks", "FileFacts", "Secrets",
            "CheckLog");

    @Test
    @DisplayName("no public or protected signature of an exported package names an internal or docker-java type")
    void sealedSignatures() {
        List<String> leaks = new ArrayList<>();
        for (Class<?> type : classes()) {
            if (EXPORTED.contains(type.getPackageName()) && isVisible(type)) {
                leaks.addAll(leaks(type));
            }
        }
        assertThat(leaks).as("internal or docker-java types in the public API").isEmpty();
    }

    @Test
    @DisplayName("the signature check finds a leak where there is one (an internal handle exposes docker-java)")
    void checkFindsLeaks() throws ClassNotFoundException {
        List<String> found = leaks(Class.forName(INTERNAL + ".ContainerHandle"));
        assertThat(found).anySatisfy(l -> assertThat(l).contains("inspect()").contains("InspectContainerResponse"));
    }

    @Test
    @DisplayName("every public type carries @API: a public status and since in exported packages, INTERNAL in internal")
    void apiStatus() {
        List<String> wrong = new ArrayList<>();
        for (Class<?> type : classes()) {
            if (!Modifier.isPublic(type.getModifiers()) || type.isMemberClass() || type.isAnonymousClass() || type.isSynthetic()) {
                continue;
            }
            API api = type.getAnnotation(API.class);
            if (api == null) {
                wrong.add(type.getName() + " has no @API");
            } else if (api.since().isBlank()) {
                wrong.add(type.getName() + " has no since");
            } else if (type.getPackageName().startsWith(INTERNAL) != (api.status() == API.Status.INTERNAL)) {
                wrong.add(type.getName() + " is @API(status = " + api.status() + ")");
            }
        }
        assertThat(wrong).isEmpty();
    }

    @Test
    @DisplayName("the assertions use from internal only the probing entry points, never a handle or the Docker client")
    void assertionsUseNoImplementation() throws IOException {
        Set<String> used = new TreeSet<>();
        Path sources = Paths.get("src/main/java/dev/berth/assertions");
        try (Stream<Path> files = Files.list(sources)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                Matcher m = Pattern.compile("dev\\.berth\\.internal\\.(?:[a-z]\\w*\\.)*([A-Z]\\w*)").matcher(Files.readString(f, StandardCharsets.UTF_8));
                while (m.find()) {
                    used.add(m.group(1));
                }
            }
        }
        assertThat(used).as("internal types named in dev.berth.assertions").isNotEmpty().isSubsetOf(ASSERTIONS_MAY_USE);
    }

    @Test
    @DisplayName("internal does not depend on the assertions")
    void internalIndependentOfAssertions() throws IOException {
        List<Path> offenders = new ArrayList<>();
        try (Stream<Path> files = Files.walk(Paths.get("src/main/java/dev/berth/internal"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                if (Pattern.compile("dev\\.berth\\.assertions\\.[A-Z]").matcher(Files.readString(f, StandardCharsets.UTF_8)).find()) {
                    offenders.add(f);
                }
            }
        }
        assertThat(offenders).isEmpty();
    }

    // ------------------------------------------------------------------ the check

    private static boolean isVisible(Class<?> type) {
        for (Class<?> c = type; c != null; c = c.getDeclaringClass()) {
            if (!Modifier.isPublic(c.getModifiers()) && !(c != type && Modifier.isProtected(c.getModifiers()))) {
                return false;
            }
        }
        return !type.isAnonymousClass() && !type.isSynthetic();
    }

    /** Every internal or docker-java type in the type's own public and protected signatures. */
    static List<String> leaks(Class<?> type) {
        List<String> leaks = new ArrayList<>();
        check(leaks, type.getName() + " extends", type.getGenericSuperclass());
        for (Type t : type.getGenericInterfaces()) {
            check(leaks, type.getName() + " implements", t);
        }
        for (Field f : type.getDeclaredFields()) {
            if (exposed(f)) {
                check(leaks, type.getName() + "#" + f.getName(), f.getGenericType());
            }
        }
        List<Executable> executables = new ArrayList<>(List.of(type.getDeclaredMethods()));
        executables.addAll(List.<Constructor<?>>of(type.getDeclaredConstructors()));
        for (Executable e : executables) {
            if (!exposed(e) || e.isSynthetic() || (e instanceof Method m && m.isBridge())) {
                continue;
            }
            String where = type.getName() + "#" + (e instanceof Constructor<?> ? "<init>" : e.getName()) + "("
                    + String.join(", ", Stream.of(e.getParameterTypes()).map(Class::getSimpleName).toList()) + ")";
            if (ESCAPE_HATCHES.contains(where)) {
                continue;
            }
            if (e instanceof Method m) {
                check(leaks, where + " returns", m.getGenericReturnType());
            }
            for (Type p : e.getGenericParameterTypes()) {
                check(leaks, where + " takes", p);
            }
            for (Type x : e.getGenericExceptionTypes()) {
                check(leaks, where + " throws", x);
            }
        }
        return leaks;
    }

    private static boolean exposed(Member m) {
        return Modifier.isPublic(m.getModifiers()) || Modifier.isProtected(m.getModifiers());
    }

    private static void check(List<String> leaks, String where, Type type) {
        for (Class<?> c : mentioned(type, new LinkedHashSet<>())) {
            if (c.getName().startsWith(INTERNAL + ".") || c.getName().startsWith(DOCKER_JAVA)) {
                leaks.add(where + " " + c.getName());
            }
        }
    }

    private static Set<Class<?>> mentioned(Type type, Set<Class<?>> into) {
        if (type instanceof Class<?> c) {
            into.add(c.isArray() ? c.getComponentType() : c);
        } else if (type instanceof ParameterizedType p) {
            mentioned(p.getRawType(), into);
            for (Type a : p.getActualTypeArguments()) {
                mentioned(a, into);
            }
        } else if (type instanceof GenericArrayType g) {
            mentioned(g.getGenericComponentType(), into);
        } else if (type instanceof WildcardType w) {
            Stream.concat(Stream.of(w.getUpperBounds()), Stream.of(w.getLowerBounds())).forEach(b -> mentioned(b, into));
        } else if (type instanceof TypeVariable<?> v) {
            for (Type b : v.getBounds()) {
                if (!(b instanceof TypeVariable<?>)) {
                    mentioned(b, into);
                }
            }
        }
        return into;
    }

    /** Every class compiled from src/main/java (the directory or jar this build produced). */
    private static List<Class<?>> classes() {
        try {
            Path root = Paths.get(Berth.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            List<Class<?>> classes = new ArrayList<>();
            try (Stream<Path> files = Files.walk(root.resolve("dev/berth"))) {
                for (Path f : files.filter(p -> p.toString().endsWith(".class")).toList()) {
                    String name = root.relativize(f).toString().replace('/', '.').replace('\\', '.').replaceAll("\\.class$", "");
                    classes.add(Class.forName(name, false, ApiBoundaryTests.class.getClassLoader()));
                }
            }
            assertThat(classes).as("classes under %s", root).hasSizeGreaterThan(40);
            return classes;
        } catch (IOException | URISyntaxException | ClassNotFoundException e) {
            throw new IllegalStateException("cannot list the compiled classes: " + e, e);
        }
    }
}
