package dev.berth.assertions;

import dev.berth.internal.Secrets;

/**
 * The AssertionError of every Berth assert: the {@code as(...)} description in brackets, then the
 * message, with every value Berth knows to be secret masked.
 */
final class Failures {

    private Failures() {
    }

    static AssertionError described(String description, String message) {
        return new AssertionError(Secrets.mask((description == null || description.isEmpty() ? "" : "[" + description + "] ") + message));
    }
}
