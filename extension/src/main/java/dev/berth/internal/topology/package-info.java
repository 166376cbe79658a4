/**
 * Pictures of an environment: the {@code Topology} model (containers, networks, volumes, recorded
 * wiring checks), its {@code Layout}, and the SVG and Mermaid writers. Docker-free: the model is
 * built elsewhere ({@code dev.berth.internal.EnvironmentPicture}) from inspect data. Not API.
 */
package dev.berth.internal.topology;
