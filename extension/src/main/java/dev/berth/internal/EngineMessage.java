package dev.berth.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apiguardian.api.API;

/**
 * What the engine said, for a message a user reads: docker-java words a refusal as
 * {@code Status 500: {"message":"..."}}; this keeps only the sentence inside.
 */
@API(status = INTERNAL, since = "0.1")
public final class EngineMessage {

    /** docker-java's {@code DockerException} message: the HTTP status, then the response body. */
    private static final Pattern STATUS = Pattern.compile("Status \\d{3}: (.*)", Pattern.DOTALL);
    private static final ObjectMapper JSON = new ObjectMapper();

    private EngineMessage() {
    }

    /** The failure's message with the HTTP status and the JSON around the engine's sentence removed. */
    public static String of(Throwable failure) {
        String message = failure.getMessage();
        if (message == null || message.isBlank()) {
            return failure.getClass().getSimpleName();
        }
        return text(message);
    }

    /** The same for a message already taken out of its exception. */
    public static String text(String message) {
        String text = message.strip();
        Matcher status = STATUS.matcher(text);
        if (status.matches()) {
            text = status.group(1).strip();
        }
        if (text.startsWith("{") && text.endsWith("}")) {
            try {
                JsonNode body = JSON.readTree(text);
                if (body.hasNonNull("message") && !body.get("message").asText().isBlank()) {
                    return body.get("message").asText().strip();
                }
            } catch (JsonProcessingException notJson) {
                return text; // a body that only looks like JSON: shown as the engine sent it
            }
        }
        return text;
    }
}
