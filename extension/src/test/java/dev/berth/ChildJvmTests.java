package dev.berth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The child-JVM helper of the cross-JVM tests, with a child that needs no engine. */
class ChildJvmTests {

    @Test
    @DisplayName("a child that prints its line and exits at once is ready: the word after the prefix, then its exit status")
    void readyThenExited(@TempDir Path dir) throws Exception {
        ChildJvm child = ChildJvm.start(dir.resolve("child.log"), List.of("-Dchild.says=from-a-property"), Prints.class,
                "3", Prints.READY + "run-42 more", "${child.says}");

        assertThat(child.awaitReady(Prints.READY, Duration.ofSeconds(60))).isEqualTo("run-42");
        assertThat(child.awaitExit(Duration.ofSeconds(60))).isEqualTo(3);
        assertThat(child.output()).contains("from-a-property").contains("on stderr");
    }

    @Test
    @DisplayName("a child that ends without its line fails the wait at once, with its exit status and output, not after the timeout")
    void endedBeforeReady(@TempDir Path dir) throws Exception {
        ChildJvm child = ChildJvm.start(dir.resolve("child.log"), List.of(), Prints.class, "5", "something else");
        child.awaitExit(Duration.ofSeconds(60));
        long start = System.nanoTime();

        assertThatThrownBy(() -> child.awaitReady(Prints.READY, Duration.ofSeconds(20))).isInstanceOf(AssertionError.class)
                .hasMessageContaining("ended (exit status 5) before its environment was ready").hasMessageContaining("something else");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("time to fail").isLessThan(Duration.ofSeconds(10));
    }

    @Test
    @DisplayName("awaitSuccess returns the output of a child that exits 0 and fails with it otherwise")
    void success(@TempDir Path dir) throws Exception {
        ChildJvm passing = ChildJvm.start(dir.resolve("passing.log"), List.of(), Prints.class, "0", "all good");
        ChildJvm failing = ChildJvm.start(dir.resolve("failing.log"), List.of(), Prints.class, "1", "went wrong");

        assertThat(passing.awaitSuccess(Duration.ofSeconds(60))).contains("all good");
        assertThatThrownBy(() -> failing.awaitSuccess(Duration.ofSeconds(60))).isInstanceOf(AssertionError.class)
                .hasMessageContaining("exit status").hasMessageContaining("went wrong");
    }

    /** The child: prints its arguments after the first (a {@code ${property}} as that system property), then exits with the first. */
    public static final class Prints {

        static final String READY = "CHILD-JVM-TESTS-READY ";

        private Prints() {
        }

        public static void main(String[] args) {
            for (String line : List.of(args).subList(1, args.length)) {
                System.out.println(line.startsWith("${") ? System.getProperty(line.substring(2, line.length() - 1)) : line);
            }
            System.out.flush();
            System.err.println("on stderr");
            System.exit(Integer.parseInt(args[0]));
        }
    }
}
