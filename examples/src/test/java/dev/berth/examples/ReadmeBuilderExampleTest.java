package dev.berth.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.BerthEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

// The programmatic twin of the example at the top of README.md (DocsSnippetsTest keeps the two equal).
// tag::readme-builder[]
class ReadmeBuilderExampleTest {
    @RegisterExtension
    static BerthEnvironment env = BerthEnvironment.builder()
            .network("backend")
            .container("server", c -> c.image("${server.image:busybox:1.35}").networks("backend")
                    .command("httpd", "-f", "-p", "8080", "-h", "/").waitFor(w -> w.port(8080)))
            .container("client", c -> c.image("busybox:1.35").networks("backend").command("sleep", "3600"))
            .build();

    @Test void clientReachesServerByName() {
        assertThat(env.container("client").exec("sh", "-c", "nc -w 2 server 8080 </dev/null").exitCode()).isZero();
    }
}
// end::readme-builder[]
