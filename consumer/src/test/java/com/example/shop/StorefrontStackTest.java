package com.example.shop;

import static dev.berth.assertions.BerthAssertions.assertThat;

import dev.berth.BerthStack;
import dev.berth.ComposeStack;
import org.junit.jupiter.api.Test;

@ComposeStack(name = "shop", files = "src/test/resources/stack/compose.yml")
class StorefrontStackTest {

    @Test
    void webServesTheMountedPage(BerthStack shop) {
        assertThat(shop.container("web")).servesHttp(8080, "/index.html").hasStatus(200).bodyContains("hello from the shop");
    }

    @Test
    void clientReachesWebByServiceName(BerthStack shop) {
        assertThat(shop.container("client")).canResolve("web").canReach("web", 8080);
    }
}
