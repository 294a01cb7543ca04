package dev.barron.experiments;

import dev.barron.backend.ProjectionMethod;
import dev.barron.backend.Backend;
import dev.barron.backend.cpu.CpuBackend;
import dev.barron.model.Activation;
import dev.barron.model.Matrix;
import dev.barron.model.Network;
import dev.barron.model.Precision;
import dev.barron.model.Scaling;
import dev.barron.model.Teacher;
import dev.barron.testing.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The generalisation study: its exact gap against Monte-Carlo, and resumption (docs/MATH.md section 10.4). */
class GeneralizationStudyTest {

    private static GeneralizationConfig tiny() {
        return new GeneralizationConfig(List.of(4, 6), List.of(0.05), List.of(4), List.of(8, 16), List.of(1.0),
                List.of(0.0, 3.0), List.of(30L), 2, 2, 3, 0.3, ProjectionMethod.PROX_BISECTION, 7, 50, "cpu", null, null);
    }

    @Test
    void closedFormPopulationRiskMatchesMonteCarloWithLabelNoise() {
        Backend backend = new CpuBackend(Precision.F64);
        GeneralizationConfig c = tiny();
        Teacher teacher = GeneralizationStudy.teacher(c);
        GridNetwork g = GeneralizationStudy.plan(c).get(3);
        Network net = GeneralizationStudy.initial(c, g);
        double noise = 0.3;
        double exact = GeneralizationStudy.populationRisk(backend, net, teacher, noise);
        // fresh inputs and noise, independent of the study's streams
        SplittableRandom rng = new SplittableRandom(99);
        int samples = 400_000;
        Matrix x = Fixtures.gaussian(rng, samples, c.d(), 1);
        double[] f = backend.forward(x, net);
        double[] fStar = backend.forward(x, new Network(teacher.v(), teacher.b(), Scaling.PLAIN, Activation.RELU));
        double sum = 0;
        double sumSq = 0;
        for (int r = 0; r < samples; r++) {
            double e = 0.5 * Math.pow(f[r] - fStar[r] - noise * rng.nextGaussian(), 2);
            sum += e;
            sumSq += e * e;
        }
        double mean = sum / samples;
        double standardError = Math.sqrt((sumSq / samples - mean * mean) / samples);
        assertEquals(exact, mean, 5 * standardError, "closed form " + exact + ", Monte-Carlo " + mean + " +- " + standardError);
    }

    @Test
    void aResumedStudyEndsWithTheFilesOfAnUninterruptedOne(@TempDir Path dir) throws IOException {
        GeneralizationConfig c = tiny();
        Path whole = dir.resolve("whole");
        try (GeneralizationStudy.Prepared p = GeneralizationStudy.prepare(c, whole, s -> { })) {
            assertTrue(GeneralizationStudy.execute(p, 2, ProgressBar.silent(), Survey.Interruption.NEVER));
        }
        Path parts = dir.resolve("parts");
        try (GeneralizationStudy.Prepared p = GeneralizationStudy.prepare(c, parts, s -> { })) {
            assertFalse(GeneralizationStudy.execute(p, 1, ProgressBar.silent(), n -> n >= 5));
        }
        Files.writeString(parts.resolve(GeneralizationStudy.NETWORKS), "12,1,4,0.05,4,8,1.0,0.0,3", // a torn line
                java.nio.file.StandardOpenOption.APPEND);
        try (GeneralizationStudy.Prepared p = GeneralizationStudy.prepareResume(parts, s -> { })) {
            assertEquals(5, p.done());
            assertEquals(c.networks(), p.total());
            assertTrue(GeneralizationStudy.execute(p, 2, ProgressBar.silent(), Survey.Interruption.NEVER));
        }
        List<NetworkOutcome> a = GeneralizationStudy.readNetworks(whole.resolve(GeneralizationStudy.NETWORKS), true);
        List<NetworkOutcome> b = GeneralizationStudy.readNetworks(parts.resolve(GeneralizationStudy.NETWORKS), true);
        assertEquals(16, a.size());
        assertEquals(sortedCsv(a), sortedCsv(b));
        assertEquals(Files.readString(whole.resolve("table.csv")), Files.readString(parts.resolve("table.csv")));
        assertTrue(Files.size(whole.resolve("scatter_path_l1.png")) > 1000);
        for (NetworkOutcome o : a) {
            assertTrue(o.ok(), o::csv);
            assertEquals(o.populationRisk() - o.trainRisk(), o.gap(), 0);
        }
    }

    private static List<String> sortedCsv(List<NetworkOutcome> outcomes) {
        return outcomes.stream().sorted(java.util.Comparator.comparingInt(o -> o.network().index())).map(NetworkOutcome::csvWithoutTime).toList();
    }

    @Test
    void networksThatDifferInOneAxisShareTheirSampleAndInitialDirections() {
        GeneralizationConfig c = tiny();
        List<GridNetwork> plan = GeneralizationStudy.plan(c);
        GridNetwork first = plan.get(0);
        GridNetwork other = plan.stream().filter(g -> g.seedIndex() == 0 && g.n() == 16 && g.width() == first.width()
                && g.radius() == first.radius()).findFirst().orElseThrow();
        Backend backend = new CpuBackend(Precision.F64);
        Teacher t = GeneralizationStudy.teacher(c);
        GeneralizationStudy.Sample small = GeneralizationStudy.sample(backend, c, t, 0, first.n());
        GeneralizationStudy.Sample large = GeneralizationStudy.sample(backend, c, t, 0, other.n());
        for (int i = 0; i < first.n() * c.d(); i++) {
            assertEquals(small.x().data()[i], large.x().data()[i], 0, "the smaller sample is a prefix of the larger");
        }
        assertEquals(GeneralizationStudy.initial(c, first).w(), GeneralizationStudy.initial(c, other).w());
    }
}
