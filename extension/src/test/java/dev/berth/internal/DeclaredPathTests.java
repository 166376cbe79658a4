package dev.berth.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The one reading of declared paths: project-relative or {@code classpath:}. */
class DeclaredPathTests {

    private static final Path PROJECT = Paths.get(System.getProperty("user.dir"));

    @Test
    @DisplayName("a relative path starts at the project directory and is normalized")
    void projectRelative() {
        DeclaredPath p = DeclaredPath.of("./src/../src/test/resources/env/app.env");
        assertThat(p.classpath()).isFalse();
        assertThat(p.path()).isEqualTo(PROJECT.resolve("src/test/resources/env/app.env").toAbsolutePath());
        assertThat(Files.isRegularFile(p.path())).isTrue();
    }

    @Test
    @DisplayName("classpath: finds a test resource as a file, with or without a leading /")
    void classpath() {
        Path expected = DeclaredPath.of("classpath:env/app.env").path();
        assertThat(expected).isNotNull().isRegularFile();
        assertThat(DeclaredPath.of("classpath:/env/app.env").path()).isEqualTo(expected);
        assertThat(DeclaredPath.resource("classpath:/env/app.env")).isEqualTo("env/app.env");
    }

    @Test
    @DisplayName("an absent classpath resource has neither a path nor a URL")
    void absent() {
        DeclaredPath p = DeclaredPath.of("classpath:no/such/thing");
        assertThat(p.classpath()).isTrue();
        assertThat(p.path()).isNull();
        assertThat(p.url()).isNull();
        assertThat(p.notAFile()).isFalse();
    }

    @Test
    @DisplayName("a classpath resource inside a jar has a URL but no file path")
    void insideJar() {
        DeclaredPath p = DeclaredPath.of("classpath:org/junit/jupiter/api/Test.class");
        assertThat(p.url()).isNotNull();
        assertThat(p.path()).isNull();
        assertThat(p.notAFile()).isTrue();
    }
}
