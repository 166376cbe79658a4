package dev.berth.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.net.InetAddress;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apiguardian.api.API;

/**
 * Who this JVM is, as written into the labels of every object Berth creates. The labels say which
 * run an object claims to belong to (host and pid are for people reading them); they prove
 * nothing: whether an object is provably of a dead run is decided by its {@link RunRecord}
 * (see {@link Sweeper}).
 */
@API(status = INTERNAL, since = "0.1")
public final class RunIdentity {

    public static final String MANAGED = "dev.berth.managed";
    public static final String RUN = "dev.berth.run";
    public static final String HOST = "dev.berth.host";
    public static final String PID = "dev.berth.pid";
    public static final String PID_START = "dev.berth.pid-start";
    public static final String SCOPE = "dev.berth.scope";
    public static final String NAME = "dev.berth.name";
    public static final String KIND = "dev.berth.kind";

    private static final RunIdentity CURRENT = new RunIdentity();

    private final String runId;
    private final String host;
    private final long pid;
    private final String pidStart;

    private RunIdentity() {
        this.runId = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        this.host = hostName();
        ProcessHandle self = ProcessHandle.current();
        this.pid = self.pid();
        this.pidStart = startOf(self).orElse("unknown");
    }

    public static RunIdentity current() {
        return CURRENT;
    }

    public String runId() {
        return runId;
    }

    public String host() {
        return host;
    }

    /** The labels every object of this run carries. */
    public Map<String, String> labels(String kind, String logicalName, String scope) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(MANAGED, "true");
        labels.put(RUN, runId);
        labels.put(HOST, host);
        labels.put(PID, Long.toString(pid));
        labels.put(PID_START, pidStart);
        labels.put(KIND, kind);
        if (logicalName != null) {
            labels.put(NAME, logicalName);
        }
        if (scope != null) {
            labels.put(SCOPE, scope.length() > 200 ? scope.substring(0, 200) : scope);
        }
        return labels;
    }

    private static Optional<String> startOf(ProcessHandle process) {
        return process.info().startInstant().map(Instant::toString);
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            return "unknown-host";
        }
    }
}
