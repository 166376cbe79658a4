package dev.berth.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import dev.berth.BerthException;
import dev.berth.ExecResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apiguardian.api.API;

/**
 * Network checks run from a container's own network namespace: any number of them become one
 * shell script, run by one exec (inside the container or in its probe), and each check's result
 * is read back from tagged output lines. A script that could not run at all is a
 * {@link BerthException}, never a failed check.
 */
@API(status = INTERNAL, since = "0.1")
public final class NetChecks {

    private static final Pattern ADDRESS = Pattern.compile("^Address(?:\\s+\\d+)?:\\s*([0-9a-fA-F.:]+)\\s*$");
    /** The status line of an HTTP response as wget -S prints it; the last one counts (after redirects). */
    private static final Pattern HTTP_STATUS = Pattern.compile("HTTP/\\d(?:\\.\\d)? (\\d{3})");

    /** The status of the last HTTP response in wget -S output, or null when there is none. */
    static Integer lastHttpStatus(String output) {
        Matcher m = HTTP_STATUS.matcher(output);
        Integer status = null;
        while (m.find()) {
            status = Integer.valueOf(m.group(1));
        }
        return status;
    }

    private NetChecks() {
    }

    /** One check to run. */
    public sealed interface Check permits Resolve, Connect, Http {
    }

    /** Resolve a name with the namespace's DNS (Docker's embedded DNS on user-defined networks). */
    public record Resolve(String name) implements Check {
    }

    /** Open a TCP connection to host:port. */
    public record Connect(String host, int port) implements Check {
    }

    /** GET a URL (probe route only: needs wget and a writable /tmp). */
    public record Http(String url) implements Check {
    }

    /** What one check found. */
    public record Result(Check check, int exitCode, List<String> addresses, Integer httpStatus, String body, String output) {
        public boolean ok() {
            return exitCode == 0;
        }
    }

