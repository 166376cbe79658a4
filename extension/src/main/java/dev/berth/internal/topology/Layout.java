package dev.berth.internal.topology;

import dev.berth.internal.topology.Topology.Container;
import dev.berth.internal.topology.Topology.Edge;
import dev.berth.internal.topology.Topology.Network;
import dev.berth.internal.topology.Topology.Outcome;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Places a {@link Topology} on a canvas: network regions flowing left to right (each compose
 * stack's regions in their own framed row), containers on one network inside its region,
 * containers on several networks in a row below with a connector to each of their networks,
 * named volumes below that, then the numbered list of checks. Pure arithmetic on the model: the
 * same model gives the same coordinates. Text is measured as monospace (0.6 em per character) and
 * cut with an ellipsis to fit its box.
 */
final class Layout {

    static final int FONT = 12;
    static final double CHAR = FONT * 0.6;
    static final int LINE = 16;
    static final int PAD = 8;
    /** Between boxes inside a region: room for a check's badge. */
    static final int INNER = 44;
    static final int GAP = 28;
    static final int BOX_W = 264;
    static final int MARGIN = 20;
    static final int MAX_W = 1240;
    static final int COLUMNS = 3;
    static final int HEADER = 2 * LINE + PAD;

    enum Kind { CONTAINER, NETWORK, STACK, VOLUME }

    /** A placed box with its text lines (the first is its label). */
    record Box(Kind kind, String key, int x, int y, int w, int h, List<String> lines) {
        int cx() {
            return x + w / 2;
        }

        int cy() {
            return y + h / 2;
        }

        int bottom() {
            return y + h;
        }

        int right() {
            return x + w;
        }

        boolean overlaps(Box o) {
            return x < o.right() && o.x < right() && y < o.bottom() && o.y < bottom();
        }
    }

    /** A container on several networks, joined to one of their regions. */
    record Connector(String container, String network, int x1, int y1, int x2, int y2) {
    }

    /** One line per pair of containers, carrying the numbers of its checks. */
    record Line(String from, String to, List<Integer> numbers, Outcome outcome, int x1, int y1, int x2, int y2,
                int badgeX, int badgeY) {
    }

    /** A line of the checks list. */
    record Listed(int number, Edge edge, int y, List<String> messageLines) {
    }

    final Topology model;
    final List<Box> boxes = new ArrayList<>();
    final List<Connector> connectors = new ArrayList<>();
    final List<Line> lines = new ArrayList<>();
    final List<Listed> listed = new ArrayList<>();
    int width;
    int height;
    int titleY;
    int legendY;
    int checksY;
    int volumesLabelY = -1;
    int severalLabelY = -1;

    private final Map<String, Box> containerBoxes = new LinkedHashMap<>();
    private final Map<String, Box> networkBoxes = new LinkedHashMap<>();

    private Layout(Topology model) {
        this.model = model;
    }

    static Layout of(Topology model) {
        Layout l = new Layout(model);
        l.place();
        return l;
    }

    static int textWidth(String s) {
        return (int) Math.ceil(s.codePointCount(0, s.length()) * CHAR);
    }

    /** Cuts text to at most {@code chars} characters, ending with an ellipsis when cut. */
    static String fit(String s, int chars) {
        if (s.codePointCount(0, s.length()) <= chars) {
            return s;
        }
        int end = s.offsetByCodePoints(0, Math.max(0, chars - 1));
        return s.substring(0, end) + "…";
    }

    static int charsFor(int width) {
        return (int) Math.floor((width - 2 * PAD) / CHAR);
    }

    static List<String> containerLines(Container c, boolean several) {
        List<String> lines = new ArrayList<>();
        lines.add(c.name());
        if (!c.realName().isEmpty() && !c.realName().equals(c.name())) {
            lines.add(c.realName());
        }
        lines.add(c.image());
        lines.add(c.state() + (c.health().isEmpty() ? "" : " · " + c.health()));
        if (!c.placement().isEmpty()) {
            lines.add(c.placement());
        }
        if (several) {
            lines.add("on " + String.join(", ", c.networkNames()));
        }
        boolean sameEverywhere = c.attachments().stream().map(Topology.Attachment::aliases).distinct().count() == 1;
        for (Topology.Attachment a : c.attachments()) {
            if (!a.aliases().isEmpty()) {
                lines.add("alias " + String.join(", ", a.aliases()) + (sameEverywhere ? "" : " @" + a.network()));
            }
            if (sameEverywhere) {
                break;
            }
        }
        c.ports().forEach(p -> lines.add(p.describe()));
        c.mounts().forEach(m -> lines.add(m.describe()));
        int chars = charsFor(BOX_W);
        return lines.stream().map(s -> fit(s, chars)).toList();
    }

    static int boxHeight(int lineCount) {
        return lineCount * LINE + 2 * PAD - 2;
    }

    private void place() {
        int y = MARGIN;
        if (!model.title().isEmpty()) {
            titleY = y + FONT + 2;
            y += LINE + 10;
        }
        legendY = y + FONT;
        y += LINE + 12;
        int right = 0;

        // regions, one row (or more) per group: declared networks first, then each compose stack
        List<String> groups = new ArrayList<>();
        groups.add("");
        model.stacks().forEach(s -> groups.add(s.name()));
        for (String group : groups) {
            List<Network> nets = model.networks().stream().filter(n -> n.stack().equals(group)).toList();
            if (nets.isEmpty()) {
                continue;
            }
            int top = y;
            int x = MARGIN;
            if (!group.isEmpty()) {
                x += PAD;
                y += LINE + PAD; // the stack's label inside its frame
            }
            int rowTop = y;
            int rowBottom = y;
            int left = x;
            int groupRight = x;
            for (Network n : nets) {
                List<Container> members = model.containers().stream()
                        .filter(c -> c.attachments().size() == 1 && c.attachments().get(0).network().equals(n.name())).toList();
                int cols = Math.max(1, Math.min(COLUMNS, members.size()));
                List<String> header = networkLines(n);
                int headerWidth = header.stream().mapToInt(Layout::textWidth).max().orElse(0) + 2 * PAD;
                int w = Math.max(Math.max(cols * BOX_W + (cols - 1) * INNER + 2 * PAD, Math.min(headerWidth, MAX_W - 2 * MARGIN)), 200);
                // region contents
                List<List<String>> texts = members.stream().map(c -> containerLines(c, false)).toList();
                List<Integer> rowHeights = new ArrayList<>();
                for (int i = 0; i < members.size(); i += cols) {
                    int h = 0;
                    for (int j = i; j < Math.min(members.size(), i + cols); j++) {
                        h = Math.max(h, boxHeight(texts.get(j).size()));
                    }
                    rowHeights.add(h);
                }
                int h = HEADER + rowHeights.stream().mapToInt(v -> v + INNER).sum() - INNER + 2 * PAD;
                if (members.isEmpty()) {
                    h = HEADER + PAD;
                }
                if (x + w > MAX_W - MARGIN && x > left) {
                    x = left;
                    y = rowBottom + GAP;
                    rowTop = y;
                }
                int chars = charsFor(w);
                Box region = new Box(Kind.NETWORK, n.name(), x, y, w, h, header.stream().map(s -> fit(s, chars)).toList());
                boxes.add(region);
                networkBoxes.put(n.name(), region);
                int by = y + HEADER;
                for (int r = 0; r < rowHeights.size(); r++) {
                    for (int j = r * cols; j < Math.min(members.size(), (r + 1) * cols); j++) {
                        int bx = x + PAD + (j - r * cols) * (BOX_W + INNER);
                        Box box = new Box(Kind.CONTAINER, key(members.get(j)), bx, by, BOX_W, boxHeight(texts.get(j).size()), texts.get(j));
                        boxes.add(box);
                        containerBoxes.put(key(members.get(j)), box);
                    }
                    by += rowHeights.get(r) + INNER;
                }
                rowBottom = Math.max(rowBottom, y + h);
                groupRight = Math.max(groupRight, x + w);
                x += w + GAP;
            }
            y = rowBottom;
            if (!group.isEmpty()) {
                String project = model.stacks().stream().filter(s -> s.name().equals(group)).map(Topology.Stack::project)
                        .findFirst().orElse("");
                String label = "compose stack " + group + (project.isEmpty() ? "" : " (project " + project + ")");
                int w = Math.max(groupRight - MARGIN + PAD, textWidth(label) + 2 * PAD);
                y += PAD;
                boxes.add(new Box(Kind.STACK, group, MARGIN, top, w, y - top, List.of(fit(label, charsFor(w)))));
                groupRight = MARGIN + w;
            }
            right = Math.max(right, groupRight);
            y += GAP;
        }

        // containers on several networks
        List<Container> several = model.containers().stream().filter(c -> c.attachments().size() != 1).toList();
        if (!several.isEmpty()) {
            severalLabelY = y + FONT;
            y += LINE + PAD;
            int x = MARGIN;
            int rowBottom = y;
            for (Container c : several) {
                List<String> text = containerLines(c, true);
                int h = boxHeight(text.size());
                if (x + BOX_W > MAX_W - MARGIN && x > MARGIN) {
                    x = MARGIN;
                    y = rowBottom + GAP;
                }
                Box box = new Box(Kind.CONTAINER, key(c), x, y, BOX_W, h, text);
                boxes.add(box);
                containerBoxes.put(key(c), box);
                rowBottom = Math.max(rowBottom, y + h);
                right = Math.max(right, x + BOX_W);
                int k = 0;
                for (String n : c.networkNames()) {
                    Box region = networkBoxes.get(n);
                    if (region != null) {
                        int count = c.networkNames().size();
                        int sx = box.x() + (k + 1) * BOX_W / (count + 1);
                        int tx = Math.max(region.x() + PAD, Math.min(region.right() - PAD, sx));
                        connectors.add(new Connector(c.name(), n, sx, box.y(), tx, region.bottom()));
                    }
                    k++;
                }
                x += BOX_W + GAP;
            }
            y = rowBottom + GAP;
        }

        // named volumes
        if (!model.volumes().isEmpty()) {
            volumesLabelY = y + FONT;
            y += LINE + PAD;
            int x = MARGIN;
            int rowBottom = y;
            for (Topology.Volume v : model.volumes()) {
                List<String> text = new ArrayList<>();
                text.add(v.name());
                if (!v.realName().isEmpty() && !v.realName().equals(v.name())) {
                    text.add(v.realName());
                }
                List<String> users = model.containers().stream()
                        .filter(c -> c.mounts().stream().anyMatch(m -> m.volume() && m.source().equals(v.name())))
                        .map(Container::name).toList();
                text.add(users.isEmpty() ? "mounted by none" : "mounted by " + String.join(", ", users));
                int w = 220;
                int chars = charsFor(w);
                int h = boxHeight(text.size());
                if (x + w > MAX_W - MARGIN && x > MARGIN) {
                    x = MARGIN;
                    y = rowBottom + GAP;
                }
                boxes.add(new Box(Kind.VOLUME, v.name(), x, y, w, h, text.stream().map(s -> fit(s, chars)).toList()));
                rowBottom = Math.max(rowBottom, y + h);
                right = Math.max(right, x + w);
                x += w + GAP;
            }
            y = rowBottom + GAP;
        }

        width = Math.max(right + MARGIN, 640);

        // lines between checked containers, one per pair
        Map<List<String>, List<Integer>> pairs = new LinkedHashMap<>();
        Map<List<String>, Outcome> worst = new LinkedHashMap<>();
        int number = 0;
        for (Edge e : model.edges()) {
            number++;
            if (!e.toContainer() || e.from().equals(e.to())) {
                continue;
            }
            List<String> pair = List.of(e.from(), e.to());
            pairs.computeIfAbsent(pair, p -> new ArrayList<>()).add(number);
            worst.merge(pair, e.outcome(), Layout::worse);
        }
        for (Map.Entry<List<String>, List<Integer>> p : pairs.entrySet()) {
            Box a = box(p.getKey().get(0));
            Box b = box(p.getKey().get(1));
            if (a == null || b == null) {
                continue;
            }
            int[] start = exit(a, b.cx(), b.cy());
            int[] end = exit(b, a.cx(), a.cy());
            double dx = end[0] - start[0];
            double dy = end[1] - start[1];
            double len = Math.max(1, Math.hypot(dx, dy));
            double along = len / 2; // the middle of the gap between the two boxes
            int bx = (int) Math.round(start[0] + dx / len * along);
            int by = (int) Math.round(start[1] + dy / len * along);
            lines.add(new Line(p.getKey().get(0), p.getKey().get(1), List.copyOf(p.getValue()), worst.get(p.getKey()),
                    start[0], start[1], end[0], end[1], bx, by));
        }

        // the checks list
        if (!model.edges().isEmpty()) {
            checksY = y + FONT;
            y += LINE + 4;
            int chars = charsFor(width - 2 * MARGIN);
            int n = 0;
            for (Edge e : model.edges()) {
                n++;
                List<String> message = new ArrayList<>();
                if (e.outcome() == Outcome.FAILED && !e.message().isBlank()) {
                    for (String line : e.message().strip().split("\n")) {
                        for (String piece : wrap(line, chars - 6)) {
                            if (message.size() < 8) {
                                message.add(piece);
                            }
                        }
                    }
                }
                listed.add(new Listed(n, e, y + FONT, message));
                y += LINE * (1 + message.size()) + 4;
            }
        }
        height = y + MARGIN;
    }

    Box box(String containerKey) {
        return containerBoxes.get(containerKey);
    }

    static String key(Container c) {
        return c.name();
    }

    List<String> networkLines(Network n) {
        List<String> header = new ArrayList<>();
        header.add(n.name() + (n.realName().isEmpty() || n.realName().equals(n.name()) ? "" : "  (" + n.realName() + ")"));
        List<String> facts = new ArrayList<>();
        facts.add(n.driver().isEmpty() ? "network" : n.driver());
        if (!n.subnet().isEmpty()) {
            facts.add(n.subnet());
        }
        if (n.internal()) {
            facts.add("internal: no way out");
        }
        header.add(String.join(" · ", facts));
        return header;
    }

    static Outcome worse(Outcome a, Outcome b) {
        return rank(a) >= rank(b) ? a : b;
    }

    private static int rank(Outcome o) {
        return switch (o) {
            case FAILED -> 3;
            case REACHED, RESOLVED -> 2;
            case ISOLATED -> 1;
        };
    }

    /** Where the line from a box's centre towards (tx, ty) leaves the box. */
    static int[] exit(Box b, int tx, int ty) {
        double dx = tx - b.cx();
        double dy = ty - b.cy();
        if (dx == 0 && dy == 0) {
            return new int[] {b.cx(), b.cy()};
        }
        double sx = dx == 0 ? Double.MAX_VALUE : (b.w() / 2.0) / Math.abs(dx);
        double sy = dy == 0 ? Double.MAX_VALUE : (b.h() / 2.0) / Math.abs(dy);
        double s = Math.min(sx, sy);
        return new int[] {(int) Math.round(b.cx() + dx * s), (int) Math.round(b.cy() + dy * s)};
    }

    static List<String> wrap(String text, int chars) {
        List<String> out = new ArrayList<>();
        String rest = text;
        int width = Math.max(20, chars);
        while (rest.codePointCount(0, rest.length()) > width) {
            int cut = rest.offsetByCodePoints(0, width);
            int space = rest.lastIndexOf(' ', cut);
            int at = space > width / 2 ? space : cut;
            out.add(rest.substring(0, at));
            rest = rest.substring(at).stripLeading();
        }
        out.add(rest);
        return out;
    }

    static String outcomeWord(Outcome o) {
        return o.name().toLowerCase(Locale.ROOT);
    }
}
