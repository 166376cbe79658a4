package dev.berth.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.InternalServerErrorException;
import java.util.ArrayDeque;
import java.util.Deque;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("starting a created container: one more try only when runc lost its init process")
class ProvisionerTests {

    /** What the engine answered in a CI rehearsal on a loaded host (WithContainerDocsTest); docker-java adds "Status 500: ". */
    private static final String INIT_P = "{\"message\":\"failed to create task for container: failed to create shim task:"
            + " OCI runtime create failed: runc create failed: unable to start container process: error during container init:"
            + " read init-p: connection reset by peer: unknown\"}";

    /** Answers each start with the next outcome: null starts, an exception refuses. */
    private static final class ScriptedStart implements Runnable {
        private final Deque<DockerException> outcomes = new ArrayDeque<>();
        private int calls;

        ScriptedStart refuse(String message) {
            outcomes.add(new InternalServerErrorException(message));
            return this;
        }

        @Override
        public void run() {
            calls++;
            DockerException next = outcomes.poll();
            if (next != null) {
                throw next;
            }
        }
    }

    @Test
    void theRuntimeLosingItsInitProcessIsRetriedOnce() {
        ScriptedStart start = new ScriptedStart().refuse(INIT_P);
        Provisioner.startOnce(start, "c0ffee");
        assertThat(start.calls).isEqualTo(2);
    }

    @Test
    void aSecondLossIsTheCallersFailure() {
        ScriptedStart start = new ScriptedStart().refuse(INIT_P).refuse(INIT_P);
        assertThatThrownBy(() -> Provisioner.startOnce(start, "c0ffee")).isInstanceOf(InternalServerErrorException.class)
                .hasMessageContaining("init-p");
        assertThat(start.calls).isEqualTo(2);
    }

    @Test
    void anyOtherRefusalIsNotRetried() {
        String portTaken = "{\"message\":\"driver failed programming external connectivity on endpoint web:"
                + " Bind for 127.0.0.1:8080 failed: port is already allocated\"}";
        String badCommand = "{\"message\":\"failed to create task for container: OCI runtime create failed:"
                + " exec: \\\"nope\\\": executable file not found in $PATH: unknown\"}";
        for (String refusal : new String[] {portTaken, badCommand}) {
            ScriptedStart start = new ScriptedStart().refuse(refusal);
            assertThatThrownBy(() -> Provisioner.startOnce(start, "c0ffee")).hasMessageEndingWith(refusal);
            assertThat(start.calls).as(refusal).isEqualTo(1);
        }
    }

    @Test
    void aStartThatWorksIsCalledOnce() {
        ScriptedStart start = new ScriptedStart();
        Provisioner.startOnce(start, "c0ffee");
        assertThat(start.calls).isEqualTo(1);
    }
}
