package dev.berth.assertions;

import static dev.berth.assertions.BerthAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.berth.Berth;
import dev.berth.BerthContainer;
import dev.berth.WaitFor;
import dev.berth.WithContainer;
import dev.berth.testkit.Fixtures;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.junit.jupiter.InjectSoftAssertions;
import org.assertj.core.api.junit.jupiter.SoftAssertionsExtension;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.MultipleFailuresError;

/**
 * Berth's asserts are AssertJ asserts: descriptions and overriding messages show in their
 * failures, soft assertions collect them (by hand and through JUnit's SoftAssertionsExtension),
 * and a content comparison carries expected and actual for an IDE's diff. On the real engine.
 */
@WithContainer(name = "app", image = "busybox:1.35",
        command = {"sh", "-c", "printf '" + AssertJNativeIT.GREETING + "' > /tmp/greeting && echo ready && exec sleep 3600"},
        waitFor = @WaitFor(log = "ready"))
class AssertJNativeIT {

    /** What the container writes into /tmp/greeting. */
    static final String GREETING = "written by app";

    /** A port nothing listens on inside the container. */
    private static final int CLOSED_PORT = 1;

    @Nested
    @DisplayName("descriptions and overriding messages")
    class Descriptions {

        @Test
        @DisplayName("as(...) puts its text in front of Berth's message")
        void described(@Berth("app") BerthContainer app) {
            assertThatThrownBy(() -> assertThat(app).as("the app reaches its cache").canReach("127.0.0.1", CLOSED_PORT))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageStartingWith("[the app reaches its cache] app cannot reach 127.0.0.1:" + CLOSED_PORT + ": ");
        }

        @Test
        @DisplayName("as(...) on a file assert, and on a retried check, stays in front")
        void describedFileAndRetry(@Berth("app") BerthContainer app) {
            assertThatThrownBy(() -> assertThat(app).file("/etc/app.conf").as("the configuration").exists())
                    .hasMessage("[the configuration] Expecting /etc/app.conf to exist in container app but it does not");
            assertThatThrownBy(() -> assertThat(app).within(Duration.ofSeconds(5)).describedAs("the cache")
                    .canReach("127.0.0.1", CLOSED_PORT))
                    .hasMessageStartingWith("[the cache] Still failing after 5000 ms of retrying: app cannot reach 127.0.0.1:"
                            + CLOSED_PORT);
        }

        @Test
        @DisplayName("withFailMessage(...) and overridingErrorMessage(...) replace Berth's message")
        void overridden(@Berth("app") BerthContainer app) {
            assertThatThrownBy(() -> assertThat(app).withFailMessage("no %s for the app", "cache").canResolve("cache"))
                    .isInstanceOf(AssertionError.class)
                    .hasMessage("no cache for the app");
            assertThatThrownBy(() -> assertThat(app).file("/tmp/greeting").overridingErrorMessage("greeting is wrong")
                    .contains("not in it"))
                    .hasMessage("greeting is wrong");
        }
    }

    @Nested
    @DisplayName("content comparisons")
    class Comparisons {

        @Test
        @DisplayName("hasContent fails with expected and actual, so an IDE shows the diff")
        void hasContentDiff(@Berth("app") BerthContainer app) {
            String expected = GREETING + " and more";
            AssertionFailedError failure = catchThrowableOfType(AssertionFailedError.class,
                    () -> assertThat(app).file("/tmp/greeting").hasContent(expected));
            assertThat(failure).isNotNull();
            assertThat(failure.isExpectedDefined()).isTrue();
            assertThat(failure.isActualDefined()).isTrue();
            assertThat(failure.getExpected().getValue()).isEqualTo(expected);
            assertThat(failure.getActual().getValue()).isEqualTo(GREETING);
            assertThat(failure).hasMessageContaining("Expecting /tmp/greeting in container app to have content:");
        }

        @Test
        @DisplayName("hasContent passes on the content the container wrote")
        void hasContentPasses(@Berth("app") BerthContainer app) {
            assertThat(app).file("/tmp/greeting").hasContent(GREETING);
        }
    }

    @Nested
    @DisplayName("soft assertions")
    class Soft {

