/**
 * Berth's implementation; not API (every public type is {@code @API(status = INTERNAL)}), and it
 * may change in any release. Public only so that {@code dev.berth} and {@code dev.berth.assertions}
 * can reach it.
 *
 * <p>How a scope's environment comes to be, in order:
 * <ul>
 *   <li>declarations read and checked without Docker: {@code Declarations} (with
 *       {@code ContainerDeclaration}, {@code StackDeclaration}, {@code DeclaredPath} for every
 *       declared path, {@code HostPolicy}) into the {@code Specs} records; {@code References} checks
 *       what they refer to; {@code Config} reads the configuration keys;</li>
 *   <li>{@code ImagePreflight}: every image needed is present or pulled before anything is created;</li>
 *   <li>{@code Environment} holds a scope's handles and decides the order; {@code Provisioner} creates
 *       networks, volumes, stacks and containers; {@code Teardown} removes them; {@code ScopeChain} is
 *       the one "here, then in enclosing scopes" lookup;</li>
 *   <li>the handles behind the public interfaces: {@code ContainerHandle}, {@code NetworkHandle},
 *       {@code VolumeHandle}, {@code StackHandle} (compose, through {@code ComposeOverride} and
 *       {@code ProcessRunner}), {@code ImageHandle}, {@code RegistryHandle};</li>
 *   <li>probing for the assertions: {@code Probes}, {@code ContainerProbe}, {@code NetChecks},
 *       {@code FileFacts}, {@code Waits};</li>
 *   <li>cross-cutting: {@code Docker} (the one client), {@code RunIdentity} and {@code Sweeper}
 *       (labels and leftovers of dead runs), {@code Secrets} (the one masker).</li>
 * </ul>
 *
 * <p>May depend on {@code dev.berth} for its public types; must not depend on
 * {@code dev.berth.assertions}.
 */
package dev.berth.internal;
