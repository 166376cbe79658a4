package dev.berth.internal.topology;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.internal.Secrets;
import dev.berth.internal.topology.Layout.Box;
import dev.berth.internal.topology.Topology.Attachment;
import dev.berth.internal.topology.Topology.Container;
import dev.berth.internal.topology.Topology.Edge;
import dev.berth.internal.topology.Topology.Mount;
import dev.berth.internal.topology.Topology.Network;
import dev.berth.internal.topology.Topology.Outcome;
import dev.berth.internal.topology.Topology.Port;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** The pictures without Docker: model in, geometry and bytes out. */
class DiagramsTests {

    /** A shop: a frontend and a backend network, an api on both, a db with a volume, a compose stack, three checks. */
    static Topology shop() {
        List<Network> networks = List.of(
                new Network("frontend", "frontend-r1-1", "bridge", "172.30.0.0/24", false, ""),
                new Network("backend", "backend-r1-2", "bridge", "172.30.1.0/24", true, ""),
                new Network("mon/default", "berth-mon-r1-3_default", "bridge", "", false, "mon"));
        List<Container> containers = List.of(
                new Container("web", "web-r1-4", "busybox:1.35", "running", "", "",
                        List.of(new Attachment("frontend", List.of())), List.of(new Port("127.0.0.1", "49153", 80, "tcp")),
                        List.of(new Mount(false, "./site", "/www", true))),
                new Container("api", "api-r1-5", "berth/api:1", "running", "healthy", "",
                        List.of(new Attachment("backend", List.of("service")), new Attachment("frontend", List.of())), List.of(), List.of()),
                new Container("db", "db-r1-6", "debian:bookworm-slim", "running", "", "",
                        List.of(new Attachment("backend", List.of("database"))), List.of(),
                        List.of(new Mount(true, "data", "/var/lib/db", false))),
                new Container("agent", "berth-mon-r1-3-agent-1", "busybox:1.35", "exited (0)", "", "mon",
                        List.of(new Attachment("mon/default", List.of())), List.of(), List.of()));
        List<Edge> edges = List.of(
                new Edge("web", "api", true, "reaches :8080", Outcome.REACHED, ""),
                new Edge("api", "db", true, "resolves (as database)", Outcome.RESOLVED, ""),
                new Edge("web", "db", true, "does not reach :5432", Outcome.ISOLATED, ""),
                new Edge("agent", "db", true, "reaches :5432", Outcome.FAILED,
                        "agent cannot reach db:5432: they share no network (agent is on mon/default, db on backend)"));
        return new Topology("ShopTest", networks, containers, List.of(new Topology.Volume("data", "data-r1-7", "")),
                List.of(new Topology.Stack("mon", "berth-mon-r1-3")), edges);
    }

