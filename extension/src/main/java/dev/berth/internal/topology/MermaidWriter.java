package dev.berth.internal.topology;

import dev.berth.internal.topology.Topology.Container;
import dev.berth.internal.topology.Topology.Edge;
import dev.berth.internal.topology.Topology.Network;
import dev.berth.internal.topology.Topology.Outcome;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a {@link Topology} as a Mermaid flowchart for Markdown: a subgraph per network (inside a
 * subgraph per compose stack), containers on one network inside it, containers on several networks
 * outside with a dotted link to each, and the checks as labelled links (green, grey dashed, red).
 */
final class MermaidWriter {

    private MermaidWriter() {
    }

    static String write(Topology t) {
        StringBuilder s = new StringBuilder(2048);
        Map<String, String> netIds = new HashMap<>();
        Map<String, String> boxIds = new HashMap<>();
        for (int i = 0; i < t.networks().size(); i++) {
            netIds.put(t.networks().get(i).name(), "n" + i);
        }
        for (int i = 0; i < t.containers().size(); i++) {
            boxIds.put(t.containers().get(i).name(), "c" + i);
        }
        s.append("flowchart TB\n");
        List<String> groups = new ArrayList<>();
        groups.add("");
        t.stacks().forEach(st -> groups.add(st.name()));
        int stackIndex = 0;
        for (String group : groups) {
            List<Network> nets = t.networks().stream().filter(n -> n.stack().equals(group)).toList();
            if (nets.isEmpty()) {
                continue;
            }
            String indent = "  ";
            if (!group.isEmpty()) {
                s.append("  subgraph s").append(stackIndex++).append("[\"compose stack ").append(label(group)).append("\"]\n");
                indent = "    ";
            }
            for (Network n : nets) {
                List<String> facts = new ArrayList<>();
                facts.add(n.driver());
                if (!n.subnet().isEmpty()) {
                    facts.add(n.subnet());
                }
                if (n.internal()) {
                    facts.add("internal");
                }
                s.append(indent).append("subgraph ").append(netIds.get(n.name())).append("[\"network ").append(label(n.name()))
                        .append(" · ").append(label(String.join(" · ", facts))).append("\"]\n");
                for (Container c : t.containers()) {
                    if (c.attachments().size() == 1 && c.attachments().get(0).network().equals(n.name())) {
                        s.append(indent).append("  ").append(node(c, boxIds)).append('\n');
                    }
                }
                s.append(indent).append("end\n");
            }
            if (!group.isEmpty()) {
                s.append("  end\n");
            }
        }
        List<String> styles = new ArrayList<>();
        int link = 0;
        for (Container c : t.containers()) {
            if (c.attachments().size() != 1) {
                s.append("  ").append(node(c, boxIds)).append('\n');
                for (String n : c.networkNames()) {
                    if (netIds.containsKey(n)) {
                        s.append("  ").append(boxIds.get(c.name())).append(" -.- ").append(netIds.get(n)).append('\n');
                        link++;
                    }
                }
            }
        }
        int number = 0;
        for (Edge e : t.edges()) {
            number++;
            if (!e.toContainer() || !boxIds.containsKey(e.from()) || !boxIds.containsKey(e.to())) {
                continue;
            }
            String text = number + " " + (e.outcome() == Outcome.FAILED ? "✘ " : "✔ ") + e.check();
            String arrow = switch (e.outcome()) {
                case FAILED -> " --x|\"";
                case ISOLATED -> " -.->|\"";
                case RESOLVED, REACHED -> " -->|\"";
            };
            s.append("  ").append(boxIds.get(e.from())).append(arrow).append(label(text)).append("\"| ").append(boxIds.get(e.to())).append('\n');
            styles.add("  linkStyle " + link + " stroke:" + SvgWriter.color(e.outcome()) + ",stroke-width:2px"
                    + (e.outcome() == Outcome.FAILED ? ",color:" + SvgWriter.RED : ""));
            link++;
        }
        styles.forEach(x -> s.append(x).append('\n'));
        // checks whose target is no container of the picture (an address, an outside name): listed as comments
        number = 0;
        for (Edge e : t.edges()) {
            number++;
            if (e.outcome() == Outcome.FAILED || !e.toContainer()) {
                s.append("  %% ").append(number).append(' ').append(e.outcome() == Outcome.FAILED ? "✘ " : "✔ ")
                        .append(oneLine(e.from() + " → " + e.to() + ": " + e.check()
                                + (e.message().isBlank() ? "" : ": " + e.message()))).append('\n');
            }
        }
        return s.toString();
    }

    private static String node(Container c, Map<String, String> ids) {
        List<String> lines = new ArrayList<>();
        lines.add("<b>" + label(c.name()) + "</b>");
        lines.add(label(c.image()));
        lines.add(label(c.state() + (c.health().isEmpty() ? "" : " · " + c.health())));
        if (!c.placement().isEmpty()) {
            lines.add(label(c.placement()));
        }
        c.attachments().stream().filter(a -> !a.aliases().isEmpty())
                .map(a -> "alias " + String.join(", ", a.aliases())).distinct().forEach(a -> lines.add(label(a)));
        c.ports().forEach(p -> lines.add(label(p.describe())));
        c.mounts().forEach(m -> lines.add(label(m.describe())));
        return ids.get(c.name()) + "[\"" + String.join("<br/>", lines) + "\"]";
    }

    private static String oneLine(String text) {
        return text.replace('\n', ' ').replace('\r', ' ');
    }

    /** Text safe inside a quoted Mermaid label. */
    static String label(String text) {
        return oneLine(text).replace("&", "#amp;").replace("\"", "#quot;").replace("<", "#lt;").replace(">", "#gt;")
                .replace("|", "#124;");
    }
}
