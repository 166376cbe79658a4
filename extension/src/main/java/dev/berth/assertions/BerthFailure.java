package dev.berth.assertions;

import dev.berth.internal.Secrets;
import org.assertj.core.description.Description;
import org.assertj.core.error.BasicErrorMessageFactory;
import org.assertj.core.presentation.Representation;

/**
 * The message of a failed Berth check as an AssertJ error-message factory: AssertJ puts the
 * {@code as(...)} description in front of it (and replaces it by a {@code withFailMessage(...)}
 * text), Berth masks every value it knows to be secret in the result.
 */
final class BerthFailure extends BasicErrorMessageFactory {

    BerthFailure(String message) {
        super("%s", unquotedString(message));
    }

    @Override
    public String create(Description d, Representation representation) {
        return Secrets.mask(super.create(d, representation));
    }
}
