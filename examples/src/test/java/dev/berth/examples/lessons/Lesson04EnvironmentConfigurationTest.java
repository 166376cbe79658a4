package dev.berth.examples.lessons;

import static dev.berth.assertions.BerthAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.Berth;
import dev.berth.BerthContainer;
import dev.berth.WaitFor;
import dev.berth.WithContainer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Course, image optimisation tip 6: "configure the application with environment variables instead
 * of configuration files: a configuration change then needs no image rebuild".
 */
@DisplayName("Lesson 4: configuration through environment variables: one image, two configurations, no rebuild")
// tag::declaration[]
// docker run -e GREETING="hello from staging" -p 80 busybox:1.35 sh -c '...'
@WithContainer(name = "staging", image = "busybox:1.35", env = "GREETING=hello from staging", ports = "80",
        command = {"sh", "-c", "mkdir -p /www && echo \"$GREETING\" > /www/index.html && exec httpd -f -p 80 -h /www"},
        waitFor = @WaitFor(port = 80))
// docker run --env-file production.env -p 80 busybox:1.35 sh -c '...'
@WithContainer(name = "production", image = "busybox:1.35", envFile = "classpath:lessons/production.env", ports = "80",
        command = {"sh", "-c", "mkdir -p /www && echo \"$GREETING\" > /www/index.html && exec httpd -f -p 80 -h /www"},
        waitFor = @WaitFor(port = 80))
// end::declaration[]
class Lesson04EnvironmentConfigurationTest {

    // tag::proofs[]
    @Test
    @DisplayName("the same image behaves differently per environment, configured at run time")
    void sameImageTwoConfigurations(@Berth("staging") BerthContainer staging,
                                    @Berth("production") BerthContainer production) {
        assertThat(staging.image()).isEqualTo(production.image());
        assertThat(staging).servesHttp(80, "/").hasStatus(200).bodyContains("hello from staging");
        assertThat(production).servesHttp(80, "/").hasStatus(200).bodyContains("hello from production");
    }
    // end::proofs[]
}
