package dev.berth.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import com.github.dockerjava.api.command.InspectImageResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import dev.berth.BerthException;
import dev.berth.internal.Specs.BuildSpec;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apiguardian.api.API;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds images with {@code docker build} (BuildKit) and caches them by a hash of everything the
 * build reads: the context files that {@code .dockerignore} lets through, the Dockerfile, build
 * args, target and labels. An image carrying the same hash label is reused without calling the
 * builder at all.
 *
 * <p>Over 300 lines because the cache key, the Dockerfile reading (stages, base images) and the
 * build's error messages belong together; the process itself runs through {@link ProcessRunner}.
 */
@API(status = INTERNAL, since = "0.1")
public final class ImageBuild {

    private static final Logger LOG = LoggerFactory.getLogger(ImageBuild.class);
    public static final String HASH_LABEL = "dev.berth.build-hash";
    private static final Pattern FROM = Pattern.compile("(?i)^\\s*FROM\\s+(?:--\\S+\\s+)*(\\S+)(?:\\s+AS\\s+(\\S+))?\\s*$");
    private static final Pattern ARG = Pattern.compile("(?i)^\\s*ARG\\s+([A-Za-z_][A-Za-z0-9_]*)(?:=(\\S*))?\\s*$");
    private static final Pattern VAR = Pattern.compile("\\$\\{?([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?}?");

    private ImageBuild() {
    }

