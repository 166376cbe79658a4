package dev.berth.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.AccessMode;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Volume;
import dev.berth.BerthException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apiguardian.api.API;

/**
 * What a path is inside a container, a volume or an image, read through Docker's archive API
 * (what {@code docker cp} uses): no shell or tool inside the image is needed, and an image or a
 * volume is read through a helper container that is created but never started.
 */
@API(status = INTERNAL, since = "0.1")
public record FileFacts(String path, boolean exists, Kind kind, int mode, long uid, long gid, String linkTarget, byte[] content) {

    /** The type of a file system entry. */
    public enum Kind { FILE, DIRECTORY, SYMLINK, OTHER, MISSING }

    private static final int MAX_CONTENT = 16 * 1024 * 1024;

    public String text() {
        return content == null ? null : new String(content, StandardCharsets.UTF_8);
    }

    /** The permission bits as four octal digits, e.g. {@code 0644}. */
    public String octalMode() {
        return String.format("%04o", mode & 07777);
    }

    /** Reads the facts of a path in a (running or created) container, following symbolic links for content. */
    public static FileFacts read(DockerClient client, String containerId, String path) {
        String current = path;
        FileFacts first = null;
        for (int hop = 0; hop < 8; hop++) {
            FileFacts facts = readOnce(client, containerId, current);
            if (first == null) {
                first = facts;
            }
            if (facts.kind != Kind.SYMLINK) {
                if (first.kind == Kind.SYMLINK) {
                    // report the link itself, with the content of what it points to
                    return new FileFacts(first.path, facts.exists, Kind.SYMLINK, first.mode, first.uid, first.gid,
                            first.linkTarget, facts.content);
                }
                return facts;
            }
            String target = facts.linkTarget;
            current = target.startsWith("/") ? target : current.substring(0, current.lastIndexOf('/') + 1) + target;
        }
        return first;
    }

    private static FileFacts readOnce(DockerClient client, String containerId, String path) {
        try (InputStream in = client.copyArchiveFromContainerCmd(containerId, path).exec();
             TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
            TarArchiveEntry e = tar.getNextEntry();
            if (e == null) {
                return missing(path);
            }
            Kind kind = e.isDirectory() ? Kind.DIRECTORY : e.isSymbolicLink() ? Kind.SYMLINK : e.isFile() ? Kind.FILE : Kind.OTHER;
            byte[] content = null;
            if (kind == Kind.FILE) {
                if (e.getSize() > MAX_CONTENT) {
                    throw new BerthException(path + " is " + e.getSize() + " bytes; Berth reads file contents up to " + MAX_CONTENT + " bytes");
                }
                content = tar.readAllBytes();
            }
            return new FileFacts(path, true, kind, e.getMode(), e.getLongUserId(), e.getLongGroupId(), e.getLinkName(), content);
        } catch (NotFoundException e) {
            return missing(path);
        } catch (IOException e) {
            throw new BerthException("Reading " + path + " through the archive API failed: " + e, e);
        }
    }

    private static FileFacts missing(String path) {
        return new FileFacts(path, false, Kind.MISSING, 0, -1, -1, null, null);
    }

    /** Reads a path inside a named volume through a helper container (created, never started). */
    public static FileFacts readVolume(String volumeDockerName, String path, Config config) {
        return readVolume(Docker.get().client(), volumeDockerName, path, config);
    }

    /** Reads a path inside a named volume of the engine of {@code client} (a swarm node's, for one created there). */
    public static FileFacts readVolume(DockerClient client, String volumeDockerName, String path, Config config) {
        try {
            client.inspectVolumeCmd(volumeDockerName).exec();
        } catch (NotFoundException e) {
            // a bind of a missing name would make the engine create an empty, unlabelled volume of that name
            throw new BerthException("Volume " + volumeDockerName + " no longer exists: was it removed outside the test? A removed"
                    + " volume cannot be read; declare it in a scope that lasts as long as the test needs it.", e);
        }
        String helper;
        RunRecord.awaitStarted(); // its ID is recorded only once it exists: the record must be up to take it
        try {
            helper = client.createContainerCmd(config.probeImage())
                    .withLabels(RunIdentity.current().labels("file-helper", volumeDockerName, null))
                    .withHostConfig(HostConfig.newHostConfig()
                            .withBinds(new Bind(volumeDockerName, new Volume("/berth-volume"), AccessMode.ro)))
                    .exec().getId();
            RunRecord.created("container", helper);
        } catch (NotFoundException e) {
            throw new BerthException("Cannot read volume " + volumeDockerName + ": the helper image " + config.probeImage()
                    + " is not present. Build or pull it, or set " + Config.PROBE_IMAGE + ".", e);
        }
        try {
            FileFacts f = read(client, helper, "/berth-volume" + (path.startsWith("/") ? path : "/" + path));
            return new FileFacts(path, f.exists, f.kind, f.mode, f.uid, f.gid, f.linkTarget, f.content);
        } finally {
            client.removeContainerCmd(helper).withForce(true).exec();
        }
    }

    /** Reads a path inside an image without running it, through a container that is created but never started. */
    public static FileFacts readImage(String image, String path) {
        DockerClient client = Docker.get().client();
        String helper;
        RunRecord.awaitStarted(); // its ID is recorded only once it exists: the record must be up to take it
        try {
            helper = client.createContainerCmd(image)
                    .withLabels(RunIdentity.current().labels("file-helper", null, null))
                    .withEntrypoint("/berth-never-started")
                    .exec().getId();
            RunRecord.created("container", helper);
        } catch (NotFoundException e) {
            throw new BerthException("Image " + image + " is not present locally: build or pull it before asserting on its files.", e);
        }
        try {
            return read(client, helper, path);
        } finally {
            client.removeContainerCmd(helper).withForce(true).exec();
        }
    }

}
