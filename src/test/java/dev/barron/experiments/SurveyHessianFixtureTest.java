package dev.barron.experiments;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A survey whose spurious point (k = 17, saved from a survey's points.csv) has a Hessian on which
 * commons-math's EigenDecomposition gave up, so that no summary was ever written: the summary is
 * written now, with the point certified.
 */
class SurveyHessianFixtureTest {

    @Test
    void summaryIsWrittenForThePointCommonsMathCouldNotCertify(@TempDir Path dir) throws Exception {
        String line;
        try (InputStream in = getClass().getResourceAsStream("/dev/barron/math/hessian-spurious-k17.csv")) {
            line = new String(in.readAllBytes(), StandardCharsets.US_ASCII).trim();
        }
        String[] f = line.split(",");
        long seed = Long.parseLong(f[2]);
        double[] w = new double[f.length - 3];
        for (int t = 0; t < w.length; t++) {
            w[t] = Double.parseDouble(f[t + 3]);
        }
        SurveyConfig cfg = new SurveyConfig(List.of(17), List.of("k"), 1, TeacherKind.IDENTITY, 0, InitKind.XAVIER, 1, 0.1,
                1e-9 / (2 * Math.PI), 1e-3, 1_000_000, 1, "cpu", null, null);
        SurveyRun run = new SurveyRun(17, 17, seed, 12238, 0.04708655621445285, 1.59083461539372E-10, SurveyRun.Status.SPURIOUS, 0);
        SurveySummary.write(dir, cfg, List.of(run), Map.of(run.key(), w));

        String csv = Files.readString(dir.resolve("summary.csv"));
        String[] rows = csv.split("\n");
        assertTrue(rows[0].contains(",distinct_spurious_points,barron_version,"), "the table, then the provenance: " + rows[0]);
        String[] cells = rows[1].split(",", -1);
        assertEquals("17", cells[0]);
        assertEquals("1", cells[10], "one distinct spurious point");
        String[] points = Files.readString(dir.resolve(SurveySummary.POINTS_CSV)).split("\n");
        assertEquals("k,m,point,runs,seed,loss,min_hessian_eigenvalue,hessian_status", points[0]);
        String[] p = points[1].split(",", -1);
        assertEquals(List.of("17", "17", "1", "1", String.valueOf(seed)), List.of(p).subList(0, 5));
        assertFalse(p[6].isEmpty(), "the smallest eigenvalue is reported");
        assertTrue(Double.isFinite(Double.parseDouble(p[6])));
        assertEquals("lapack-dsyevr", p[7]);
        assertTrue(Files.readString(dir.resolve("summary.md")).contains("lapack-dsyevr"));
    }
}
