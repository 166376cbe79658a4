package dev.berth.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.Berth;
import dev.berth.BerthContainer;
import dev.berth.WaitFor;
import dev.berth.WithContainer;
import dev.berth.WithNetwork;
import org.junit.jupiter.api.Test;

// The example shown at the top of README.md (DocsSnippetsTest keeps the two equal).
// tag::readme[]
@WithNetwork(name = "backend")
@WithContainer(name = "server", image = "busybox:1.35", networks = "backend",
        command = {"httpd", "-f", "-p", "8080", "-h", "/"}, waitFor = @WaitFor(port = 8080))
@WithContainer(name = "client", image = "busybox:1.35", networks = "backend", command = {"sleep", "3600"})
class ReadmeExampleTest {
    @Test void clientReachesServerByName(@Berth("client") BerthContainer client) {
        assertThat(client.exec("sh", "-c", "nc -w 2 server 8080 </dev/null").exitCode()).isZero();
    }
}
// end::readme[]
