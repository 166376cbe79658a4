package dev.berth;

/**
 * When Berth removes an environment at the end of its scope.
 */
public enum CleanupMode {
    /** Always remove it, whatever the outcome (the default). */
    ALWAYS,
    /** Remove it when every test of the scope passed; keep it for debugging otherwise. */
    ON_SUCCESS,
    /** Keep it; Berth prints the command that removes it. */
    NEVER
}
