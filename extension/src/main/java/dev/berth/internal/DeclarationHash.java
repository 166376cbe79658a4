package dev.berth.internal;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import dev.berth.internal.Specs.ContainerSpec;
import dev.berth.internal.Specs.MountKind;
import dev.berth.internal.Specs.MountSpec;
import dev.berth.internal.Specs.VolumeSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.stream.Stream;

/** The key of a kept environment ({@link Reuse}): a hash of its whole declaration as it is now. */
final class DeclarationHash {

    private DeclarationHash() {
    }

    /** SHA-256 of every attribute, the images by ID, files by content, and the outer objects it uses by Docker name. */
    static String of(Environment env, boolean resetVolumes) {
        MessageDigest d = sha256();
        update(d, "berth-reuse-1");
        update(d, String.valueOf(env.spec())); // records: every attribute, in declaration order
        update(d, "reset=" + resetVolumes + " bind=" + env.config().bindAddress() + " probe=" + env.config().probeImage());
        DockerClient client = Docker.get().client();
        for (Specs.BuildSpec b : env.spec().builds()) {
            update(d, "build " + b.tag() + " " + imageId(client, b.tag()));
        }
        for (ContainerSpec c : env.spec().containers()) {
            update(d, "image " + c.image() + " " + imageId(client, c.image()));
            for (String n : c.networks()) {
                if (env.spec().networks().stream().noneMatch(s -> s.name().equals(n))) {
                    update(d, "outer network " + n + " " + env.network(n).map(NetworkHandle::dockerName).orElse("?"));
                }
            }
            for (MountSpec m : c.mounts()) {
                if (m.kind() == MountKind.BIND) {
                    update(d, "bind " + m.source());
                    content(d, Path.of(m.source()));
                } else if (env.spec().volumes().stream().noneMatch(v -> v.name().equals(m.source()))) {
                    update(d, "outer volume " + m.source() + " " + env.volume(m.source()).map(VolumeHandle::dockerName).orElse("?"));
                }
            }
        }
        for (VolumeSpec v : env.spec().volumes()) {
            if (v.seed() != null) {
                update(d, "seed " + v.name());
                content(d, v.seed().directory());
            }
        }
        return HexFormat.of().formatHex(d.digest()).substring(0, 24);
    }

    private static String imageId(DockerClient client, String image) {
        try {
            return client.inspectImageCmd(image).exec().getId();
        } catch (NotFoundException e) {
            return "missing"; // the preflight reported it already, or it is pulled when created
        }
    }

    /** Every regular file under {@code path} (or the file itself), by relative path and content. */
    private static void content(MessageDigest d, Path path) {
        if (!Files.exists(path)) {
            update(d, "absent");
            return;
        }
        try (Stream<Path> files = Files.walk(path)) {
            for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                update(d, path.relativize(f).toString());
                d.update(Files.readAllBytes(f));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Berth could not read " + path + " to hash the reused environment", e);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    private static void update(MessageDigest d, String text) {
        d.update(text.getBytes(StandardCharsets.UTF_8));
        d.update((byte) 0);
    }
}
