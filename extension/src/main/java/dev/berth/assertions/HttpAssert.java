package dev.berth.assertions;

import static org.apiguardian.api.API.Status.STABLE;

import java.time.Duration;
import java.util.function.Supplier;
import org.apiguardian.api.API;
import org.assertj.core.api.AbstractAssert;
import org.assertj.core.api.AbstractSoftAssertions;

/**
 * Assertions on the answer to an HTTP GET, made from the host (through a published port) or from
 * inside a container's network namespace.
 *
 * <pre>{@code
 * assertThat(web).servesHttp(80, "/").hasStatus(200).bodyContains("Hello, Docker!");
 * }</pre>
 */
@API(status = STABLE, since = "0.1")
public class HttpAssert extends AbstractAssert<HttpAssert, String> {

    // Extending AssertJ's self-typed AbstractAssert is AssertJ's own pattern (and what makes as(...),
    // withFailMessage(...) and soft assertions work); Berth's own API declares no self-typed generics.
    // Not final, with a protected constructor and fields set after it: AssertJ's soft-assertion proxies
    // are subclasses made at run time with a constructor that takes the actual value only.

    /** One HTTP answer: status (null when no answer) and body, or why there was none. */
    record Answer(Integer status, String body, String problem) {
    }

    /** Makes the request; one call per check (and per retry). */
    Supplier<Answer> request;
    /** How long checks retry; zero or null: once. */
    Duration within;

    /**
     * Creates an assert on a URL that makes no request yet: for AssertJ's soft-assertion proxies.
     * Get an HttpAssert from {@code servesHttp(...)} or {@code fetches(...)} of a container assert.
     */
    protected HttpAssert(String url) {
        super(url, HttpAssert.class);
    }

    /** An HttpAssert, a soft one (its failures collected) when the navigating assert is soft. */
    static HttpAssert of(AbstractSoftAssertions soft, String url, Supplier<Answer> request, Duration within) {
        HttpAssert http = soft == null ? new HttpAssert(url) : soft.proxy(HttpAssert.class, String.class, url);
        http.request = request;
        http.within = within;
        return http;
    }

    /** Verifies the HTTP status of the answer. */
    public HttpAssert hasStatus(int expected) {
        isNotNull();
        verify(within, () -> {
            Answer a = request.get();
            if (a.status() == null) {
                throw unmet("Expecting GET " + actual + " to answer " + expected + " but there was no answer: " + a.problem());
            }
            if (a.status() != expected) {
                throw unmet("Expecting GET " + actual + " to answer " + expected + " but it answered " + a.status()
                        + (a.body().isBlank() ? "" : " with body:\n  \"" + abbreviate(a.body()) + "\""));
            }
        });
        return this;
    }

    /** Verifies that the body of the answer contains the text. */
    public HttpAssert bodyContains(String expected) {
        isNotNull();
        verify(within, () -> {
            Answer a = request.get();
            if (a.status() == null) {
                throw unmet("Expecting GET " + actual + " to answer with a body containing \"" + expected
                        + "\" but there was no answer: " + a.problem());
            }
            if (!a.body().contains(expected)) {
                throw unmet("Expecting the body of GET " + actual + " (status " + a.status() + ") to contain \""
                        + expected + "\" but it is:\n  \"" + abbreviate(a.body()) + "\"");
            }
        });
        return this;
    }

    private static Unmet unmet(String message) {
        return new Unmet(message);
    }

    /**
     * Reports what did not hold through AbstractAssert's own failure methods, so that
     * {@code as(...)}, {@code withFailMessage(...)} and soft assertions work as with any AssertJ assert.
     */
    private AssertionError reported(Unmet unmet) {
        return assertionError(new BerthFailure(unmet.getMessage()));
    }

    /** Runs a check (again and again, with the patience given) and reports it the AssertJ way. */
    private void verify(Duration patience, Runnable check) {
        try {
            Patience.check(patience, check);
        } catch (Unmet unmet) {
            throw reported(unmet);
        }
    }

    private void requireRequest() {
        if (request == null) {
            throw new IllegalStateException("This HttpAssert makes no request: get one from servesHttp(port, path) or fetches(url)"
                    + " of assertThat(container)");
        }
    }

    private static String abbreviate(String text) {
        return text.length() > 1000 ? text.substring(0, 1000) + "... (" + text.length() + " characters)" : text;
    }
}
