package dev.berth.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("the run record of this JVM")
class RunRecordIT {

    @Test
    @DisplayName("a record whose connection ended is replaced, and the replaced one is removed, not left behind")
    void aLostConnectionLeavesOneRecord() {
        DockerClient client = Docker.get().client(); // first contact starts the record
        RunRecord record = RunRecord.awaitCurrent(); // it starts in the background
        assertThat(record).as("this JVM's run record").isNotNull();
        String before = record.containerId();

        record.connectionLost("provoked by the test");

        String after = record.containerId();
        assertThat(after).isNotEqualTo(before);
        assertThatThrownBy(() -> client.inspectContainerCmd(before).exec()).isInstanceOf(NotFoundException.class);
        assertThat(client.inspectContainerCmd(after).exec().getState().getRunning()).isTrue();
        List<Container> records = client.listContainersCmd().withShowAll(true).withLabelFilter(Map.of(
                RunIdentity.RUN, RunIdentity.current().runId(), RunIdentity.KIND, RunRecord.KIND)).exec();
        assertThat(records).extracting(Container::getId).containsExactly(after);
    }
}
