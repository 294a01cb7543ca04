package dev.barron.backend.ptx;

import dev.barron.backend.BackendException;
import dev.barron.model.Check;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A PTX module as nvcc writes it, cut into its kernel entries and the module-level rest
 * (global constant tables, device functions). Immutable.
 *
 * <p>TornadoVM's PTX backend loads a prebuilt kernel from a file of its own, prepends its own
 * .version/.target/.address_size header (chosen from the CUDA driver and the device), and looks
 * the kernel up under a name it derives from the task ({@link dev.barron.backend.tornado.conventions.TornadoKernelName}). So a loader
 * gets {@link #withOnly}: this module without its header, with one entry renamed and the other
 * entries left out.
 */
public final class PtxModule {

    /** One .entry: its name and the PTX types of its parameters, in order. */
    public record Entry(String name, List<String> paramTypes) {
        public Entry {
            paramTypes = List.copyOf(paramTypes);
        }
    }

    private static final Pattern HEADER = Pattern.compile("(?m)^\\s*\\.(version|target|address_size)\\b[^\\n]*\\n?");
    private static final Pattern ENTRY = Pattern.compile("(?m)^(\\.visible\\s+|\\.weak\\s+)?\\.entry\\s+(\\w+)\\s*\\(");
    private static final Pattern PARAM = Pattern.compile("\\.param\\s+(\\.\\w+)");

    /** The module without its header. */
    private final String body;
    /** The entries, in the order of the module. */
    private final List<Entry> entries;
    /** [start, end) of each entry's text in body, in the same order. */
    private final List<int[]> spans;

    private PtxModule(String body, List<Entry> entries, List<int[]> spans) {
        this.body = body;
        this.spans = spans;
        this.entries = entries;
    }

    /** Parses nvcc's PTX output. */
    public static PtxModule parse(String ptx) {
        String body = HEADER.matcher(ptx).replaceAll("");
        List<Entry> entries = new ArrayList<>();
        List<int[]> spans = new ArrayList<>();
        Matcher m = ENTRY.matcher(body);
        while (m.find()) {
            int close = body.indexOf("\n}", m.end());
            if (close < 0) {
                throw new BackendException("ptx: the entry " + m.group(2) + " has no closing brace");
            }
            int end = close + 2;
            String signature = body.substring(m.end(), body.indexOf(')', m.end()));
            List<String> types = new ArrayList<>();
            Matcher p = PARAM.matcher(signature);
            while (p.find()) {
                types.add(p.group(1));
            }
            entries.add(new Entry(m.group(2), types));
            spans.add(new int[] {m.start(), end});
        }
        return new PtxModule(body, List.copyOf(entries), List.copyOf(spans));
    }

    public List<Entry> entries() {
        return entries;
    }

    public Entry entry(String name) {
        for (Entry e : entries) {
            if (e.name().equals(name)) {
                return e;
            }
        }
        throw Check.bad("entry", name, "must be an entry of the module (" + entries.size() + " entries)");
    }

    /** The module without its header, every entry included. */
    public String headerless() {
        return body;
    }

    /**
     * The module without its header and without every entry but entry, which is renamed to
     * kernelName. Module-level declarations stay: entries may use any of them.
     */
    public String withOnly(String entry, String kernelName) {
        entry(entry);
        if (!kernelName.matches("[A-Za-z_$][\\w$]*")) {
            throw Check.bad("kernelName", kernelName, "must be a PTX identifier");
        }
        StringBuilder sb = new StringBuilder(body.length());
        int pos = 0;
        for (int i = 0; i < entries.size(); i++) {
            int[] span = spans.get(i);
            sb.append(body, pos, span[0]);
            if (entries.get(i).name().equals(entry)) {
                // the name only: parameter names (<entry>_param_<i>) are local to the entry
                sb.append(body.substring(span[0], span[1]).replaceFirst("\\.entry\\s+" + Pattern.quote(entry) + "\\b",
                        ".entry " + Matcher.quoteReplacement(kernelName)));
            }
            pos = span[1];
        }
        sb.append(body, pos, body.length());
        return sb.toString();
    }
}
