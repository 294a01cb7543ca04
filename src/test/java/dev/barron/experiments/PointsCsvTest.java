package dev.barron.experiments;

import dev.barron.model.Activation;
import dev.barron.model.Matrix;
import dev.barron.model.Network;
import dev.barron.model.Scaling;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** points.csv in long format: written and read back exactly; a run cut short is not taken for a point. */
class PointsCsvTest {

    private static Network net(int m, int d, double base) {
        double[] w = new double[m * d];
        for (int i = 0; i < w.length; i++) {
            w[i] = base + i / 7.0;   // not representable in short decimals: exact round trip needed
        }
        return new Network(new Matrix(m, d, w), Setups.ones(m), Scaling.PLAIN, Activation.RELU);
    }

    private static SurveyRun run(int k, int m, long seed) {
        return new SurveyRun(k, m, seed, 10, 0.5, 1e-12, SurveyRun.Status.SPURIOUS, 0);
    }

    @Test
    void rowsRoundTripAndATornRunIsSkippedWhileItsRedoneRowsCount(@TempDir Path dir) throws Exception {
        Network a = net(3, 4, 0.1);
        Network b = net(4, 5, -2.0);
        String whole = SurveySummary.pointLines(run(3, 3, 11), a);
        String other = SurveySummary.pointLines(run(4, 4, 12), b);
        String[] rows = other.split("\n");
        // b's first write was killed after 7 of its 20 rows; the resumed survey wrote it again
        String torn = String.join("\n", java.util.Arrays.copyOf(rows, 7)) + "\n";
        Path file = dir.resolve("points.csv");
        Files.writeString(file, SurveySummary.POINTS_HEADER + "\n" + whole + torn + other + "1,2,3");
        Map<String, double[]> points = SurveySummary.readPoints(file);
        assertEquals(2, points.size(), points.keySet().toString());
        assertArrayEquals(a.w().data(), points.get("3,3,11"), 0.0);
        assertArrayEquals(b.w().data(), points.get("4,4,12"), 0.0);
        assertEquals(20, rows.length, "one row per entry of a 4 x 5 W");

        Files.writeString(file, SurveySummary.POINTS_HEADER + "\n" + torn);
        assertFalse(SurveySummary.readPoints(file).containsKey("4,4,12"), "a run cut short is no point");
    }

    @Test
    void aFileReadInPartsGivesWhatOneReadingGives() {
        // runs of several shapes, some torn by a kill and written again later, some written twice
        StringBuilder text = new StringBuilder(SurveySummary.POINTS_HEADER).append('\n');
        java.util.SplittableRandom rng = new java.util.SplittableRandom(5);
        for (int r = 0; r < 400; r++) {
            int m = 2 + rng.nextInt(5);
            long seed = rng.nextInt(300);
            String lines = SurveySummary.pointLines(run(m, m, seed), net(m, 1 + rng.nextInt(6), rng.nextDouble()));
            if (rng.nextInt(5) == 0) {
                String[] rows = lines.split("\n");
                lines = String.join("\n", java.util.Arrays.copyOf(rows, 1 + rng.nextInt(rows.length - 1))) + "\n";
            }
            text.append(lines);
        }
        String file = text.append("3,3,2,7,0,0,0.5").toString();   // and a torn last line
        Map<String, double[]> whole = SurveySummary.readPoints(file, 1);
        assertTrue(whole.size() > 200, "the fixture holds complete runs: " + whole.size());
        for (int parts = 2; parts <= 9; parts++) {
            Map<String, double[]> inParts = SurveySummary.readPoints(file, parts);
            assertEquals(List.copyOf(whole.keySet()), List.copyOf(inParts.keySet()), parts + " parts: the runs, in order");
            for (String key : whole.keySet()) {
                assertArrayEquals(whole.get(key), inParts.get(key), 0.0, parts + " parts: run " + key);
            }
        }
    }

    @Test
    void aSurveyWithoutSpuriousRunsStillHasTheHeader(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("s");
        int status = dev.barron.cli.BarronCli.run(new java.io.PrintWriter(new java.io.StringWriter()),
                new java.io.PrintWriter(new java.io.StringWriter()), "survey", "--k", "2", "--runs", "2", "--steps", "200",
                "--quiet", "--out", out.toString());
        assertEquals(0, status);
        assertEquals(SurveySummary.POINTS_HEADER + "\n", Files.readString(out.resolve(Survey.POINTS)).lines()
                .findFirst().orElse("") + "\n");
    }
}