        @Test
        @DisplayName("three wiring failures are collected into one report; passing checks add nothing")
        void collectsThree(@Berth("app") BerthContainer app) {
            BerthSoftAssertions softly = new BerthSoftAssertions();
            softly.assertThat(app).isRunning().canResolve("db");
            softly.assertThat(app).canReach("127.0.0.1", CLOSED_PORT);
            softly.assertThat(app).file("/etc/app.conf").exists();
            softly.assertThat(app).file("/tmp/greeting").exists().as("greeting").hasContent(GREETING);

            assertThat(softly.errorsCollected()).hasSize(3);
            assertThatThrownBy(softly::assertAll)
                    .isInstanceOf(MultipleFailuresError.class)
                    .hasMessageContaining("Multiple Failures (3 failures)")
                    .hasMessageContaining("app cannot resolve \"db\"")
                    .hasMessageContaining("app cannot reach 127.0.0.1:" + CLOSED_PORT)
                    .hasMessageContaining("Expecting /etc/app.conf to exist in container app but it does not");
        }

        @Test
        @DisplayName("descriptions and content diffs survive in the soft report")
        void softKeepsDescriptionAndDiff(@Berth("app") BerthContainer app) {
            BerthSoftAssertions softly = new BerthSoftAssertions();
            softly.assertThat(app).as("db wiring").canResolve("db");
            softly.assertThat(app).file("/tmp/greeting").hasContent("other");

            List<Throwable> errors = softly.errorsCollected();
            assertThat(errors).hasSize(2);
            assertThat(errors.get(0)).hasMessageStartingWith("[db wiring] app cannot resolve \"db\"");
            assertThat(errors.get(1)).isInstanceOf(AssertionFailedError.class);
            assertThat(((AssertionFailedError) errors.get(1)).getActual().getValue()).isEqualTo(GREETING);
        }

        @Test
        @DisplayName("asserts reached from a soft assert (an HTTP answer, an image's file) are soft too")
        void nestedAssertsAreSoft(@Berth("app") BerthContainer app) {
            String image = "busybox:1.35";
            BerthSoftAssertions softly = new BerthSoftAssertions();
            softly.assertThat(app).fetches("http://127.0.0.1:" + CLOSED_PORT + "/").hasStatus(200);
            softly.assertThatImage(image).file("/no/such/file").exists();
            softly.assertThatImage(image).hasWorkdir("/no/such/dir");

            List<Throwable> errors = softly.errorsCollected();
            assertThat(errors).hasSize(3);
            assertThat(errors.get(0)).hasMessageStartingWith("Expecting GET http://127.0.0.1:" + CLOSED_PORT
                    + "/ from app to answer 200 but there was no answer");
            assertThat(errors.get(1)).hasMessageStartingWith("Expecting /no/such/file to exist in image " + image + " but it does not");
            assertThat(errors.get(2)).hasMessageStartingWith("Expecting image " + image + " to have WORKDIR /no/such/dir");
        }

        @Test
        @DisplayName("JUnit's SoftAssertionsExtension injects BerthSoftAssertions and reports every failure after the test")
        void softAssertionsExtension() {
            Fixtures.Run run = Fixtures.run(List.of(SoftExtensionTestCases.class), Map.of(), Path.of("target", "fixture-outputs"));

            assertThat(run.testFailures()).hasSize(1);
            Throwable failure = run.testFailures().get(0);
            assertThat(failure).isInstanceOf(MultipleFailuresError.class);
            assertThat(((MultipleFailuresError) failure).getFailures()).hasSize(3);
            assertThat(failure)
                    .hasMessageContaining("app cannot resolve \"db\"")
                    .hasMessageContaining("app cannot reach 127.0.0.1:" + CLOSED_PORT)
                    .hasMessageContaining("Expecting /etc/app.conf to exist in container app but it does not");
        }
    }

    /** Run only through {@link Fixtures}: three failed wiring checks, collected by JUnit's extension. */
    @ExtendWith(SoftAssertionsExtension.class)
    @WithContainer(name = "app", image = "busybox:1.35", command = {"sleep", "3600"})
    static class SoftExtensionTestCases {

        @InjectSoftAssertions
        BerthSoftAssertions softly;

        @Test
        void wiring(@Berth("app") BerthContainer app) {
            softly.assertThat(app).canResolve("db");
            softly.assertThat(app).canReach("127.0.0.1", CLOSED_PORT);
            softly.assertThat(app).file("/etc/app.conf").exists();
        }
    }
}
