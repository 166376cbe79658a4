package dev.berth.examples.lessons;

import static dev.berth.assertions.BerthAssertions.assertThat;
import static dev.berth.assertions.BerthAssertions.assertThatImage;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.Berth;
import dev.berth.BerthContainer;
import dev.berth.BuildImage;
import dev.berth.WithContainer;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Course, interview question "레지스트리에 이미지 공개하실 때 보안적으로 신경쓴 부분이 있으신가요?" and its
 * answer: "environment variables that must stay secret are kept in a separate env file, which is
 * ignored and not published". Anyone who pulls an image can read its ENV and its files; the fix
 * keeps the password out of the Dockerfile and the env file out of the build context, and gives
 * it at run time. The contexts are examples/src/test/resources/lessons/images/secrets-leaky and secrets-fixed.
 */
@DisplayName("Lesson 10a (interview): secrets are kept out of images: ENV and COPY bake them in, run-time env files do not")
// tag::declaration[]
// ENV DB_PASSWORD=... in the Dockerfile, and COPY . /app takes db.env along
@BuildImage(context = "src/test/resources/lessons/images/secrets-leaky", name = "lesson/secrets:leaky")
// no secret in the Dockerfile, *.env in .dockerignore
@BuildImage(context = "src/test/resources/lessons/images/secrets-fixed", name = "lesson/secrets:fixed")
// docker run --env-file db.env lesson/secrets:fixed
@WithContainer(name = "app", image = "lesson/secrets:fixed", envFile = "src/test/resources/lessons/images/secrets-fixed/db.env")
// end::declaration[]
class Lesson10aSecretsOutOfImagesTest {

    static final String PASSWORD = "s3cret-baked-into-the-image";

    // tag::proofs[]
    @Test
    @DisplayName("the leaky image gives its password to whoever pulls it: in its ENV and in a copied file (shown masked)")
    void leakyImage() {
        assertThatThrownBy(() -> assertThatImage("lesson/secrets:leaky").doesNotLeakSecrets(PASSWORD))
                .hasMessageContaining("leak(s) were found")
                .hasMessageContaining("env DB_PASSWORD=****")
                .hasMessageNotContaining(PASSWORD);
        assertThatImage("lesson/secrets:leaky").file("/app/db.env").contains("DB_PASSWORD=");
    }

    @Test
    @DisplayName("the fixed image holds no secret, in its configuration, history or files, yet the app gets it at run time")
    void fixedImage(@Berth("app") BerthContainer app) {
        assertThatImage("lesson/secrets:fixed").doesNotLeakSecrets(PASSWORD)
                .file("/app/db.env").doesNotExist();
        assertThatImage("lesson/secrets:fixed").file("/app/Dockerfile").doesNotContain(PASSWORD);
        assertThat(app).within(Duration.ofSeconds(10))
                .logContains("connecting with a password of " + PASSWORD.length() + " characters");
    }
    // end::proofs[]
}
