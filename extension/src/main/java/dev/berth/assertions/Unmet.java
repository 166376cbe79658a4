package dev.berth.assertions;

/**
 * A check that did not hold, before AssertJ has turned it into the failure the user sees: the
 * message, and for content comparisons the expected and actual values (an IDE shows their diff).
 * It is an AssertionError so that a retrying check ({@link Patience}) tries again; each assert
 * reports it through AbstractAssert's own failure methods.
 */
final class Unmet extends AssertionError {

    private static final long serialVersionUID = 1L;

    private final transient Object expected;
    private final transient Object actual;
    private final boolean comparison;

    Unmet(String message) {
        super(message);
        this.expected = null;
        this.actual = null;
        this.comparison = false;
    }

    private Unmet(String message, Object expected, Object actual, boolean comparison, Throwable cause) {
        super(message, cause);
        this.expected = expected;
        this.actual = actual;
        this.comparison = comparison;
    }

    /** A failed comparison of an expected value with the actual one. */
    static Unmet comparison(String message, Object expected, Object actual) {
        return new Unmet(message, expected, actual, true, null);
    }

    /** The same failure with more said in front of its message (the retrying that preceded it). */
    Unmet after(String preamble) {
        return new Unmet(preamble + getMessage(), expected, actual, comparison, this);
    }

    boolean isComparison() {
        return comparison;
    }

    Object expected() {
        return expected;
    }

    Object actual() {
        return actual;
    }
}
