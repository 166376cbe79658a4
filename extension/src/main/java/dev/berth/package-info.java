/**
 * Berth's declarations and handles: the annotations that declare a test's Docker environment
 * ({@link dev.berth.WithNetwork}, {@link dev.berth.WithVolume}, {@link dev.berth.WithContainer},
 * {@link dev.berth.ComposeStack}, {@link dev.berth.BuildImage}, {@link dev.berth.WithRegistry},
 * {@link dev.berth.SharedEnvironment}), the handle interfaces injected into tests
 * ({@link dev.berth.BerthContainer}, {@link dev.berth.BerthNetwork}, {@link dev.berth.BerthVolume},
 * {@link dev.berth.BerthStack}, {@link dev.berth.BerthImage}, {@link dev.berth.BerthRegistry}), and
 * the configuration enums.
 *
 * <p>This package and {@link dev.berth.assertions} are Berth's public API: every public type
 * carries {@code @API(status, since)}. The extension behind the annotations is package-private;
 * the work is done in {@code dev.berth.internal}, which is not API. {@link dev.berth.DockerAccess}
 * is the one place that hands out a docker-java type.
 */
package dev.berth;
