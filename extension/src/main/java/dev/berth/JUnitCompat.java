package dev.berth;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.function.ThrowingConsumer;

/**
 * The parts of the JUnit API that Berth uses but that are newer than its floor, JUnit 5.10.0,
 * reached reflectively so that one jar runs on every line from 5.10 to 6.x.
 *
 * <p>{@code ExtensionContext.publishFile} exists from 5.12 on; its media type is
 * {@code org.junit.jupiter.api.extension.MediaType} on 5.12 and 5.13 and
 * {@code org.junit.jupiter.api.MediaType} from 5.14 on (the older type is deprecated there).
 * Before 5.12 there is no way to attach a file to a test, and {@link #publishTextFile} says so
 * by returning {@code false}.
 */
final class JUnitCompat {

    /** The newest usable {@code publishFile} of the JUnit on the class path, with its plain-text media type. */
    private static final Optional<FilePublisher> FILES = findFilePublisher();

    private JUnitCompat() {
    }

    /** Whether the JUnit on the class path can attach files to a test (5.12 and later). */
    static boolean canPublishFiles() {
        return FILES.isPresent();
    }

    /**
     * Attaches {@code content} as a UTF-8 text file named {@code name} to the test of
     * {@code context}; returns {@code false}, attaching nothing, on a JUnit older than 5.12.
     */
    static boolean publishTextFile(ExtensionContext context, String name, String content) {
        if (FILES.isEmpty()) {
            return false;
        }
        FilePublisher publisher = FILES.get();
        ThrowingConsumer<Path> writer = path -> Files.writeString(path, content, StandardCharsets.UTF_8);
        try {
            publisher.method().invoke(context, name, publisher.textPlain(), writer);
            return true;
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new BerthException("Berth could not publish " + name + ": " + cause, cause);
        } catch (IllegalAccessException e) {
            throw new BerthException("Berth could not publish " + name + ": " + e, e);
        }
    }

    private static Optional<FilePublisher> findFilePublisher() {
        for (String mediaType : new String[] {"org.junit.jupiter.api.MediaType", "org.junit.jupiter.api.extension.MediaType"}) {
            try {
                Class<?> type = Class.forName(mediaType, false, ExtensionContext.class.getClassLoader());
                Method publish = ExtensionContext.class.getMethod("publishFile", String.class, type, ThrowingConsumer.class);
                Object textPlain = type.getField("TEXT_PLAIN_UTF_8").get(null);
                return Optional.of(new FilePublisher(publish, textPlain));
            } catch (ClassNotFoundException | NoSuchMethodException | NoSuchFieldException | IllegalAccessException absent) {
                // not this line's API: try the older one, or none (JUnit before 5.12)
            }
        }
        return Optional.empty();
    }

    private record FilePublisher(Method method, Object textPlain) {
    }
}
