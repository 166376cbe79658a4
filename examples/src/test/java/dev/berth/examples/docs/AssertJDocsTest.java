package dev.berth.examples.docs;

// tag::imports[]
import static dev.berth.assertions.BerthAssertions.assertThat;   // Berth's subjects: BerthContainer, BerthVolume, BerthImage
import static org.assertj.core.api.Assertions.assertThat;         // every other value, as usual
// end::imports[]
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.berth.Berth;
import dev.berth.BerthContainer;
import dev.berth.WaitFor;
import dev.berth.WithContainer;
import dev.berth.assertions.BerthSoftAssertions;
import org.assertj.core.api.junit.jupiter.InjectSoftAssertions;
import org.assertj.core.api.junit.jupiter.SoftAssertionsExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.MultipleFailuresError;

/** The examples of docs/assertions.md on AssertJ's own machinery: imports, descriptions, soft assertions, diffs. */
@WithContainer(name = "web", image = "busybox:1.35", ports = "80", waitFor = @WaitFor(port = 80),
        command = {"sh", "-c", "mkdir /www && echo hello > /www/index.html && exec httpd -f -p 80 -h /www"})
class AssertJDocsTest {

    @Test
    void bothAssertThatsTogether(@Berth("web") BerthContainer web) {
        // tag::coexist[]
        assertThat(web).isRunning().servesHttp(80, "/index.html").hasStatus(200); // a BerthContainer: Berth's
        assertThat(web.exec("cat", "/www/index.html").stdout()).startsWith("hello");  // a String: AssertJ's
        // end::coexist[]
    }

    @Test
    void descriptionsAndOverridingMessages(@Berth("web") BerthContainer web) {
        // tag::described[]
        assertThatThrownBy(() -> assertThat(web).as("the cache of %s", web.name()).canReach("localhost", 6379))
                .hasMessageStartingWith("[the cache of web] web cannot reach localhost:6379: ");
        assertThatThrownBy(() -> assertThat(web).withFailMessage("web must talk to its cache").canReach("localhost", 6379))
                .hasMessage("web must talk to its cache");
        // end::described[]
    }

    @Test
    void softAssertionsCollectEveryFailure(@Berth("web") BerthContainer web) {
        // tag::soft[]
        BerthSoftAssertions softly = new BerthSoftAssertions();
        softly.assertThat(web).canResolve("cache");                        // the default bridge has no DNS for names
        softly.assertThat(web).canReach("localhost", 6379);                // nothing listens there
        softly.assertThat(web).file("/www/index.html").hasContent("bye\n");
        softly.assertThat(web).isRunning();                                 // holds: not in the report
        assertThatThrownBy(softly::assertAll)
                .hasMessageContaining("Multiple Failures (3 failures)")
                .hasMessageContaining("web cannot resolve \"cache\"")
                .hasMessageContaining("web cannot reach localhost:6379")
                .hasMessageContaining("Expecting /www/index.html in container web to have content:");
        // end::soft[]
    }

    @Fixture
    // tag::soft-extension[]
    @ExtendWith(SoftAssertionsExtension.class)
    @WithContainer(name = "web", image = "busybox:1.35", command = {"sleep", "3600"})
    static class WiringReport {

        @InjectSoftAssertions
        BerthSoftAssertions softly;

        @Test
        void wiring(@Berth("web") BerthContainer web) {
            softly.assertThat(web).canResolve("cache");
            softly.assertThat(web).canReach("localhost", 6379);
            softly.assertThat(web).file("/etc/app.conf").exists();
        }   // SoftAssertionsExtension calls assertAll() after the test: one failure that lists all three
    }
    // end::soft-extension[]

    @Test
    void softAssertionsExtensionReportsAllThree() {
        FixtureRunner.Outcome run = FixtureRunner.run(WiringReport.class);
        // tag::soft-extension-report[]
        assertThat(run.onlyTestFailure()).isInstanceOf(MultipleFailuresError.class)
                .hasMessageContaining("web cannot resolve \"cache\"")
                .hasMessageContaining("web cannot reach localhost:6379")
                .hasMessageContaining("Expecting /etc/app.conf to exist in container web but it does not");
        // end::soft-extension-report[]
        assertThat(((MultipleFailuresError) run.onlyTestFailure()).getFailures()).hasSize(3);
    }

    @Test
    void contentComparisonsCarryExpectedAndActual(@Berth("web") BerthContainer web) {
        // tag::diff[]
        AssertionFailedError diff = catchThrowableOfType(AssertionFailedError.class,
                () -> assertThat(web).file("/www/index.html").hasContent("bye\n"));
        assertThat(diff.getExpected().getValue()).isEqualTo("bye\n");    // an IDE offers "Click to see difference"
        assertThat(diff.getActual().getValue()).isEqualTo("hello\n");
        // end::diff[]
    }
}
