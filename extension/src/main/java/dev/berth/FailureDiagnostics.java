package dev.berth;

import dev.berth.internal.Config;
import dev.berth.internal.ContainerHandle;
import dev.berth.internal.Docker;
import dev.berth.internal.Environment;
import dev.berth.internal.EnvironmentPicture;
import dev.berth.internal.Exec;
import dev.berth.internal.Secrets;
import dev.berth.internal.topology.Diagrams;
import dev.berth.internal.topology.Topology;
import java.util.List;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * What Berth attaches to a failed test: each container's state, networks and last log lines (a
 * report entry per container, the full log as a file on JUnit 5.12+), and the picture of the
 * environment with this test's checks. Every text passes the secret masker.
 */
final class FailureDiagnostics {

    private FailureDiagnostics() {
    }

    /** Publishes the diagnostics of the containers and returns the summary for the failure's output. */
    static String describe(ExtensionContext context, List<ContainerHandle> containers, List<Environment> visible, long since) {
        int lines = Config.of(context).logLines();
        StringBuilder summary = new StringBuilder("Berth environment at the time of the failure:");
        for (ContainerHandle c : containers) {
            try {
                String state = c.isRunning() ? "running" : "exited " + c.inspect().getState().getExitCodeLong();
                String full = Secrets.mask(Exec.logs(Docker.get().client(), c.id(), null));
                String[] all = full.split("\n");
                String tail = String.join("\n", java.util.Arrays.copyOfRange(all, Math.max(0, all.length - lines), all.length));
                summary.append("\n-- ").append(c.name()).append(" (").append(c.dockerName()).append(", ").append(c.image())
                        .append(", ").append(state).append(", networks ").append(c.networks().isEmpty() ? "[bridge]" : c.networks())
                        .append("), last ").append(lines).append(" log lines:\n").append(tail.stripTrailing());
                if (!tail.isBlank()) { // JUnit rejects blank report values; a silent container has no log entry
                    context.publishReportEntry("berth." + c.name() + ".logs", tail);
                }
                try {
                    JUnitCompat.publishTextFile(context, "berth-" + c.name() + ".log", full); // JUnit 5.12+; older lines keep the tail above
                } catch (RuntimeException notPublished) {
                    summary.append("\n   (the full log of ").append(c.name()).append(" was not attached as a file: ")
                            .append(notPublished.getMessage()).append(")");
                }
            } catch (RuntimeException e) {
                summary.append("\n-- ").append(c.name()).append(": diagnostics unavailable (").append(Secrets.mask(e.getMessage())).append(")");
            }
        }
        publishPicture(context, visible, since, summary);
        return summary.toString();
    }

    /**
     * Publishes the picture of the environment with this test's checks (a failed one in red):
     * berth-environment.svg and its Mermaid twin berth-environment.mmd as files on JUnit 5.12+, the
     * Mermaid text as a report entry before. Every text in it passed the secret masker.
     */
    private static void publishPicture(ExtensionContext context, List<Environment> visible, long since, StringBuilder summary) {
        try {
            String title = context.getRequiredTestClass().getSimpleName() + context.getTestMethod().map(m -> "." + m.getName()).orElse("");
            Topology picture = EnvironmentPicture.of(title, visible, since, false).masked();
            String mermaid = Diagrams.mermaid(picture);
            if (JUnitCompat.canPublishFiles()) {
                JUnitCompat.publishTextFile(context, "berth-environment.svg", Diagrams.svg(picture));
                JUnitCompat.publishTextFile(context, "berth-environment.mmd", mermaid);
                summary.append("\n-- picture of the environment: berth-environment.svg (Mermaid: berth-environment.mmd), published with this test");
            } else {
                context.publishReportEntry("berth.environment.mermaid", mermaid);
                summary.append("\n-- picture of the environment: report entry berth.environment.mermaid (Mermaid)");
            }
        } catch (RuntimeException e) {
            summary.append("\n-- picture of the environment unavailable (").append(Secrets.mask(String.valueOf(e.getMessage()))).append(")");
        }
    }
}
