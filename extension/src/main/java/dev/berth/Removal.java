package dev.berth;

import static org.apiguardian.api.API.Status.STABLE;

import org.apiguardian.api.API;

/**
 * When Berth removes an environment at the end of its scope.
 */
@API(status = STABLE, since = "0.1")
public enum Removal {
    /** Always remove it, whatever the outcome (the default). */
    ALWAYS,
    /** Remove it when every test of the scope passed; keep it for debugging otherwise. */
    ON_SUCCESS,
    /** Keep it; Berth prints the command that removes it. */
    NEVER
}
