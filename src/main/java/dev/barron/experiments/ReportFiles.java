package dev.barron.experiments;

import dev.barron.io.PendingFiles;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The provenance that the report files of an experiment's summary carry (csv: the stable
 * provenance columns of summary.csv on every row; md: its provenance section; json: the spec and
 * the stable provenance), computed from the results alone so that resumed and merged sweeps
 * write the same bytes.
 */
final class ReportFiles {

    private ReportFiles() {
    }

    static byte[] csv(String header, List<String> rows, SweepResults results) {
        String prov = SweepSummary.provenanceCells(results.sessionsOf(results.runs()));
        StringBuilder b = new StringBuilder(header).append(',').append(SweepSummary.PROVENANCE_HEADER).append('\n');
        rows.forEach(r -> b.append(r).append(',').append(prov).append('\n'));
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    static byte[] markdown(String body, SweepResults results) {
        return (body + SweepSummary.provenanceMarkdown(results.sessionsOf(results.runs()))).getBytes(StandardCharsets.UTF_8);
    }

    static byte[] json(Map<String, Object> body, SweepResults results) {
        Map<String, Object> doc = new LinkedHashMap<>(body);
        doc.put("spec", results.spec().toJson());
        doc.put("provenance", SweepSummary.stable(results.sessionsOf(results.runs())));
        try {
            return PendingFiles.JSON.writeValueAsBytes(doc);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** "%.4g [%.4g, %.4g]" of {x, mean, low, high}. */
    static String interval(double[] p) {
        return String.format(java.util.Locale.ROOT, "%.4g [%.4g, %.4g]", p[1], p[2], p[3]);
    }
}
