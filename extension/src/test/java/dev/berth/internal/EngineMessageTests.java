package dev.berth.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.exception.BadRequestException;
import com.github.dockerjava.api.exception.InternalServerErrorException;
import com.github.dockerjava.api.exception.NotFoundException;
import java.io.IOException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The engine's sentence taken out of docker-java's "Status N: {json}" wording. */
class EngineMessageTests {

    @Test
    @DisplayName("Status 500 with a JSON body becomes the engine's message alone")
    void statusAndJson() {
        String sentence = "Get \"https://registry.example/v2/\": dial tcp: lookup registry.example: no such host";
        String body = "{\"message\":\"" + sentence.replace("\"", "\\\"") + "\"}\n";
        InternalServerErrorException refused = new InternalServerErrorException(body);
        assertThat(refused.getMessage()).startsWith("Status 500: {\"message\":");

        assertThat(EngineMessage.of(refused)).isEqualTo(sentence);
    }

    @Test
    @DisplayName("other statuses, and JSON with more fields, keep only the message field")
    void otherStatuses() {
        assertThat(EngineMessage.of(new NotFoundException("{\"message\":\"No such image: a:1\",\"code\":\"x\"}")))
                .isEqualTo("No such image: a:1");
        assertThat(EngineMessage.of(new BadRequestException("{\"message\":\"invalid reference format\"}")))
                .isEqualTo("invalid reference format");
    }

    @Test
    @DisplayName("a message that is not the engine's JSON is kept as it is, trimmed")
    void plainMessages() {
        assertThat(EngineMessage.of(new IOException("  connection refused \n"))).isEqualTo("connection refused");
        assertThat(EngineMessage.of(new InternalServerErrorException("plain text body"))).isEqualTo("plain text body");
        assertThat(EngineMessage.text("Status 400: {not json}")).isEqualTo("{not json}");
        assertThat(EngineMessage.text("{\"error\":\"no message field\"}")).isEqualTo("{\"error\":\"no message field\"}");
    }

    @Test
    @DisplayName("an exception without a message is named by its type")
    void noMessage() {
        assertThat(EngineMessage.of(new IllegalStateException())).isEqualTo("IllegalStateException");
    }
}
