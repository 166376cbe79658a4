package dev.berth.assertions;

/** The AssertionError of every Berth assert: the {@code as(...)} description in brackets, then the message. */
final class Failures {

    private Failures() {
    }

    static AssertionError described(String description, String message) {
        return new AssertionError((description == null || description.isEmpty() ? "" : "[" + description + "] ") + message);
    }
}
