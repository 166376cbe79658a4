package dev.berth.examples.lessons;

import static dev.berth.assertions.BerthAssertions.assertThatImage;
import static dev.berth.examples.lessons.LessonSupport.docker;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.Berth;
import dev.berth.BerthImage;
import dev.berth.BerthRegistry;
import dev.berth.BuildImage;
import dev.berth.WithRegistry;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Course, interview question "도커 이미지 버전별 구분은 어떤 기준으로 하셨나요?": a new version name for
 * each stable, usable unit, or the commit hash as the tag (from CI). A tag is only a name for an
 * image id: one image can carry several tags, and {@code latest} is a tag like any other, moved
 * only when someone tags an image with it. The local registry stands in for Docker Hub (none is
 * reachable here).
 */
@DisplayName("Lesson 10b (interview): versions are tags, names for an image id: one image can have several, and latest is just one of them")
// tag::declaration[]
// docker build --build-arg VERSION=1.0.0 -t lesson/versioned:1.0.0 .  (and 1.1.0)
@BuildImage(context = "src/test/resources/lessons/images/versioned", name = "lesson/versioned:1.0.0",
        buildArgs = "VERSION=1.0.0")
@BuildImage(context = "src/test/resources/lessons/images/versioned", name = "lesson/versioned:1.1.0",
        buildArgs = "VERSION=1.1.0")
@WithRegistry
// end::declaration[]
class Lesson10bVersioningTagsTest {

    // tag::proofs[]
    @Test
    @DisplayName("one image, three tags (version, commit hash, latest): one image id; a new version is a new id")
    void tagsNameOneImage(BerthRegistry registry, @Berth("lesson/versioned:1.0.0") BerthImage v100,
                          @Berth("lesson/versioned:1.1.0") BerthImage v110) {
        String version = registry.push(v100.name(), "team/app:1.0.0");
        String commit = registry.push(v100.name(), "team/app:3f2c1a9");  // the CI commit hash as a tag
        String latest = registry.push(v100.name(), "team/app:latest");
        assertThat(registry.tags("team/app")).containsExactlyInAnyOrder("1.0.0", "3f2c1a9", "latest");
        assertThat(imageId(version)).isEqualTo(imageId(commit)).isEqualTo(imageId(latest)).isEqualTo(v100.id());
        assertThat(v110.id()).isNotEqualTo(v100.id());
        for (String reference : new String[] {version, commit, latest}) {
            registry.removeLocal(reference);
        }
    }

    @Test
    @DisplayName("latest is not \"the newest\": after pushing 1.1.0, latest still pulls 1.0.0 until someone moves it")
    void latestIsJustATag(BerthRegistry registry, @Berth("lesson/versioned:1.0.0") BerthImage v100,
                          @Berth("lesson/versioned:1.1.0") BerthImage v110) {
        registry.removeLocal(registry.push(v100.name(), "team/tool:latest"));
        registry.removeLocal(registry.push(v110.name(), "team/tool:1.1.0"));  // the newer version, pushed later

        String latest = registry.pull("team/tool:latest");
        assertThat(imageId(latest)).isEqualTo(v100.id()).isNotEqualTo(v110.id());
        assertThatImage(latest).file("/version.txt").hasContent("1.0.0\n");
        registry.removeLocal(latest);

        registry.removeLocal(registry.push(v110.name(), "team/tool:latest"));  // moving latest is a deliberate tag
        latest = registry.pull("team/tool:latest");
        assertThat(imageId(latest)).isEqualTo(v110.id());
        registry.removeLocal(latest);
    }
    // end::proofs[]

    private static String imageId(String reference) {
        return docker("image", "inspect", "--format", "{{.Id}}", reference).strip();
    }
}
