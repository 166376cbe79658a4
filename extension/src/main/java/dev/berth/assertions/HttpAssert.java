package dev.berth.assertions;

import static org.apiguardian.api.API.Status.STABLE;

import java.time.Duration;
import java.util.function.Supplier;
import org.apiguardian.api.API;
import org.assertj.core.api.AbstractAssert;

/**
 * Assertions on the answer to an HTTP GET, made from the host (through a published port) or from
 * inside a container's network namespace.
 *
 * <pre>{@code
 * assertThat(web).servesHttp(80, "/").hasStatus(200).bodyContains("Hello, Docker!");
 * }</pre>
 */
@API(status = STABLE, since = "0.1")
public final class HttpAssert extends AbstractAssert<HttpAssert, String> {

    /** One HTTP answer: status (null when no answer) and body, or why there was none. */
    record Answer(Integer status, String body, String problem) {
    }

    private final Supplier<Answer> request;
    private final Duration within;

    HttpAssert(String url, Supplier<Answer> request, Duration within) {
        super(url, HttpAssert.class);
        this.request = request;
        this.within = within;
    }

    /** Verifies the HTTP status of the answer. */
    public HttpAssert hasStatus(int expected) {
        isNotNull();
        Patience.check(within, () -> {
            Answer a = request.get();
            if (a.status() == null) {
                throw Failures.described(descriptionText(), "Expecting GET " + actual + " to answer " + expected + " but there was no answer: " + a.problem());
            }
            if (a.status() != expected) {
                throw Failures.described(descriptionText(), "Expecting GET " + actual + " to answer " + expected + " but it answered " + a.status()
                        + (a.body().isBlank() ? "" : " with body:\n  \"" + abbreviate(a.body()) + "\""));
            }
        });
        return this;
    }

    /** Verifies that the body of the answer contains the text. */
    public HttpAssert bodyContains(String expected) {
        isNotNull();
        Patience.check(within, () -> {
            Answer a = request.get();
            if (a.status() == null) {
                throw Failures.described(descriptionText(), "Expecting GET " + actual + " to answer with a body containing \"" + expected
                        + "\" but there was no answer: " + a.problem());
            }
            if (!a.body().contains(expected)) {
                throw Failures.described(descriptionText(), "Expecting the body of GET " + actual + " (status " + a.status() + ") to contain \""
                        + expected + "\" but it is:\n  \"" + abbreviate(a.body()) + "\"");
            }
        });
        return this;
    }

    private static String abbreviate(String text) {
        return text.length() > 1000 ? text.substring(0, 1000) + "... (" + text.length() + " characters)" : text;
    }
}
