package dev.berth.internal;

import java.util.List;

/**
 * The shell command that makes one directory a copy of another in a reused environment's keeper
 * ({@link Reuse}): a volume to its snapshot, or the snapshot back to the volume.
 *
 * <p>After each copy it writes a <b>manifest</b> of the volume: per entry its inode,
 * change time (ns), size, mode, owner and path, taken while its containers are stopped. The next
 * restore compares the volume with its manifest and replaces only the entries that differ (changed,
 * added or removed since), plus the mode and owner of changed directories: a database that rewrote its redo log
 * costs that file, not the whole volume. The kernel sets a file's change time on every write, and
 * it cannot be set back from user space, so an entry whose inode, change time, size, mode and owner
 * are those of the manifest has not been written since.
 *
 * <p>It copies everything (removes the directory's content, then {@code cp -a}) when there is no
 * manifest (the first copy, a new keeper), when the image lacks a tool it needs, when the file
 * system keeps change times in whole seconds, when the source has hard links (copied one by one,
 * they would no longer be one file), or when a path holds a line break. It prints {@code berth-copy
 * quick N} ({@code N} entries replaced) or {@code berth-copy full}.
 */
final class VolumeCopy {

    /** What the command prints first on a line, then {@code quick <entries>} or {@code full}. */
    static final String REPORT = "berth-copy";

    private static final String SCRIPT = String.join("\n",
            "set -u",
            // S: copied from, L: copied to, M: the manifest of the volume, V: the volume (S for a snapshot, L for a restore)
            "S=$1; L=$2; M=$3; V=$4",
            // one line per entry below a directory, sorted: inode|ctime with ns|size|raw mode|uid|gid|./path
            "list() { (cd \"$1\" && find . -mindepth 1 -exec stat -c '%i|%z|%s|%f|%u|%g|%n' {} + | sort); }",
            "full() {",
            "  rm -rf \"$L\"/* \"$L\"/.[!.]* \"$L\"/..?* && cp -a \"$S\"/. \"$L\"/ && echo " + REPORT + " full",
            "}",
            "quick() {",
            "  [ \"$V\" = \"$L\" ] && [ -f \"$M\" ] || return 1",
            "  for t in find stat sort awk cut; do command -v $t >/dev/null 2>&1 || return 1; done",
            // change times in whole seconds (or none): a write in the second of the manifest would not show
            "  case \"$(stat -c %z \"$L\")\" in *.000000000*) return 1;; *.[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]*) ;; *) return 1;; esac",
            "  [ -z \"$(find \"$S\" -type f -links +1 | head -n 1)\" ] || return 1",
            "  nl='\n'",
            "  [ -z \"$(find \"$S\" \"$L\" -name \"*$nl*\" | head -n 1)\" ] || return 1",
            "  now=$(mktemp) && changed=$(mktemp) || return 1",
            "  list \"$L\" > \"$now\" || return 1",
            // the entries in the manifest or in the directory but not in both, by path (field 7 on)
            "  awk 'NR==FNR { seen[$0] = 1; next } { if ($0 in seen) delete seen[$0]; else print } END { for (k in seen) print k }'"
                    + " \"$M\" \"$now\" | cut -d'|' -f7- | sort -u > \"$changed\" || return 1",
            "  n=0",
            "  while IFS= read -r p; do",
            "    n=$((n + 1))",
            "    if [ -d \"$S/$p\" ] && [ ! -L \"$S/$p\" ] && [ -d \"$L/$p\" ] && [ ! -L \"$L/$p\" ]; then",
            // a directory in both: its entries have lines of their own; put back its mode and owner
            "      chmod \"$(stat -c %a \"$S/$p\")\" \"$L/$p\" && chown \"$(stat -c %u:%g \"$S/$p\")\" \"$L/$p\" || return 1",
            "    else",
            "      rm -rf \"$L/$p\" || return 1",
            "      if [ -e \"$S/$p\" ] || [ -L \"$S/$p\" ]; then cp -a \"$S/$p\" \"$L/$p\" || return 1; fi",
            "    fi",
            "  done < \"$changed\"",
            "  rm -f \"$now\" \"$changed\"",
            "  echo " + REPORT + " quick $n",
            "}",
            "quick || full || exit 1",
            // the manifest of the volume as it is now (its containers are stopped), for its next restore
            "mkdir -p \"$(dirname \"$M\")\" && list \"$V\" > \"$M.new\" && mv \"$M.new\" \"$M\" || rm -f \"$M\" \"$M.new\"");

    private VolumeCopy() {
    }

    /**
     * The command (for an exec) that copies the volume mounted at {@code volume} to its snapshot
     * (everything), then writes the volume's manifest at {@code manifest} (a path outside both).
     */
    static List<String> toSnapshot(String volume, String snapshot, String manifest) {
        return List.of("sh", "-c", SCRIPT, REPORT, volume, snapshot, manifest, volume);
    }

    /**
     * The command (for an exec) that puts the volume mounted at {@code volume} back to its snapshot:
     * only what differs from the volume's manifest at {@code manifest} when there is one, else
     * everything; then writes the manifest again.
     */
    static List<String> restore(String snapshot, String volume, String manifest) {
        return List.of("sh", "-c", SCRIPT, REPORT, snapshot, volume, manifest, volume);
    }
}