    /** Runs all checks in one exec from the container's network namespace. */
    public static List<Result> run(ContainerHandle from, List<Check> checks, Duration timeout) {
        boolean needsProbe = checks.stream().anyMatch(c -> c instanceof Http);
        int seconds = (int) Math.max(1, Math.min(30, timeout.toSeconds()));
        StringBuilder script = new StringBuilder("nl='\n'\n");
        for (int i = 0; i < checks.size(); i++) {
            Check c = checks.get(i);
            String tag = "@@" + i;
            if (c instanceof Resolve r) {
                script.append("o=$(timeout ").append(seconds).append(" nslookup ").append(quote(r.name())).append(" 2>&1); r=$?; ");
            } else if (c instanceof Connect t) {
                script.append("o=$(timeout ").append(seconds + 1).append(" nc -w ").append(seconds).append(' ')
                        .append(quote(t.host())).append(' ').append(t.port()).append(" </dev/null 2>&1 >/dev/null); r=$?; ");
            } else if (c instanceof Http h) {
                // busybox wget: -T crashes the static build, and an image may lack /tmp; the probe is ours, so make it
                script.append("mkdir -p /tmp; rm -f /tmp/berth-b; o=$(timeout ").append(seconds + 1)
                        .append(" wget -S -O /tmp/berth-b ").append(quote(h.url())).append(" 2>&1); r=$?; ");
                script.append("if [ -f /tmp/berth-b ]; then while IFS= read -r l || [ -n \"$l\" ]; do echo \"").append(tag)
                        .append("b $l\"; done </tmp/berth-b; fi; ");
            }
            // each line of $o tagged, split with parameter expansion in the shell itself: the same lines
            // as printf '%s\n' "$o" | while IFS= read -r l (empty lines kept, one line for empty
            // output), without the two processes a pipeline forks per check
            script.append("echo \"").append(tag).append(" $r\"; while :; do l=${o%%\"$nl\"*}; echo \"").append(tag)
                    .append("> $l\"; [ \"$l\" = \"$o\" ] && break; o=${o#*\"$nl\"}; done\n");
        }
        script.append("echo @@end\n");
        Duration execTimeout = Duration.ofSeconds((long) (seconds + 2) * Math.max(1, checks.size()) + 5);
        ExecResult exec = needsProbe ? from.probe(script.toString(), execTimeout)
                : from.runInNetworkNamespace(script.toString(), execTimeout);
        if (!exec.stdout().contains("@@end")) {
            throw new BerthException("The checks from " + from.name() + " could not run (exit " + exec.exitCode() + "): "
                    + (exec.stdout() + exec.stderr()).strip() + ". This says nothing about the network; the probe itself failed.");
        }
        Map<Integer, Integer> codes = new LinkedHashMap<>();
        Map<Integer, StringBuilder> outputs = new LinkedHashMap<>();
        Map<Integer, StringBuilder> bodies = new LinkedHashMap<>();
        for (String line : exec.stdout().split("\n")) {
            if (!line.startsWith("@@") || line.equals("@@end")) {
                continue;
            }
            int j = 2;
            while (j < line.length() && Character.isDigit(line.charAt(j))) {
                j++;
            }
            if (j == 2) {
                continue;
            }
            int index = Integer.parseInt(line.substring(2, j));
            String rest = line.substring(j);
            if (rest.startsWith("> ")) {
                outputs.computeIfAbsent(index, k -> new StringBuilder()).append(rest.substring(2)).append('\n');
            } else if (rest.startsWith("b ")) {
                bodies.computeIfAbsent(index, k -> new StringBuilder()).append(rest.substring(2)).append('\n');
            } else if (rest.startsWith(" ")) {
                codes.put(index, Integer.parseInt(rest.trim()));
            }
        }
        List<Result> results = new ArrayList<>();
        for (int i = 0; i < checks.size(); i++) {
            Check c = checks.get(i);
            Integer code = codes.get(i);
            String output = outputs.getOrDefault(i, new StringBuilder()).toString().strip();
            if (code == null) {
                throw new BerthException("The check " + c + " from " + from.name() + " produced no result: " + exec.stdout().strip());
            }
            if (code == 126 || code == 127) {
                throw new BerthException("The check " + c + " from " + from.name() + " could not run its tool (exit " + code + "): "
                        + output + ". Set " + Config.PROBE_IMAGE + " to an image with sh, nslookup, nc, wget and timeout.");
            }
            List<String> addresses = new ArrayList<>();
            Integer status = null;
            if (c instanceof Resolve) {
                boolean afterName = false;
                for (String l : output.split("\n")) {
                    if (l.startsWith("Name:")) {
                        afterName = true;
                    }
                    Matcher m = ADDRESS.matcher(l.trim());
                    if (afterName && m.matches() && !addresses.contains(m.group(1))) {
                        addresses.add(m.group(1));
                    }
                }
                if (code == 0 && addresses.isEmpty()) {
                    code = 1; // answered, but with no address: the name does not resolve
                }
            } else if (c instanceof Http) {
                status = lastHttpStatus(output);
            }
            results.add(new Result(c, code, List.copyOf(addresses), status,
                    bodies.getOrDefault(i, new StringBuilder()).toString(), output));
        }
        return results;
    }

    private static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    /**
     * The TCP ports a container listens on, read from /proc/net/tcp and tcp6 of its network
     * namespace through its probe; used to explain a refused connection.
     */
    public static List<Integer> listeningPorts(ContainerHandle target) {
        ExecResult r = target.probe("cat /proc/net/tcp /proc/net/tcp6 2>/dev/null", Duration.ofSeconds(10));
        List<Integer> ports = new ArrayList<>();
        for (String line : r.stdout().split("\n")) {
            String[] f = line.trim().split("\\s+");
            // state 0A is LISTEN; 127.0.0.11 (0B00007F) is Docker's embedded DNS, not the container's own service
            if (f.length > 3 && f[3].equals("0A") && f[1].contains(":") && !f[1].startsWith("0B00007F:")) {
                int port = Integer.parseInt(f[1].substring(f[1].lastIndexOf(':') + 1), 16);
                if (!ports.contains(port)) {
                    ports.add(port);
                }
            }
        }
        ports.sort(Integer::compare);
        return ports;
    }
}
