package dev.berth;

import static org.apiguardian.api.API.Status.STABLE;

import org.apiguardian.api.API;

/**
 * An unchecked exception that says the Docker side broke, not that a checked property failed.
 *
 * <p>A daemon that is down, a probe that could not run or an API call that was refused raise
 * this exception; an assertion that found the environment different from what the test
 * expected raises an {@link AssertionError}. Keeping the two apart means a broken engine is
 * never reported as "port closed" or "name does not resolve".
 *
 * <p>Its message never holds a value Berth knows to be secret: it is masked ({@code ****}) when
 * the exception is made, and so are the messages of its causes (a cause whose message held one is
 * replaced by a masked copy).
 */
@API(status = STABLE, since = "0.1")
public class BerthException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception with a message that says what failed and how to fix it.
     *
     * @param message what failed, where, and the fix
     */
    public BerthException(String message) {
        super(dev.berth.internal.Secrets.mask(message));
    }

    /**
     * Creates the exception with a message and the underlying cause.
     *
     * @param message what failed, where, and the fix
     * @param cause the Docker or I/O failure behind it
     */
    public BerthException(String message, Throwable cause) {
        super(dev.berth.internal.Secrets.mask(message), dev.berth.internal.Secrets.maskCause(cause));
    }
}
