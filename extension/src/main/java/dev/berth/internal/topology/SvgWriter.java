package dev.berth.internal.topology;

import dev.berth.internal.topology.Layout.Box;
import dev.berth.internal.topology.Topology.Outcome;
import java.util.List;

/**
 * Writes a {@link Layout} as a self-contained SVG: no script, no external font, image or style
 * sheet (generic monospace), integer coordinates, so the same model gives the same bytes. Element
 * classes and {@code data-*} attributes name what each box is, for people and for tests.
 */
final class SvgWriter {

    static final String GREEN = "#1b7f3b";
    static final String GREY = "#6b6b6b";
    static final String RED = "#c62828";

    private SvgWriter() {
    }

    static String write(Layout l) {
        StringBuilder s = new StringBuilder(8192);
        s.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(l.width).append("\" height=\"").append(l.height)
                .append("\" viewBox=\"0 0 ").append(l.width).append(' ').append(l.height)
                .append("\" font-family=\"DejaVu Sans Mono, Menlo, Consolas, monospace\" font-size=\"").append(Layout.FONT)
                .append("\" role=\"img\">\n");
        s.append("<title>").append(esc(l.model.title().isEmpty() ? "Berth environment" : l.model.title())).append("</title>\n");
        s.append("<defs>")
                .append(marker("arrow-ok", GREEN)).append(marker("arrow-isolated", GREY)).append(marker("arrow-failed", RED))
                .append("</defs>\n");
        s.append("<rect class=\"background\" x=\"0\" y=\"0\" width=\"").append(l.width).append("\" height=\"").append(l.height)
                .append("\" fill=\"#ffffff\"/>\n");
        if (!l.model.title().isEmpty()) {
            text(s, "title", Layout.MARGIN, l.titleY, l.model.title(), "#111111", true, 14);
        }
        legend(s, l);
        for (Box b : l.boxes) {
            if (b.kind() == Layout.Kind.STACK) {
                s.append("<g class=\"stack\" data-name=\"").append(esc(b.key())).append("\">");
                rect(s, b, "#fafafa", "#8a6d3b", "6 4", 10);
                text(s, null, b.x() + Layout.PAD, b.y() + Layout.LINE, b.lines().get(0), "#8a6d3b", true, Layout.FONT);
                s.append("</g>\n");
            }
        }
        for (Box b : l.boxes) {
            if (b.kind() == Layout.Kind.NETWORK) {
                s.append("<g class=\"network\" data-name=\"").append(esc(b.key())).append("\">");
                rect(s, b, "#eef4fb", "#3d6fa5", null, 10);
                lines(s, b, "#1f3f66");
                s.append("</g>\n");
            }
        }
        if (l.severalLabelY > 0) {
            text(s, "section", Layout.MARGIN, l.severalLabelY, "containers on several networks", "#444444", true, Layout.FONT);
        }
        for (Layout.Connector c : l.connectors) {
            s.append("<line class=\"attachment\" data-container=\"").append(esc(c.container())).append("\" data-network=\"")
                    .append(esc(c.network())).append("\" x1=\"").append(c.x1()).append("\" y1=\"").append(c.y1())
                    .append("\" x2=\"").append(c.x2()).append("\" y2=\"").append(c.y2())
                    .append("\" stroke=\"#3d6fa5\" stroke-width=\"1.5\" stroke-dasharray=\"2 3\"/>\n");
        }
        if (l.volumesLabelY > 0) {
            text(s, "section", Layout.MARGIN, l.volumesLabelY, "named volumes", "#444444", true, Layout.FONT);
        }
        for (Layout.Line line : l.lines) {
            String color = color(line.outcome());
            String marker = line.outcome() == Outcome.FAILED ? "arrow-failed" : line.outcome() == Outcome.ISOLATED ? "arrow-isolated" : "arrow-ok";
            s.append("<line class=\"edge ").append(Layout.outcomeWord(line.outcome())).append("\" data-from=\"").append(esc(line.from()))
                    .append("\" data-to=\"").append(esc(line.to())).append("\" x1=\"").append(line.x1()).append("\" y1=\"")
                    .append(line.y1()).append("\" x2=\"").append(line.x2()).append("\" y2=\"").append(line.y2())
                    .append("\" stroke=\"").append(color).append("\" stroke-width=\"").append(line.outcome() == Outcome.FAILED ? 3 : 2)
                    .append('"').append(line.outcome() == Outcome.ISOLATED ? " stroke-dasharray=\"7 5\"" : "")
                    .append(" marker-end=\"url(#").append(marker).append(")\"/>\n");
        }
        for (Box b : l.boxes) {
            if (b.kind() == Layout.Kind.CONTAINER || b.kind() == Layout.Kind.VOLUME) {
                boolean container = b.kind() == Layout.Kind.CONTAINER;
                s.append("<g class=\"").append(container ? "container" : "volume").append("\" data-name=\"").append(esc(b.key())).append("\">");
                rect(s, b, container ? "#ffffff" : "#fff8e6", container ? "#333333" : "#a07a1c", null, container ? 4 : 12);
                lines(s, b, "#222222");
                s.append("</g>\n");
            }
        }
        for (Layout.Line line : l.lines) {
            String label = ranges(line.numbers());
            int w = Math.max(18, Layout.textWidth(label) + 8);
            s.append("<g class=\"badge\"><rect x=\"").append(line.badgeX() - w / 2).append("\" y=\"").append(line.badgeY() - 9)
                    .append("\" width=\"").append(w).append("\" height=\"18\" rx=\"9\" fill=\"").append(color(line.outcome()))
                    .append("\"/>");
            s.append("<text x=\"").append(line.badgeX()).append("\" y=\"").append(line.badgeY() + 4)
                    .append("\" text-anchor=\"middle\" fill=\"#ffffff\" font-size=\"11\">").append(esc(label)).append("</text></g>\n");
        }
        if (!l.listed.isEmpty()) {
            text(s, "section", Layout.MARGIN, l.checksY, "checks", "#444444", true, Layout.FONT);
            for (Layout.Listed item : l.listed) {
                Topology.Edge e = item.edge();
                String mark = e.outcome() == Outcome.FAILED ? "✘" : "✔";
                String line = item.number() + " " + mark + " " + e.from() + " → " + e.to() + ": " + e.check() + "  ("
                        + (e.outcome() == Outcome.ISOLATED ? "isolated, as expected" : Layout.outcomeWord(e.outcome())) + ")";
                s.append("<g class=\"check ").append(Layout.outcomeWord(e.outcome())).append("\">");
                text(s, null, Layout.MARGIN, item.y(), Layout.fit(line, Layout.charsFor(l.width - 2 * Layout.MARGIN)),
                        color(e.outcome()), e.outcome() == Outcome.FAILED, Layout.FONT);
                int y = item.y();
                for (String m : item.messageLines()) {
                    y += Layout.LINE;
                    text(s, "message", Layout.MARGIN + 6 * (int) Layout.CHAR, y, m, RED, false, Layout.FONT);
                }
                s.append("</g>\n");
            }
        }
        s.append("</svg>\n");
        return s.toString();
    }

