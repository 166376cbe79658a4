package dev.berth.internal.topology;

import static org.apiguardian.api.API.Status.INTERNAL;

import org.apiguardian.api.API;

/** The two pictures of a {@link Topology}: a self-contained SVG and its Mermaid text twin. */
@API(status = INTERNAL, since = "0.1")
public final class Diagrams {

    private Diagrams() {
    }

    /** The SVG picture (no script, no external font or file; same model, same bytes). */
    public static String svg(Topology topology) {
        return SvgWriter.write(Layout.of(topology));
    }

    /** The Mermaid flowchart of the same picture, for Markdown. */
    public static String mermaid(Topology topology) {
        return MermaidWriter.write(topology);
    }
}
