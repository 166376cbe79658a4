/**
 * AssertJ-style assertions on what Berth started: {@link dev.berth.assertions.BerthAssertions} is
 * the single entry point, with one {@code XxxAssert} per subject (container, volume, image, file,
 * HTTP answer).
 *
 * <p>May depend on {@code dev.berth} and, in {@code dev.berth.internal}, only on the probing entry
 * points ({@code Probes}, {@code ContainerProbe}) and the values they return; never on a handle
 * implementation. A failed expectation is an {@link AssertionError}; a check that could not run
 * (no engine, a container that is gone) is a {@link dev.berth.BerthException}.
 */
package dev.berth.assertions;
