package dev.berth.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apiguardian.api.API;

/** Tar archives for Docker's archive API (what {@code docker cp} sends and receives). */
@API(status = INTERNAL, since = "0.1")
public final class Tar {

    private Tar() {
    }

    /** A tar of a host file or directory, its top entry named {@code topName}. */
    public static byte[] of(Path source, String topName) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            if (Files.isDirectory(source)) {
                try (Stream<Path> walk = Files.walk(source)) {
                    for (Path p : (Iterable<Path>) walk.sorted()::iterator) {
                        String rel = source.relativize(p).toString().replace('\\', '/');
                        String name = rel.isEmpty() ? topName : topName + "/" + rel;
                        add(tar, p, name);
                    }
                }
            } else {
                add(tar, source, topName);
            }
        } catch (IOException e) {
            throw new dev.berth.BerthException("cannot pack " + source + ": " + e, e);
        }
        return bytes.toByteArray();
    }

    /** The contents of a directory (not the directory itself) as a tar. */
    public static byte[] ofContents(Path directory) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes);
             Stream<Path> walk = Files.walk(directory)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            for (Path p : (Iterable<Path>) walk.sorted()::iterator) {
                if (!p.equals(directory)) {
                    add(tar, p, directory.relativize(p).toString().replace('\\', '/'));
                }
            }
        } catch (IOException e) {
            throw new dev.berth.BerthException("cannot pack " + directory + ": " + e, e);
        }
        return bytes.toByteArray();
    }

    /** A tar holding one text file {@code name} (path segments become directories). */
    public static byte[] ofText(List<String> missingDirectories, String name, byte[] content) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            for (String dir : missingDirectories) {
                TarArchiveEntry e = new TarArchiveEntry(dir + "/");
                e.setMode(040755);
                tar.putArchiveEntry(e);
                tar.closeArchiveEntry();
            }
            TarArchiveEntry e = new TarArchiveEntry(name);
            e.setSize(content.length);
            e.setMode(0100644);
            tar.putArchiveEntry(e);
            tar.write(content);
            tar.closeArchiveEntry();
        } catch (IOException e) {
            throw new dev.berth.BerthException("reading or writing a tar archive failed: " + e, e);
        }
        return bytes.toByteArray();
    }

    private static void add(TarArchiveOutputStream tar, Path p, String name) throws IOException {
        TarArchiveEntry entry = new TarArchiveEntry(p.toFile(), name);
        tar.putArchiveEntry(entry);
        if (Files.isRegularFile(p)) {
            Files.copy(p, tar);
        }
        tar.closeArchiveEntry();
    }

    /** Reads the first regular file of a tar stream as bytes, or null when the tar holds none. */
    public static byte[] firstFile(InputStream in) {
        try (TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
            TarArchiveEntry e;
            while ((e = tar.getNextEntry()) != null) {
                if (e.isFile()) {
                    return tar.readAllBytes();
                }
            }
            return null;
        } catch (IOException e) {
            throw new dev.berth.BerthException("reading or writing a tar archive failed: " + e, e);
        }
    }

    /** Unpacks a tar stream into a directory, refusing entries that would escape it. */
    public static void extract(InputStream in, Path target) {
        try (TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
            Files.createDirectories(target);
            Path root = target.toAbsolutePath().normalize();
            TarArchiveEntry e;
            while ((e = tar.getNextEntry()) != null) {
                Path out = root.resolve(e.getName()).normalize();
                if (!out.startsWith(root)) {
                    throw new IOException("tar entry " + e.getName() + " escapes " + root);
                }
                if (e.isDirectory()) {
                    Files.createDirectories(out);
                } else if (e.isSymbolicLink()) {
                    Files.createDirectories(out.getParent());
                    Files.deleteIfExists(out);
                    Files.createSymbolicLink(out, Path.of(e.getLinkName()));
                } else if (e.isFile()) {
                    Files.createDirectories(out.getParent());
                    try (OutputStream os = Files.newOutputStream(out)) {
                        tar.transferTo(os);
                    }
                }
            }
        } catch (IOException e) {
            throw new dev.berth.BerthException("reading or writing a tar archive failed: " + e, e);
        }
    }

    public static InputStream stream(byte[] bytes) {
        return new ByteArrayInputStream(bytes);
    }
}
