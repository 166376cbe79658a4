package dev.berth.examples.bench;

import static dev.berth.assertions.BerthAssertions.assertThat;

import dev.berth.BerthStack;
import dev.berth.ComposeStack;
import org.junit.jupiter.api.Test;

/**
 * The Berth variant of {@link ComposeBenchmark}: the shop stack (two services, a shell as PID 1)
 * brought up by {@code @ComposeStack}, one assertion, taken down after the class. Main sources,
 * so the benchmark can hand it to the JUnit Platform Launcher.
 */
@ComposeStack(name = "shop", files = "classpath:bench/compose/shop.yml")
public class ComposeBenchStack {

    @Test
    void webReachesDb(BerthStack shop) {
        assertThat(shop.container("web")).canReach("db", 5432);
    }
}
