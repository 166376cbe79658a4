package dev.berth.examples.docs;

import dev.berth.WaitFor;
import dev.berth.WithContainer;
import dev.berth.WithNetwork;
import java.util.concurrent.atomic.AtomicReference;

// tag::declaration[]
@WithNetwork(name = "shared-net")
@WithContainer(name = "db", image = "busybox:1.35", networks = "shared-net",
        command = {"httpd", "-f", "-p", "5432", "-h", "/"}, waitFor = @WaitFor(port = 5432))
final class SharedBackend {
    // end::declaration[]

    /** The container id the first test class saw; the second must see the same one. */
    static final AtomicReference<String> FIRST_SEEN = new AtomicReference<>();

    private SharedBackend() {
    }

    /** Fails unless every caller in this JVM got the same container. */
    static void assertSameContainerAsOtherClasses(String id) {
        FIRST_SEEN.compareAndSet(null, id);
        if (!FIRST_SEEN.get().equals(id)) {
            throw new AssertionError("the shared environment was started twice: " + FIRST_SEEN.get() + " and " + id);
        }
    }
    // tag::declaration[]
}
// end::declaration[]
