package dev.berth.internal.topology;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.apiguardian.api.API;

/**
 * The wiring checks asserted on the containers of one environment, in the order they finished:
 * thread-safe, append-only, one per environment. The pictures draw them as edges.
 */
@API(status = INTERNAL, since = "0.1")
public final class CheckLog {

    /** A global order of records, so that a test can ask for the checks made since it started. */
    private static final AtomicLong SEQUENCE = new AtomicLong();

    /** The kind of wiring check, with the outcome it has when it passes. */
    public enum Kind {
        RESOLVES("resolves", Topology.Outcome.RESOLVED),
        DOES_NOT_RESOLVE("does not resolve", Topology.Outcome.ISOLATED),
        REACHES("reaches", Topology.Outcome.REACHED),
        DOES_NOT_REACH("does not reach", Topology.Outcome.ISOLATED),
        ISOLATED_FROM("isolated from", Topology.Outcome.ISOLATED),
        SHARES_NETWORK("shares a network with", Topology.Outcome.REACHED);

        private final String words;
        private final Topology.Outcome passed;

        Kind(String words, Topology.Outcome passed) {
            this.words = words;
            this.passed = passed;
        }

        String words() {
            return words;
        }

        Topology.Outcome passed() {
            return passed;
        }
    }

    /**
     * One finished check: from a container (logical name) to a target as the test named it (a
     * logical name, an alias or an address), on a port (0: none).
     */
    public record Check(long sequence, String from, String target, int port, Kind kind, boolean passed, String message) {
        /** What the check asserted, in words: "reaches :3306", "resolves". */
        public String describe() {
            return kind.words() + (port > 0 ? " :" + port : "");
        }

        public Topology.Outcome outcome() {
            return passed ? kind.passed() : Topology.Outcome.FAILED;
        }
    }

    private final List<Check> checks = new CopyOnWriteArrayList<>();

    /** The sequence number before any check recorded from now on. */
    public static long mark() {
        return SEQUENCE.get();
    }

    /** Records a finished check; {@code message} is the failure's message (empty when it passed). */
    public void record(String from, String target, int port, Kind kind, boolean passed, String message) {
        checks.add(new Check(SEQUENCE.incrementAndGet(), from, target, port, kind, passed, message == null ? "" : message));
    }

    /** The checks recorded after {@code mark} (0: all of them), in the order they finished. */
    public List<Check> since(long mark) {
        List<Check> result = new ArrayList<>();
        for (Check c : checks) {
            if (c.sequence() > mark) {
                result.add(c);
            }
        }
        return result;
    }
}