    /** The hash of the build's inputs, as stored in the image label {@value #HASH_LABEL}. */
    public static String hash(BuildSpec b) {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        DockerIgnore ignore = DockerIgnore.of(b.context());
        List<Path> files = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(b.context())) {
            walk.filter(p -> !p.equals(b.context())).forEach(files::add);
        } catch (IOException e) {
            throw new dev.berth.BerthException("cannot read the build context " + b.context() + ": " + e + ". Fix: make every file of the context readable, or exclude it in .dockerignore", e);
        }
        files.sort(null);
        byte[] buffer = new byte[64 * 1024];
        for (Path p : files) {
            String rel = b.context().relativize(p).toString().replace('\\', '/');
            if (ignore.excludes(rel)) {
                continue;
            }
            update(digest, rel);
            if (Files.isRegularFile(p)) {
                update(digest, Files.isExecutable(p) ? "x" : "-");
                try (InputStream in = Files.newInputStream(p)) {
                    int n;
                    while ((n = in.read(buffer)) > 0) {
                        digest.update(buffer, 0, n);
                    }
                } catch (IOException e) {
                    throw new dev.berth.BerthException("cannot read " + p + ": " + e, e);
                }
            } else if (Files.isSymbolicLink(p)) {
                try {
                    update(digest, "->" + Files.readSymbolicLink(p));
                } catch (IOException e) {
                    throw new dev.berth.BerthException("cannot read " + p + ": " + e, e);
                }
            }
        }
        try {
            update(digest, "dockerfile:" + Files.readString(b.dockerfile()));
        } catch (IOException e) {
            throw new dev.berth.BerthException("cannot read " + b.dockerfile() + ": " + e, e);
        }
        update(digest, "args:" + b.buildArgs() + " target:" + b.target() + " labels:" + b.labels());
        return HexFormat.of().formatHex(digest.digest()).substring(0, 32);
    }

    private static void update(MessageDigest d, String s) {
        d.update(s.getBytes(StandardCharsets.UTF_8));
        d.update((byte) 0);
    }

    /** The images the Dockerfile's FROM lines need (not scratch, not its own stages), after ARG substitution. */
    public static Set<String> baseImages(BuildSpec b) {
        Map<String, String> args = new LinkedHashMap<>();
        for (String a : b.buildArgs()) {
            int eq = a.indexOf('=');
            args.put(a.substring(0, eq), a.substring(eq + 1));
        }
        Set<String> stages = new LinkedHashSet<>();
        Set<String> images = new LinkedHashSet<>();
        List<String> lines;
        try {
            lines = joinContinuations(Files.readAllLines(b.dockerfile(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new dev.berth.BerthException("cannot read " + b.dockerfile() + ": " + e, e);
        }
        Map<String, String> globalArgs = new LinkedHashMap<>();
        boolean beforeFirstFrom = true;
        for (String line : lines) {
            Matcher arg = ARG.matcher(line);
            if (beforeFirstFrom && arg.matches()) {
                String name = arg.group(1);
                globalArgs.put(name, args.getOrDefault(name, arg.group(2) == null ? "" : arg.group(2)));
                continue;
            }
            Matcher from = FROM.matcher(line);
            if (from.matches()) {
                beforeFirstFrom = false;
                String image = substitute(from.group(1), globalArgs);
                if (!image.equalsIgnoreCase("scratch") && !stages.contains(image.toLowerCase())) {
                    images.add(image);
                }
                if (from.group(2) != null) {
                    stages.add(from.group(2).toLowerCase());
                }
            }
        }
        return images;
    }

    /** The stage names of the Dockerfile. */
    public static Set<String> stages(BuildSpec b) {
        Set<String> stages = new LinkedHashSet<>();
        try {
            for (String line : joinContinuations(Files.readAllLines(b.dockerfile(), StandardCharsets.UTF_8))) {
                Matcher from = FROM.matcher(line);
                if (from.matches() && from.group(2) != null) {
                    stages.add(from.group(2));
                }
            }
        } catch (IOException e) {
            throw new dev.berth.BerthException("cannot read " + b.dockerfile() + ": " + e, e);
        }
        return stages;
    }

    private static List<String> joinContinuations(List<String> raw) {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String l : raw) {
            String t = l.stripTrailing();
            if (t.strip().startsWith("#") && current.length() == 0) {
                continue;
            }
            if (t.endsWith("\\")) {
                current.append(t, 0, t.length() - 1).append(' ');
            } else {
                current.append(t);
                out.add(current.toString());
                current.setLength(0);
            }
        }
        if (current.length() > 0) {
            out.add(current.toString());
        }
        return out;
    }

    private static String substitute(String s, Map<String, String> args) {
        Matcher m = VAR.matcher(s);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = args.getOrDefault(m.group(1), "");
            if (value.isEmpty() && m.group(2) != null) {
                value = m.group(2);
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    /**
     * The hash of the build inputs, read from a small local cache when no context file changed its
     * path, size, modification time or mode since it was last computed (one directory walk with
     * stat calls instead of reading every file); otherwise computed from the contents.
     */
    static String cachedHash(BuildSpec b) {
        String stat = statHash(b);
        Path cacheFile = Path.of(System.getProperty("java.io.tmpdir"), "berth-build-cache",
                sha(b.tag() + "\u0000" + b.context() + "\u0000" + b.dockerfile()) + ".properties");
        java.util.Properties cache = new java.util.Properties();
        if (Files.isRegularFile(cacheFile)) {
            try (InputStream in = Files.newInputStream(cacheFile)) {
                cache.load(in);
            } catch (IOException e) {
                LOG.debug("ignoring unreadable build cache {}: {}", cacheFile, e.toString());
            }
            if (stat.equals(cache.getProperty("stat")) && cache.getProperty("content") != null) {
                return cache.getProperty("content");
            }
        }
        String content = hash(b);
        cache.setProperty("stat", stat);
        cache.setProperty("content", content);
        try {
            Files.createDirectories(cacheFile.getParent());
            Path tmp = Files.createTempFile(cacheFile.getParent(), "cache", ".tmp");
            try (var out = Files.newOutputStream(tmp)) {
                cache.store(out, "Berth build-input cache for " + b.tag());
            }
            Files.move(tmp, cacheFile, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            LOG.debug("could not write the build cache {}: {}", cacheFile, e.toString());
        }
        return content;
    }

    private static String statHash(BuildSpec b) {
        StringBuilder all = new StringBuilder();
        DockerIgnore ignore = DockerIgnore.of(b.context());
        try (Stream<Path> walk = Files.walk(b.context())) {
            List<Path> files = new ArrayList<>();
            walk.forEach(files::add);
            files.sort(null);
            for (Path p : files) {
                String rel = b.context().relativize(p).toString().replace('\\', '/');
                if (!rel.isEmpty() && ignore.excludes(rel)) {
                    continue;
                }
                var attrs = Files.readAttributes(p, java.nio.file.attribute.BasicFileAttributes.class,
                        java.nio.file.LinkOption.NOFOLLOW_LINKS);
                all.append(rel).append('\u0000').append(attrs.size()).append('\u0000')
                        .append(attrs.lastModifiedTime().toMillis()).append(Files.isExecutable(p) ? 'x' : '-').append('\n');
            }
            var df = Files.readAttributes(b.dockerfile(), java.nio.file.attribute.BasicFileAttributes.class);
            all.append("dockerfile:").append(df.size()).append(df.lastModifiedTime().toMillis());
        } catch (IOException e) {
            throw new dev.berth.BerthException("cannot read the build context " + b.context() + ": " + e + ". Fix: make every file of the context readable, or exclude it in .dockerignore", e);
        }
        all.append(" args:").append(b.buildArgs()).append(" target:").append(b.target()).append(" labels:").append(b.labels());
        return sha(all.toString());
    }

    private static String sha(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)))
                    .substring(0, 32);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Builds the image unless an image with the same tag and input hash exists; returns whether it built. */
    public static boolean ensureBuilt(BuildSpec b, Config config) {
        String hash = cachedHash(b);
        try {
            InspectImageResponse existing = Docker.get().client().inspectImageCmd(b.tag()).exec();
            Map<String, String> labels = existing.getConfig() == null ? null : existing.getConfig().getLabels();
            if (labels != null && hash.equals(labels.get(HASH_LABEL))) {
                LOG.info("Berth reuses {} (build inputs unchanged, hash {})", b.tag(), hash);
                return false;
            }
        } catch (NotFoundException absent) {
            LOG.info("Berth builds {}: no such image yet", b.tag());
        }
        build(b, hash);
        return true;
    }

    private static void build(BuildSpec b, String hash) {
        List<String> cmd = new ArrayList<>(List.of("docker", "build", "--progress=plain", "-f", b.dockerfile().toString(),
                "-t", b.tag(), "--label", "dev.berth.image=built", "--label", HASH_LABEL + "=" + hash));
        b.labels().forEach((k, v) -> {
            cmd.add("--label");
            cmd.add(k + "=" + v);
        });
        Secrets.registerEnv(b.buildArgs()); // masked in the build log and in failures (also when built outside an Environment)
        for (String a : b.buildArgs()) {
            cmd.add("--build-arg");
            cmd.add(a);
        }
        if (!b.target().isBlank()) {
            cmd.add("--target");
            cmd.add(b.target());
        }
        cmd.add(b.context().toString());
        long start = System.nanoTime();
        Deque<String> tail = new ArrayDeque<>();
        List<String> all = new ArrayList<>();
        int exit;
        try {
            exit = ProcessRunner.run(cmd, Map.of(), Duration.ofMinutes(30), line -> {
                String masked = Secrets.mask(line);
                LOG.info("[build {}] {}", b.tag(), masked);
                all.add(masked);
                tail.addLast(masked);
                if (tail.size() > 40) {
                    tail.removeFirst();
                }
            }).exitCode();
        } catch (ProcessRunner.TimedOut e) {
            throw new BerthException(b.origin() + ": docker build did not finish within 30 minutes");
        } catch (IOException e) {
            throw new BerthException(b.origin() + ": cannot run 'docker build' (" + e.getMessage() + "). Install the Docker CLI with buildx.", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BerthException("Interrupted while building " + b.tag(), e);
        }
        if (exit != 0) {
            throw new BerthException(b.origin() + ": building " + b.tag() + " failed (docker build exit " + exit + ")."
                    + failingStep(all) + "\nLast lines of the build output:\n" + String.join("\n", tail)
                    + "\nFix the Dockerfile " + b.dockerfile() + " (or the context " + b.context() + ").");
        }
        LOG.info("Berth built {} in {} ms", b.tag(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
    }

    /** The failing instruction and the builder's error, from BuildKit's plain progress output. */
    private static String failingStep(List<String> lines) {
        String step = null;
        String error = null;
        for (String l : lines) {
            if (l.startsWith(" > [") && l.endsWith(":")) {
                step = l.substring(3, l.length() - 1).strip();
            }
            if (l.startsWith("ERROR: ")) {
                error = l.substring(7).strip();
            }
        }
        StringBuilder out = new StringBuilder();
        if (step != null) {
            out.append("\nFailing instruction: ").append(step);
        }
        if (error != null) {
            out.append("\nBuilder error: ").append(error);
        }
        return out.toString();
    }

    /** Removes an image Berth built (for keep = false). */
    public static void remove(String tag) {
        try {
            Docker.get().client().removeImageCmd(tag).withForce(true).exec();
        } catch (NotFoundException gone) {
            LOG.debug("{} was already removed", tag);
        }
    }
}
