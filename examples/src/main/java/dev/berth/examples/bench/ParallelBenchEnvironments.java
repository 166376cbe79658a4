package dev.berth.examples.bench;

/**
 * Eight test classes with the same environment and the same logical names ({@link BenchEnvironment}'s:
 * network "bench", volume "data", "server" waited for on 8080, "client", three checks), for
 * {@link ParallelBenchmark}. Berth's declarations are inherited, so each class is the whole
 * environment; every class gets its own Docker objects.
 */
final class ParallelBenchEnvironments {

    private ParallelBenchEnvironments() {
    }

    static final Class<?>[] ALL = {One.class, Two.class, Three.class, Four.class, Five.class, Six.class, Seven.class, Eight.class};

    public static class One extends BenchEnvironment {
    }

    public static class Two extends BenchEnvironment {
    }

    public static class Three extends BenchEnvironment {
    }

    public static class Four extends BenchEnvironment {
    }

    public static class Five extends BenchEnvironment {
    }

    public static class Six extends BenchEnvironment {
    }

    public static class Seven extends BenchEnvironment {
    }

    public static class Eight extends BenchEnvironment {
    }
}
