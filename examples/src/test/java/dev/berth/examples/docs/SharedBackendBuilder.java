package dev.berth.examples.docs;

import dev.berth.BerthEnvironment;

/** The programmatic twin of {@link SharedBackend}: one environment for the whole run (docs/scopes-and-injection.md). */
// tag::declaration[]
final class SharedBackendBuilder {
    static final BerthEnvironment ENV = BerthEnvironment.builder().shared()    // one for the whole test run
            .network("shared-net")
            .container("db", c -> c.image("busybox:1.35").networks("shared-net")
                    .command("httpd", "-f", "-p", "5432", "-h", "/").waitFor(w -> w.port(5432)))
            .build();
    // end::declaration[]

    private SharedBackendBuilder() {
    }
    // tag::declaration[]
}
// end::declaration[]
