package dev.berth.assertions;

import static org.apiguardian.api.API.Status.STABLE;

import dev.berth.BerthContainer;
import java.util.ArrayList;
import java.util.List;
import org.apiguardian.api.API;

/**
 * A batch of DNS and port checks made from one container's network namespace in a single exec:
 * the fast way to prove many wiring facts at once. Every failing check is reported, not only the
 * first.
 *
 * <pre>{@code
 * assertThat(app).passesNetworkChecks(checks -> checks
 *         .canResolve("db").canReach("db", 5432)
 *         .cannotResolve("admin").cannotReach("cache", 6379));
 * }</pre>
 */
@API(status = STABLE, since = "0.1")
public final class NetworkChecks {

    /** One expectation of the batch. */
    record Expectation(Kind kind, String host, int port) {
    }

    enum Kind { RESOLVES, DOES_NOT_RESOLVE, REACHES, DOES_NOT_REACH }

    private final List<Expectation> expectations = new ArrayList<>();

    NetworkChecks() {
    }

    List<Expectation> expectations() {
        return expectations;
    }

    /** Expects the name to resolve. */
    public NetworkChecks canResolve(String name) {
        expectations.add(new Expectation(Kind.RESOLVES, name, 0));
        return this;
    }

    /** Expects the name not to resolve. */
    public NetworkChecks cannotResolve(String name) {
        expectations.add(new Expectation(Kind.DOES_NOT_RESOLVE, name, 0));
        return this;
    }

    /** Expects a TCP connection to host:port to succeed. */
    public NetworkChecks canReach(String host, int port) {
        expectations.add(new Expectation(Kind.REACHES, host, port));
        return this;
    }

    /** Expects a TCP connection to the container (by its logical name) on the port to succeed. */
    public NetworkChecks canReach(BerthContainer target, int port) {
        return canReach(target.name(), port);
    }

    /** Expects a TCP connection to host:port to fail within the short check timeout. */
    public NetworkChecks cannotReach(String host, int port) {
        expectations.add(new Expectation(Kind.DOES_NOT_REACH, host, port));
        return this;
    }

    /** Expects a TCP connection to the container (by its logical name) on the port to fail. */
    public NetworkChecks cannotReach(BerthContainer target, int port) {
        return cannotReach(target.name(), port);
    }
}
