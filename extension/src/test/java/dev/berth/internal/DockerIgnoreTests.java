package dev.berth.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code .dockerignore} matching, without Docker: which context-relative paths leave the build context. */
class DockerIgnoreTests {

    @TempDir
    Path context;

    private DockerIgnore rules(String... lines) throws IOException {
        Files.write(context.resolve(".dockerignore"), java.util.List.of(lines));
        return DockerIgnore.of(context);
    }

    @Test
    @DisplayName("without a .dockerignore nothing is excluded")
    void noFile() {
        assertThat(DockerIgnore.of(context).excludes("anything/at/all")).isFalse();
    }

    @Test
    @DisplayName("* stays within a segment, ** crosses segments, ? is one character")
    void globs() throws IOException {
        DockerIgnore ignore = rules("*.log", "**/*.tmp", "cache?");
        assertThat(ignore.excludes("debug.log")).isTrue();
        assertThat(ignore.excludes("logs/debug.log")).isFalse();
        assertThat(ignore.excludes("a/b/c.tmp")).isTrue();
        assertThat(ignore.excludes("c.tmp")).isTrue();
        assertThat(ignore.excludes("cache1")).isTrue();
        assertThat(ignore.excludes("cache12")).isFalse();
    }

    @Test
    @DisplayName("a pattern that matches a directory excludes everything below it")
    void directories() throws IOException {
        DockerIgnore ignore = rules("build/", "./target");
        assertThat(ignore.excludes("build")).isTrue();
        assertThat(ignore.excludes("build/classes/A.class")).isTrue();
        assertThat(ignore.excludes("target/x")).isTrue();
        assertThat(ignore.excludes("src/build")).isFalse();
    }

    @Test
    @DisplayName("! re-includes, and the last matching rule wins")
    void reinclude() throws IOException {
        DockerIgnore ignore = rules("# comment", "", "build", "!build/keep.me", "build/keep.me.not");
        assertThat(ignore.excludes("build/drop.o")).isTrue();
        assertThat(ignore.excludes("build/keep.me")).isFalse();
        assertThat(ignore.excludes("build/keep.me.not")).isTrue();
    }

    @Test
    @DisplayName("regex characters in a pattern are literal")
    void literal() throws IOException {
        DockerIgnore ignore = rules("a+b(1).txt");
        assertThat(ignore.excludes("a+b(1).txt")).isTrue();
        assertThat(ignore.excludes("aab1.txt")).isFalse();
    }
}
