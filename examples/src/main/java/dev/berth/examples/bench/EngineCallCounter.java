package dev.berth.examples.bench;

import com.github.dockerjava.api.DockerClient;
import dev.berth.internal.Docker;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts and times the engine calls made through Berth's shared client ({@code Docker.get().client()}),
 * by command ({@code createContainerCmd}, ...): a benchmark's diagnostic of how many calls a class
 * makes and how long each kind takes, alone and under load. It replaces the client of the JVM's
 * {@link Docker} by a proxy (reflection on the benchmark's side; Berth's code is unchanged); the run
 * record and anything holding the client before keep the real one.
 */
final class EngineCallCounter {

    /** Calls and total wall milliseconds of their {@code exec} (or {@code exec(callback)} up to its return), per command. */
    private final Map<String, LongAdder> calls = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> nanos = new ConcurrentHashMap<>();

    /** Installs a counter around the shared client of this JVM. */
    static EngineCallCounter install() {
        Docker docker = Docker.get();
        try {
            Field field = Docker.class.getDeclaredField("client");
            field.setAccessible(true);
            DockerClient real = (DockerClient) field.get(docker);
            EngineCallCounter counter = new EngineCallCounter();
            field.set(docker, counter.wrap(real, DockerClient.class, null));
            return counter;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot wrap Berth's client", e);
        }
    }

    /** -Dbench.parallel.count=callers: the calls are told apart by the Berth method that makes them. */
    private static final boolean CALLERS = "callers".equals(System.getProperty("bench.parallel.count"));

    private volatile String mode = "";

    /** Counts the calls from now on under {@code mode}. */
    void mode(String mode) {
        this.mode = mode;
    }

    /** The calls counted under {@code mode}: per command, count, count per class, mean ms. */
    void print(String mode, String title, int classes) {
        System.out.println();
        System.out.println(title);
        System.out.println("| command | calls | per class | mean ms |");
        System.out.println("|---|---:|---:|---:|");
        long total = 0;
        for (Map.Entry<String, LongAdder> e : new TreeMap<>(calls).entrySet()) {
            if (!e.getKey().startsWith(mode + " ")) {
                continue;
            }
            long n = e.getValue().sum();
            total += n;
            double ms = nanos.getOrDefault(e.getKey(), new LongAdder()).sum() / 1e6;
            System.out.printf(Locale.ROOT, "| %s | %d | %.1f | %.1f |%n", e.getKey().substring(mode.length() + 1), n, (double) n / classes, n == 0 ? 0 : ms / n);
        }
        System.out.printf(Locale.ROOT, "| all | %d | %.1f | |%n", total, (double) total / classes);
    }

    /** The first two methods of Berth's (or the benchmark's) on the calling stack, innermost first. */
    private static String caller() {
        return StackWalker.getInstance().walk(frames -> frames
                .filter(f -> f.getClassName().startsWith("dev.berth.") && !f.getClassName().endsWith("EngineCallCounter"))
                .limit(2)
                .map(f -> f.getClassName().substring(f.getClassName().lastIndexOf('.') + 1) + "." + f.getMethodName())
                .collect(java.util.stream.Collectors.joining(" < ")));
    }

    @SuppressWarnings("unchecked")
    private <T> T wrap(T target, Class<?> type, String command) {
        InvocationHandler handler = (proxy, method, args) -> invoke(proxy, target, method, args, command);
        return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, handler);
    }

    private Object invoke(Object proxy, Object target, Method method, Object[] args, String command) throws Throwable {
        boolean exec = command != null && method.getName().equals("exec");
        long start = System.nanoTime();
        Object result;
        try {
            result = method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        } finally {
            if (exec) {
                String key = mode + " " + command;
                calls.computeIfAbsent(key, k -> new LongAdder()).increment();
                nanos.computeIfAbsent(key, k -> new LongAdder()).add(System.nanoTime() - start);
            }
        }
        if (command == null && method.getName().endsWith("Cmd") && result != null && method.getReturnType().isInterface()) {
            return wrap(result, method.getReturnType(), CALLERS ? method.getName() + " from " + caller() : method.getName());
        }
        if (command != null && result == target) {
            return proxy; // a builder step returns the command itself: keep counting its exec
        }
        return result;
    }
}
