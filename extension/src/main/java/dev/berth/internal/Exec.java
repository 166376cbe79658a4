package dev.berth.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.ExecCreateCmdResponse;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.StreamType;
import dev.berth.BerthException;
import dev.berth.ExecResult;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apiguardian.api.API;

/** Runs commands in containers and reads logs, through the engine API (no CLI process). */
@API(status = INTERNAL, since = "0.1")
public final class Exec {

    /**
     * The entrypoint of a container that only has to stay up (a probe, a keeper, a network's holder):
     * sleeps until stopped, and exits at once on SIGTERM.
     */
    public static final List<String> IDLE = List.of("sh", "-c", "trap 'exit 0' TERM; while :; do sleep 3600 & wait $!; done");

    private Exec() {
    }

    public static ExecResult run(DockerClient client, String containerId, String what, Duration timeout, List<String> command) {
        if (command.isEmpty()) {
            throw new IllegalArgumentException("exec needs a command");
        }
        try {
            ExecCreateCmdResponse exec = client.execCreateCmd(containerId)
                    .withAttachStdout(true).withAttachStderr(true)
                    .withCmd(command.toArray(String[]::new)).exec();
            Collector out = new Collector();
            client.execStartCmd(exec.getId()).exec(out);
            if (!out.awaitCompletion(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                out.close();
                throw new BerthException("Command " + command + " in " + what + " did not finish within " + timeout.toMillis() + " ms");
            }
            Long code = client.inspectExecCmd(exec.getId()).exec().getExitCodeLong();
            return new ExecResult(code == null ? -1 : code.intValue(), out.stdout(), out.stderr());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BerthException("Interrupted while running " + command + " in " + what, e);
        } catch (DockerException | java.io.IOException e) {
            throw new BerthException("Could not run " + command + " in " + what + ": " + EngineMessage.of(e)
                    + " (is the container running? an exec needs a running container)", e);
        } catch (RuntimeException e) {
            if (e instanceof BerthException) {
                throw e;
            }
            throw new BerthException("Could not run " + command + " in " + what + ": " + e, e);
        }
    }

    /** All logs written so far (stdout and stderr interleaved, in order). */
    public static String logs(DockerClient client, String containerId, Integer tail) {
        Collector out = new Collector();
        try {
            var cmd = client.logContainerCmd(containerId).withStdOut(true).withStdErr(true).withFollowStream(false);
            if (tail != null) {
                cmd = cmd.withTail(tail);
            }
            cmd.exec(out).awaitCompletion(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BerthException("Interrupted while reading logs of " + containerId, e);
        }
        return out.all();
    }

    /** Collects frames of an exec or log stream. */
    static final class Collector extends ResultCallback.Adapter<Frame> {
        private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        private final ByteArrayOutputStream all = new ByteArrayOutputStream();

        @Override
        public synchronized void onNext(Frame frame) {
            byte[] payload = frame.getPayload();
            if (payload == null) {
                return;
            }
            if (frame.getStreamType() == StreamType.STDERR) {
                stderr.writeBytes(payload);
            } else {
                stdout.writeBytes(payload);
            }
            all.writeBytes(payload);
        }

        synchronized String stdout() {
            return stdout.toString(StandardCharsets.UTF_8);
        }

        synchronized String stderr() {
            return stderr.toString(StandardCharsets.UTF_8);
        }

        synchronized String all() {
            return all.toString(StandardCharsets.UTF_8);
        }
    }
}
