package dev.berth.examples.bench;

import dev.berth.internal.Config;
import dev.berth.internal.ImageBuild;
import dev.berth.internal.Specs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The cached-build check of {@code @BuildImage} for an unchanged context of 1,000 files, against
 * {@code docker build} of the same unchanged context (fully cached by BuildKit), same run.
 * Goal (issue "Images"): Berth's check <= 100 ms median.
 *
 * <p>Run: {@code mvn -B -ntp -pl examples exec:exec@bench-image-cache} (after {@code mvn -q install -DskipTests}).
 */
public final class ImageCacheBenchmark {

    private ImageCacheBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 15;
        Path context = Files.createTempDirectory("berth-bench-context");
        String tag = "berth-bench/cache:1";
        try {
            Files.writeString(context.resolve("Dockerfile"), "FROM busybox:1.35\nCOPY . /ctx\n");
            Files.writeString(context.resolve(".dockerignore"), "*.tmp\n");
            for (int i = 0; i < 1000; i++) {
                Path dir = context.resolve("dir" + (i / 100));
                Files.createDirectories(dir);
                Files.writeString(dir.resolve("file" + i + ".txt"), "content of file " + i + "\n".repeat(1 + i % 7), StandardCharsets.UTF_8);
            }
            Specs.BuildSpec spec = new Specs.BuildSpec(context, tag, context.resolve("Dockerfile"), List.of(), "", Map.of(), true,
                    new Specs.Origin("BuildImage", tag, "ImageCacheBenchmark"));
            Config config = Config.fromSystemProperties();
            long first = System.nanoTime();
            boolean built = ImageBuild.ensureBuilt(spec, config);
            System.out.printf("first ensureBuilt: built=%s in %d ms%n", built, (System.nanoTime() - first) / 1_000_000);
            List<Long> berth = new ArrayList<>();
            List<Long> cli = new ArrayList<>();
            for (int r = 0; r < rounds + 2; r++) {
                long t0 = System.nanoTime();
                if (ImageBuild.ensureBuilt(spec, config)) {
                    throw new IllegalStateException("an unchanged context was rebuilt: the cache does not work");
                }
                long t1 = System.nanoTime();
                Process p = new ProcessBuilder("docker", "build", "-q", "-t", tag + "-cli", context.toString())
                        .redirectErrorStream(true).start();
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (p.waitFor() != 0) {
                    throw new IllegalStateException("docker build failed: " + out);
                }
                long t2 = System.nanoTime();
                if (r >= 2) { // two warm-up rounds
                    berth.add((t1 - t0) / 1_000_000);
                    cli.add((t2 - t1) / 1_000_000);
                }
            }
            long mb = median(berth);
            long mc = median(cli);
            System.out.println("| variant | median ms | min ms | max ms |");
            System.out.println("|---|---:|---:|---:|");
            System.out.printf("| Berth cached-build check (hash of 1,000 files + inspect) | %d | %d | %d |%n", mb,
                    Collections.min(berth), Collections.max(berth));
            System.out.printf("| docker build, unchanged context (BuildKit cache) | %d | %d | %d |%n", mc,
                    Collections.min(cli), Collections.max(cli));
            System.out.printf("ratio Berth / docker build: %.3f; goal <= 100 ms: %s%n", (double) mb / mc, mb <= 100 ? "met" : "MISSED");
        } finally {
            ImageBuild.remove(tag);
            ImageBuild.remove(tag + "-cli");
            try (Stream<Path> walk = Files.walk(context)) {
                for (Path p : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
                    Files.delete(p);
                }
            } catch (IOException e) {
                System.err.println("could not delete " + context + ": " + e);
            }
        }
    }

    private static long median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }
}
