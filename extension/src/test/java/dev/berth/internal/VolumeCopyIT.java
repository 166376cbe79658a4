package dev.berth.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Volume;
import dev.berth.ExecResult;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * {@link VolumeCopy} in a keeper-like container (the probe image) with a volume and its snapshot:
 * a restore after every kind of change gives back exactly the snapshot (paths, types, sizes,
 * modes, owners, link targets, contents), and copies only what changed when it can.
 */
@DisplayName("the copy of a reused volume to its snapshot and back")
class VolumeCopyIT {

    private static final String LIVE = "/live/v";
    private static final String SNAP = "/snapshot/v";
    private static final String MANIFEST = "/berth-manifests/v";
    /** Every entry below a directory: path, type and mode, owner, size, link target, content digest; sorted. */
    private static final String TREE = "cd \"$1\" && find . -mindepth 1 | sort | while IFS= read -r p; do"
            + " if [ -L \"$p\" ]; then echo \"$p link $(readlink \"$p\")\";"
            + " elif [ -d \"$p\" ]; then echo \"$p $(stat -c '%f %u:%g' \"$p\")\";"
            + " else echo \"$p $(stat -c '%f %u:%g %s' \"$p\") $(md5sum < \"$p\")\"; fi; done";

    private final DockerClient client = Docker.get().client();
    private final String tag = UUID.randomUUID().toString().substring(0, 8);
    private String keeper;

    @BeforeEach
    void keeper() {
        var labels = RunIdentity.current().labels("volume-copy-it", null, null);
        for (String v : List.of("vcopy-live-" + tag, "vcopy-snap-" + tag)) {
            RunRecord.naming("volume", v);
            client.createVolumeCmd().withName(v).withLabels(labels).exec();
        }
        RunRecord.naming("container", "vcopy-" + tag);
        keeper = client.createContainerCmd(Config.fromSystemProperties().probeImage()).withName("vcopy-" + tag).withLabels(labels)
                .withEntrypoint("sh", "-c", "trap 'exit 0' TERM; while :; do sleep 3600 & wait $!; done")
                .withHostConfig(HostConfig.newHostConfig().withNetworkMode("none").withBinds(
                        new Bind("vcopy-live-" + tag, new Volume(LIVE)), new Bind("vcopy-snap-" + tag, new Volume(SNAP))))
                .exec().getId();
        RunRecord.created("container", keeper);
        client.startContainerCmd(keeper).exec();
    }

    @AfterEach
    void remove() {
        try {
            client.removeContainerCmd(keeper).withForce(true).exec();
        } finally {
            for (String v : List.of("vcopy-live-" + tag, "vcopy-snap-" + tag)) {
                try {
                    client.removeVolumeCmd(v).exec();
                } catch (NotFoundException gone) {
                    // not created
                }
            }
        }
    }

    private ExecResult sh(String script, String... args) {
        List<String> command = new java.util.ArrayList<>(List.of("sh", "-c", script, "sh"));
        command.addAll(List.of(args));
        ExecResult r = Exec.run(client, keeper, "keeper", Duration.ofSeconds(60), command);
        assertThat(r.exitCode()).as("%s: %s", script, r).isZero();
        return r;
    }

    private String copy(List<String> command) {
        ExecResult r = Exec.run(client, keeper, "keeper", Duration.ofSeconds(60), command);
        assertThat(r.exitCode()).as("the copy: %s", r).isZero();
        return r.stdout().strip();
    }

    private String tree(String dir) {
        return sh(TREE, dir).stdout();
    }

    /** A volume with files, a nested and an empty directory, a symbolic link, a mode and an owner of its own. */
    private void fillVolume() {
        sh("cd " + LIVE + " && echo one > a && mkdir -p d/sub e empty && echo x > d/x && echo y > d/y && echo deep > d/sub/z"
                + " && echo gone > e/f && head -c 300000 /dev/urandom > big && ln -s a link && echo secret > private"
                + " && chmod 600 private && chown 100:101 d/x && echo hidden > .dot");
    }

    @Test
    @DisplayName("a restore after changes, additions and removals of every kind gives back the snapshot, copying only those")
    void restoresOnlyWhatChanged() {
        fillVolume();
        assertThat(copy(VolumeCopy.toSnapshot(LIVE, SNAP, MANIFEST))).isEqualTo("berth-copy full");
        String snapshot = tree(SNAP);
        assertThat(tree(LIVE)).isEqualTo(snapshot);
        assertThat(snapshot).contains("./big ", "./d/sub/z ", "./link link a", "./.dot ", "./empty ");

        // at once after the manifest (the same second): same size, other content; then every other kind of change
        sh("cd " + LIVE + " && echo two > a && echo more >> d/x && rm d/y && rm -r e && echo new > n && mkdir -p nd/deeper"
                + " && echo n2 > nd/deeper/f && chmod 644 private && chown 0:0 d/x && rm link && ln -s big link"
                + " && rmdir empty && echo empty > empty && chmod 700 d && mv d/sub/z d/sub/z2");
        assertThat(tree(LIVE)).isNotEqualTo(snapshot);
        String report = copy(VolumeCopy.restore(SNAP, LIVE, MANIFEST));
        assertThat(tree(LIVE)).isEqualTo(snapshot);
        assertThat(report).startsWith("berth-copy quick ");
        int replaced = Integer.parseInt(report.substring("berth-copy quick ".length()));
        assertThat(replaced).as("entries replaced: the changed ones, not big and the rest").isBetween(10, 20);

        // nothing changed since: nothing copied
        assertThat(copy(VolumeCopy.restore(SNAP, LIVE, MANIFEST))).isEqualTo("berth-copy quick 0");
        assertThat(tree(LIVE)).isEqualTo(snapshot);
    }

    @Test
    @DisplayName("without a manifest (a new keeper), or with hard links in the snapshot, a restore copies everything")
    void copiesEverythingWhenItCannotTell() {
        fillVolume();
        copy(VolumeCopy.toSnapshot(LIVE, SNAP, MANIFEST));
        String snapshot = tree(SNAP);
        sh("rm -f " + MANIFEST + " && echo changed > " + LIVE + "/a && echo new > " + LIVE + "/n");
        assertThat(copy(VolumeCopy.restore(SNAP, LIVE, MANIFEST))).isEqualTo("berth-copy full");
        assertThat(tree(LIVE)).isEqualTo(snapshot);

        sh("ln " + SNAP + "/a " + SNAP + "/a-too && echo changed > " + LIVE + "/a");
        String withLink = tree(SNAP);
        assertThat(copy(VolumeCopy.restore(SNAP, LIVE, MANIFEST))).isEqualTo("berth-copy full");
        assertThat(tree(LIVE)).isEqualTo(withLink);
        assertThat(sh("stat -c %h " + LIVE + "/a").stdout().strip()).as("still one file with two names").isEqualTo("2");
    }
}
