package com.example.shop;

import static dev.berth.assertions.BerthAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.Berth;
import dev.berth.BerthContainer;
import dev.berth.WaitFor;
import dev.berth.WithContainer;
import dev.berth.WithNetwork;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

@WithNetwork(name = "backend")
@WithNetwork(name = "outside")
@WithContainer(name = "catalog", image = "busybox:1.35", networks = "backend", ports = "8080",
        command = {"sh", "-c", "mkdir -p /www && echo catalog > /www/index.html && httpd -f -p 8080 -h /www"},
        waitFor = @WaitFor(port = 8080))
@WithContainer(name = "storefront", image = "busybox:1.35", networks = "backend", command = {"sleep", "3600"})
@WithContainer(name = "stranger", image = "busybox:1.35", networks = "outside", command = {"sleep", "3600"})
class CatalogWiringTest {

    @Test
    void storefrontTalksToCatalogByName(@Berth("storefront") BerthContainer storefront) {
        assertThat(storefront).canResolve("catalog").canReach("catalog", 8080);
    }

    @Test
    void strangerOnAnotherNetworkCannot(@Berth("stranger") BerthContainer stranger) {
        assertThat(stranger).cannotResolve("catalog");
    }

    @Test
    void catalogIsPublishedToTheHost(@Berth("catalog") BerthContainer catalog) throws Exception {
        URI uri = URI.create("http://" + catalog.host() + ":" + catalog.hostPort(8080) + "/index.html");
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("catalog\n");
    }
}