    /** n containers spread over five networks, every fifth on two of them, with a check from each to the next. */
    static Topology synthetic(int n) {
        List<Network> networks = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            networks.add(new Network("net-" + i, "net-" + i + "-r1", "bridge", "10.9." + i + ".0/24", i == 4, ""));
        }
        List<Container> containers = new ArrayList<>();
        List<Edge> edges = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            List<Attachment> on = new ArrayList<>(List.of(new Attachment("net-" + (i % 5), List.of("alias-" + i))));
            if (i % 5 == 0) {
                on.add(new Attachment("net-" + ((i + 1) % 5), List.of()));
            }
            containers.add(new Container("service-" + i, "service-" + i + "-r1-" + i, "berth/service-image:" + i, "running",
                    i % 3 == 0 ? "healthy" : "", "", on, List.of(new Port("127.0.0.1", String.valueOf(40000 + i), 8080, "tcp")),
                    List.of(new Mount(true, "vol-" + (i % 4), "/data", i % 2 == 0))));
            edges.add(new Edge("service-" + i, "service-" + ((i + 1) % n), true, "reaches :8080",
                    i % 7 == 0 ? Outcome.FAILED : Outcome.REACHED, i % 7 == 0 ? "connection refused" : ""));
        }
        List<Topology.Volume> volumes = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            volumes.add(new Topology.Volume("vol-" + i, "vol-" + i + "-r1", ""));
        }
        return new Topology("Synthetic" + n, networks, containers, volumes, List.of(), edges);
    }

    @Test
    @DisplayName("the same model gives the same bytes, whatever the order of its lists")
    void deterministic() {
        Topology t = shop();
        Random random = new Random(7);
        List<Network> nets = new ArrayList<>(t.networks());
        List<Container> boxes = new ArrayList<>(t.containers());
        List<Edge> edges = new ArrayList<>(t.edges());
        Collections.shuffle(nets, random);
        Collections.shuffle(boxes, random);
        Collections.shuffle(edges, random);
        Topology shuffled = new Topology(t.title(), nets, boxes, t.volumes(), t.stacks(), edges);
        assertThat(nets).isNotEqualTo(t.networks());
        assertThat(Diagrams.svg(shuffled)).isEqualTo(Diagrams.svg(t));
        assertThat(Diagrams.mermaid(shuffled)).isEqualTo(Diagrams.mermaid(t));
    }

    @Test
    @DisplayName("the SVG is well-formed and self-contained: no script, no external font, image or link")
    void selfContained() throws Exception {
        String svg = Diagrams.svg(shop());
        Document doc = parse(svg);
        assertThat(doc.getDocumentElement().getTagName()).isEqualTo("svg");
        assertThat(svg).doesNotContainIgnoringCase("<script").doesNotContainIgnoringCase("onload")
                .doesNotContain("href=").doesNotContain("@import").doesNotContain("@font-face").doesNotContain("url(http")
                .doesNotContain("<image");
    }

    @Test
    @DisplayName("every container and network is labelled with its name, and every compose stack is framed")
    void everythingLabelled() throws Exception {
        Document doc = parse(Diagrams.svg(shop()));
        for (String kind : List.of("container", "network")) {
            List<Element> groups = groups(doc, kind);
            assertThat(groups).as(kind + "s").hasSize(kind.equals("container") ? 4 : 3);
            for (Element g : groups) {
                Element label = firstText(g, "label");
                assertThat(label).as("label of %s %s", kind, g.getAttribute("data-name")).isNotNull();
                assertThat(label.getTextContent()).startsWith(g.getAttribute("data-name"));
            }
        }
        assertThat(groups(doc, "stack")).extracting(g -> g.getAttribute("data-name")).containsExactly("mon");
    }

    @Test
    @DisplayName("the layout: no two boxes overlap, containers sit inside their network, text fits its box, 1280 px wide at most")
    void geometry() {
        for (Topology t : List.of(shop(), synthetic(30), synthetic(3))) {
            Layout l = Layout.of(t);
            assertThat(l.width).as("width of %s", t.title()).isLessThanOrEqualTo(1280);
            List<Box> boxes = l.boxes;
            for (Box a : boxes) {
                for (String line : a.lines()) {
                    assertThat(Layout.textWidth(line) + 2 * Layout.PAD).as("%s in %s %s", line, a.kind(), a.key())
                            .isLessThanOrEqualTo(a.w());
                }
                assertThat(a.y() + Layout.PAD + a.lines().size() * Layout.LINE).as("text height of %s", a.key())
                        .isLessThanOrEqualTo(a.bottom() + 2);
                assertThat(a.right()).isLessThanOrEqualTo(l.width);
                assertThat(a.bottom()).isLessThanOrEqualTo(l.height);
                for (Box b : boxes) {
                    if (a != b && a.kind() == b.kind()) {
                        assertThat(a.overlaps(b)).as("%s %s overlaps %s", a.kind(), a.key(), b.key()).isFalse();
                    }
                }
            }
            for (Container c : t.containers()) {
                Box box = l.box(c.name());
                assertThat(box).as("box of %s", c.name()).isNotNull();
                if (c.attachments().size() == 1) {
                    Box region = boxes.stream().filter(b -> b.kind() == Layout.Kind.NETWORK && b.key().equals(c.attachments().get(0).network()))
                            .findFirst().orElseThrow();
                    assertThat(box.x() >= region.x() && box.right() <= region.right() && box.y() >= region.y() + Layout.HEADER
                            && box.bottom() <= region.bottom()).as("%s inside %s", c.name(), region.key()).isTrue();
                } else {
                    // on several networks: outside every region, joined to each by a connector
                    boxes.stream().filter(b -> b.kind() == Layout.Kind.NETWORK || b.kind() == Layout.Kind.VOLUME)
                            .forEach(r -> assertThat(box.overlaps(r)).as("%s overlaps %s", c.name(), r.key()).isFalse());
                    assertThat(l.connectors.stream().filter(x -> x.container().equals(c.name())).map(Layout.Connector::network))
                            .containsExactlyElementsOf(c.networkNames());
                }
            }
            for (Box region : boxes) {
                if (region.kind() == Layout.Kind.NETWORK) {
                    boxes.stream().filter(b -> b.kind() == Layout.Kind.CONTAINER && b.overlaps(region))
                            .forEach(b -> assertThat(b.x() >= region.x() && b.right() <= region.right()).isTrue());
                }
            }
        }
    }

    @Test
    @DisplayName("checks: green line for reached, grey dashed for isolated, red for failed with its message listed")
    void edges() throws Exception {
        String svg = Diagrams.svg(shop());
        Document doc = parse(svg);
        List<Element> lines = elements(doc, "line").stream().filter(e -> e.getAttribute("class").startsWith("edge")).toList();
        assertThat(lines).extracting(e -> e.getAttribute("data-from") + "->" + e.getAttribute("data-to") + " "
                + e.getAttribute("class") + " " + e.getAttribute("stroke") + " " + e.getAttribute("stroke-dasharray"))
                .containsExactlyInAnyOrder(
                        "agent->db edge failed " + SvgWriter.RED + " ",
                        "api->db edge resolved " + SvgWriter.GREEN + " ",
                        "web->api edge reached " + SvgWriter.GREEN + " ",
                        "web->db edge isolated " + SvgWriter.GREY + " 7 5");
        List<Element> messages = elements(doc, "text").stream().filter(e -> e.getAttribute("class").equals("message")).toList();
        assertThat(messages).isNotEmpty().allSatisfy(m -> assertThat(m.getAttribute("fill")).isEqualTo(SvgWriter.RED));
        assertThat(messages.stream().map(Element::getTextContent).reduce("", String::concat))
                .contains("agent cannot reach db:5432").contains("they share no network");
    }

    @Test
    @DisplayName("a long failure message is wrapped inside the picture's width, a long name is cut with an ellipsis")
    void longTextFits() {
        String longName = "a-container-with-a-name-much-longer-than-any-box-could-hold";
        Topology t = new Topology("", List.of(new Network("n", "", "bridge", "", false, "")),
                List.of(new Container(longName, "", "busybox:1.35", "running", "", "", List.of(new Attachment("n", List.of())), List.of(), List.of()),
                        new Container("b", "", "busybox:1.35", "running", "", "", List.of(new Attachment("n", List.of())), List.of(), List.of())),
                List.of(), List.of(), List.of(new Edge("b", longName, true, "reaches :1", Outcome.FAILED, "word ".repeat(200))));
        Layout l = Layout.of(t);
        assertThat(l.box(longName).lines().get(0)).endsWith("…").startsWith("a-container-with");
        assertThat(l.listed.get(0).messageLines()).hasSizeGreaterThan(1)
                .allSatisfy(m -> assertThat(Layout.MARGIN + 6 * Layout.CHAR + Layout.textWidth(m)).isLessThanOrEqualTo(l.width));
    }

    @Test
    @DisplayName("Mermaid twin: a subgraph per network and stack, containers with their facts, failed check red with its message")
    void mermaid() {
        String m = Diagrams.mermaid(shop());
        assertThat(m).startsWith("flowchart TB\n")
                .contains("subgraph s0[\"compose stack mon\"]")
                .contains("[\"network frontend · bridge · 172.30.0.0/24\"]")
                .contains("[\"network backend · bridge · 172.30.1.0/24 · internal\"]")
                .contains("<b>web</b><br/>busybox:1.35<br/>running<br/>127.0.0.1:49153 → 80/tcp<br/>bind ./site → /www :ro")
                .contains(" --x|\"1 ✘ reaches :5432\"| ")
                .contains("stroke:" + SvgWriter.RED)
                .contains("%% 1 ✘ agent → db: reaches :5432: agent cannot reach db:5432");
        // api is on two networks: outside both subgraphs, linked to each
        assertThat(m.lines().filter(x -> x.contains(" -.- "))).hasSize(2);
    }

    @Test
    @DisplayName("swarm: a container on a node says which node it runs on, in the SVG and the Mermaid twin; one on the default engine says nothing")
    void nodes() throws Exception {
        Topology t = new Topology("AcrossNodesTest", List.of(new Network("mesh", "", "overlay", "", false, "")),
                List.of(new Container("web", "", "busybox:1.35", "running", "", "", List.of(new Attachment("mesh", List.of())), List.of(),
                                List.of(), "node-1"),
                        new Container("client", "", "busybox:1.35", "running", "", "", List.of(new Attachment("mesh", List.of())), List.of(),
                                List.of(), "node-2"),
                        new Container("local", "", "busybox:1.35", "running", "", "", List.of(new Attachment("mesh", List.of())), List.of(),
                                List.of())),
                List.of(), List.of(), List.of(new Edge("client", "web", true, "reaches :80", Outcome.REACHED, "")));
        Document doc = parse(Diagrams.svg(t));
        List<String> texts = new ArrayList<>();
        NodeList nodes = doc.getElementsByTagName("text");
        for (int i = 0; i < nodes.getLength(); i++) {
            texts.add(nodes.item(i).getTextContent());
        }
        assertThat(texts).contains("runs on node-1", "runs on node-2");
        assertThat(texts).filteredOn(x -> x.startsWith("runs on")).hasSize(2);
        String m = Diagrams.mermaid(t);
        assertThat(m).contains("<b>web</b><br/>busybox:1.35<br/>running<br/>runs on node-1\"")
                .contains("<b>client</b><br/>busybox:1.35<br/>running<br/>runs on node-2\"")
                .contains("<b>local</b><br/>busybox:1.35<br/>running\"");
        assertThat(t.masked().containers()).extracting(Container::node).containsExactlyInAnyOrder("node-1", "node-2", "");
    }

    @Test
    @DisplayName("masked(): a registered secret never reaches the SVG or the Mermaid text")
    void masked() {
        Secrets.registerValue("pict-Secret-4711");
        Topology t = new Topology("", List.of(new Network("n", "", "bridge", "", false, "")),
                List.of(new Container("a", "", "busybox:1.35", "running", "", "", List.of(new Attachment("n", List.of())), List.of(), List.of())),
                List.of(), List.of(), List.of(new Edge("a", "pict-Secret-4711", false, "resolves", Outcome.FAILED,
                        "a cannot resolve \"pict-Secret-4711\"")));
        Topology masked = t.masked();
        assertThat(Diagrams.svg(t)).contains("pict-Secret-4711"); // the model itself is raw: masking is the caller's step
        assertThat(Diagrams.svg(masked)).doesNotContain("pict-Secret-4711").contains(Secrets.MASK);
        assertThat(Diagrams.mermaid(masked)).doesNotContain("pict-Secret-4711").contains(Secrets.MASK);
    }

    static Document parse(String svg) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return f.newDocumentBuilder().parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    }

    static List<Element> elements(Document doc, String tag) {
        NodeList list = doc.getElementsByTagName(tag);
        List<Element> out = new ArrayList<>();
        for (int i = 0; i < list.getLength(); i++) {
            out.add((Element) list.item(i));
        }
        return out;
    }

    static List<Element> groups(Document doc, String cls) {
        return elements(doc, "g").stream().filter(g -> g.getAttribute("class").equals(cls)).toList();
    }

    static Element firstText(Element g, String cls) {
        NodeList texts = g.getElementsByTagName("text");
        for (int i = 0; i < texts.getLength(); i++) {
            Element t = (Element) texts.item(i);
            if (t.getAttribute("class").equals(cls)) {
                return t;
            }
        }
        return null;
    }
}