    /** "1-3,5": consecutive check numbers as ranges, so a badge stays small. */
    static String ranges(List<Integer> numbers) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < numbers.size(); i++) {
            int start = numbers.get(i);
            int end = start;
            while (i + 1 < numbers.size() && numbers.get(i + 1) == end + 1) {
                end = numbers.get(++i);
            }
            b.append(b.length() == 0 ? "" : ",").append(start).append(end == start ? "" : (end == start + 1 ? "," : "-") + end);
        }
        return b.toString();
    }

    private static void legend(StringBuilder s, Layout l) {
        int y = l.legendY;
        int x = Layout.MARGIN;
        s.append("<g class=\"legend\">");
        x = legendItem(s, x, y, GREEN, null, "resolved / reached");
        x = legendItem(s, x, y, GREY, "7 5", "isolated as expected");
        legendItem(s, x, y, RED, null, "failed");
        s.append("</g>\n");
    }

    private static int legendItem(StringBuilder s, int x, int y, String color, String dash, String label) {
        s.append("<line x1=\"").append(x).append("\" y1=\"").append(y - 4).append("\" x2=\"").append(x + 28).append("\" y2=\"")
                .append(y - 4).append("\" stroke=\"").append(color).append("\" stroke-width=\"2\"")
                .append(dash == null ? "" : " stroke-dasharray=\"" + dash + "\"").append("/>");
        text(s, null, x + 34, y, label, "#333333", false, Layout.FONT);
        return x + 34 + Layout.textWidth(label) + 24;
    }

    private static String marker(String id, String color) {
        return "<marker id=\"" + id + "\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto\">"
                + "<path d=\"M0,0 L10,5 L0,10 z\" fill=\"" + color + "\"/></marker>";
    }

    private static void rect(StringBuilder s, Box b, String fill, String stroke, String dash, int radius) {
        s.append("<rect x=\"").append(b.x()).append("\" y=\"").append(b.y()).append("\" width=\"").append(b.w())
                .append("\" height=\"").append(b.h()).append("\" rx=\"").append(radius).append("\" fill=\"").append(fill)
                .append("\" stroke=\"").append(stroke).append("\" stroke-width=\"1.5\"")
                .append(dash == null ? "" : " stroke-dasharray=\"" + dash + "\"").append("/>");
    }

    private static void lines(StringBuilder s, Box b, String color) {
        List<String> lines = b.lines();
        for (int i = 0; i < lines.size(); i++) {
            text(s, i == 0 ? "label" : null, b.x() + Layout.PAD, b.y() + Layout.PAD + Layout.FONT + i * Layout.LINE - 2,
                    lines.get(i), i == 0 ? "#000000" : color, i == 0, Layout.FONT);
        }
    }

    private static void text(StringBuilder s, String cls, int x, int y, String text, String color, boolean bold, int size) {
        s.append("<text").append(cls == null ? "" : " class=\"" + cls + "\"").append(" x=\"").append(x).append("\" y=\"").append(y)
                .append('"').append(size == Layout.FONT ? "" : " font-size=\"" + size + "\"").append(" fill=\"").append(color).append('"')
                .append(bold ? " font-weight=\"bold\"" : "").append(" xml:space=\"preserve\">").append(esc(text)).append("</text>");
    }

    static String color(Outcome o) {
        return switch (o) {
            case FAILED -> RED;
            case ISOLATED -> GREY;
            case RESOLVED, REACHED -> GREEN;
        };
    }

    static String esc(String text) {
        StringBuilder b = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&apos;");
                default -> {
                    if (c < 0x20 && c != '\t') {
                        b.append(' ');
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.toString();
    }
}
