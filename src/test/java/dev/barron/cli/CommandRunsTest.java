package dev.barron.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.barron.backend.Backend;
import dev.barron.backend.BackendOptions;
import dev.barron.backend.Backends;
import dev.barron.backend.LossGradient;
import dev.barron.backend.ProjectionMethod;
import dev.barron.backend.ProjectionResult;
import dev.barron.backend.ProxResult;
import dev.barron.io.BuildInfo;
import dev.barron.io.Csv;
import dev.barron.io.DirectoryLock;
import dev.barron.io.NdArray;
import dev.barron.io.Npy;
import dev.barron.io.OutputSet;
import dev.barron.io.PendingFiles;
import dev.barron.io.WeightFiles;
import dev.barron.model.Activation;
import dev.barron.model.Matrix;
import dev.barron.model.Network;
import dev.barron.model.Precision;
import dev.barron.model.Scaling;
import dev.barron.model.Teacher;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Good runs of eval, prox and project: the files exist with the right shapes and dtypes, the
 * numbers agree with the same backend called directly, and the simple ones (path norms,
 * empirical loss, distances) agree with a hand computation in this test.
 */
class CommandRunsTest {

    private static final int M = 5;
    private static final int D = 4;
    private static final int K = 2;
    private static final int N = 40;
    private static final double TIGHT = 1e-12;

    @TempDir
    Path dir;

    private CliFiles files;
    private Matrix w;
    private double[] a;
    private Matrix v;
    private double[] b;
    private Matrix x;
    private double[] y;

    @BeforeEach
    void writeInputs() {
        files = new CliFiles(dir, 42);
        w = files.gaussian(M, D, 0.5);
        a = files.gaussian(M);
        v = files.gaussian(K, D, 0.5);
        b = files.gaussian(K);
        x = files.gaussian(N, D, 1);
        y = files.gaussian(N);
        files.npy("W.npy", w);
        files.npy("a.npy", a);
        files.npy("V.npy", v);
        files.npy("b.npy", b);
        files.npy("X.npy", x);
        files.npy("y.npy", y);
    }

    private String in(String name) {
        return files.path(name);
    }

    private CliRun ok(String... args) {
        CliRun run = CliRun.of(args);
        assertEquals(BarronCli.EXIT_OK, run.status(), run::toString);
        return run;
    }

    private static JsonNode json(Path p) throws IOException {
        return PendingFiles.JSON.readTree(p.toFile());
    }

    private static Backend cpu(Precision p) {
        return Backends.cpu(BackendOptions.of(p));
    }

    private static void assertClose(double expected, double actual, double relTol, String what) {
        assertEquals(expected, actual, relTol * Math.max(1, Math.abs(expected)), what);
    }

    private static void assertClose(double[] expected, double[] actual, double relTol, String what) {
        assertEquals(expected.length, actual.length, what + " length");
        for (int i = 0; i < expected.length; i++) {
            assertClose(expected[i], actual[i], relTol, what + "[" + i + "]");
        }
    }

    /** s * sum_i |a_i| |w_i|_1, computed here independently of the library. */
    private static double pathNormL1(Matrix w, double[] a, double s) {
        double sum = 0;
        for (int i = 0; i < w.rows(); i++) {
            double row = 0;
            for (int t = 0; t < w.cols(); t++) {
                row += Math.abs(w.get(i, t));
            }
            sum += Math.abs(a[i]) * row;
        }
        return s * sum;
    }

    private static String dtype(Path npy) throws IOException {
        String header = new String(Files.readAllBytes(npy), 10, 50, StandardCharsets.ISO_8859_1);
        return header.substring(header.indexOf("'descr': '") + 10, header.indexOf("'descr': '") + 13);
    }

    /** The files of a directory but the lock and the manifest of the result set, which every output directory has. */
    private static List<String> listing(Path out) throws IOException {
        try (Stream<Path> s = Files.list(out)) {
            return s.map(p -> p.getFileName().toString())
                    .filter(n -> !n.equals(DirectoryLock.FILE) && !n.equals(OutputSet.MANIFEST)).sorted().toList();
        }
    }

    @Test
    void evalWithTeacherWritesPopulationLossAndGradient() throws IOException {
        Path out = dir.resolve("eval");
        CliRun run = ok("eval", "--W", in("W.npy"), "--a", in("a.npy"), "--V", in("V.npy"), "--b", in("b.npy"),
                "--backend", "cpu", "--out", out.toString());
        assertEquals(List.of("eval.json", "grad_W.npy", "grad_a.npy"), listing(out));
        assertTrue(run.out().contains("population_loss"), run::toString);
        Network net = Network.relu(w, a);
        LossGradient direct;
        try (Backend be = cpu(Precision.F64)) {
            direct = be.populationLossAndGradient(net, new Teacher(v, b));
        }
        JsonNode r = json(out.resolve("eval.json"));
        assertClose(direct.loss(), r.get("population_loss").asDouble(), TIGHT, "population_loss");
        assertFalse(r.has("empirical_loss"));
        assertClose(pathNormL1(w, a, 1), r.get("path_norm_l1").asDouble(), TIGHT, "path_norm_l1");
        double l2 = 0;
        for (int i = 0; i < M; i++) {
            for (int t = 0; t < D; t++) {
                l2 += a[i] * a[i] * w.get(i, t) * w.get(i, t);
            }
        }
        assertClose(l2, r.get("path_norm_l2").asDouble(), TIGHT, "path_norm_l2");
        assertEquals("population", r.get("gradient").asText());
        assertEquals("cpu", r.get("backend").asText());
        assertEquals("f64", r.get("precision").asText());
        assertEquals(BuildInfo.version(), r.get("version").asText());
        assertFalse(r.get("device").asText().isEmpty());
        assertEquals("[5,4]", r.get("shapes").get("w").toString());
        assertEquals("[2,4]", r.get("shapes").get("v").toString());
        NdArray gw = Npy.read(out.resolve("grad_W.npy"), "grad_W");
        assertArrayEquals(new int[]{M, D}, gw.shape());
        assertClose(direct.gradW().data(), gw.data(), TIGHT, "grad_W");
        NdArray ga = Npy.read(out.resolve("grad_a.npy"), "grad_a");
        assertArrayEquals(new int[]{M}, ga.shape());
        assertClose(direct.gradA(), ga.data(), TIGHT, "grad_a");
        assertEquals("<f8", dtype(out.resolve("grad_W.npy")));
    }

    @Test
    void evalOfTheTeacherItselfHasZeroLossAndGradient() throws IOException {
        // Independent oracle: a student equal to its teacher is a global minimum.
        Path out = dir.resolve("eval");
        ok("eval", "--W", in("V.npy"), "--a", in("b.npy"), "--V", in("V.npy"), "--b", in("b.npy"), "--out", out.toString());
        JsonNode r = json(out.resolve("eval.json"));
        assertEquals(0, r.get("population_loss").asDouble(), 1e-14);
        for (double g : Npy.read(out.resolve("grad_W.npy"), "g").data()) {
            assertEquals(0, g, 1e-14);
        }
        for (double g : Npy.read(out.resolve("grad_a.npy"), "g").data()) {
            assertEquals(0, g, 1e-14);
        }
    }

    @Test
    void evalWithDataOnlyWritesEmpiricalLossAndGradient() throws IOException {
        Path out = dir.resolve("eval");
        ok("eval", "--W", in("W.npy"), "--a", in("a.npy"), "--X", in("X.npy"), "--y", in("y.npy"), "--out", out.toString());
        JsonNode r = json(out.resolve("eval.json"));
        double loss = 0;
        for (int row = 0; row < N; row++) {
            double f = 0;
            for (int i = 0; i < M; i++) {
                double z = 0;
                for (int t = 0; t < D; t++) {
                    z += w.get(i, t) * x.get(row, t);
                }
                f += a[i] * Math.max(z, 0);
            }
            loss += (f - y[row]) * (f - y[row]);
        }
        loss /= 2 * N;
        assertClose(loss, r.get("empirical_loss").asDouble(), 1e-12, "empirical_loss by hand");
        assertFalse(r.has("population_loss"));
        assertEquals("empirical", r.get("gradient").asText());
        assertEquals("[40,4]", r.get("shapes").get("x").toString());
        LossGradient direct;
        try (Backend be = cpu(Precision.F64)) {
            direct = be.empiricalLossAndGradient(x, y, Network.relu(w, a));
        }
        assertClose(direct.gradW().data(), Npy.read(out.resolve("grad_W.npy"), "g").data(), TIGHT, "grad_W");
        assertClose(direct.gradA(), Npy.read(out.resolve("grad_a.npy"), "g").data(), TIGHT, "grad_a");
    }

    @Test
    void evalWithTeacherAndDataReportsBothAndWritesBothGradients() throws IOException {
        Path out = dir.resolve("eval");
        ok("eval", "--W", in("W.npy"), "--a", in("a.npy"), "--V", in("V.npy"), "--b", in("b.npy"),
                "--X", in("X.npy"), "--y", in("y.npy"), "--out", out.toString());
        JsonNode r = json(out.resolve("eval.json"));
        assertTrue(r.has("population_loss") && r.has("empirical_loss"));
        assertEquals("population", r.get("gradient").asText());
        LossGradient direct;
        LossGradient empirical;
        try (Backend be = cpu(Precision.F64)) {
            direct = be.populationLossAndGradient(Network.relu(w, a), new Teacher(v, b));
            empirical = be.empiricalLossAndGradient(x, y, Network.relu(w, a));
        }
        assertClose(direct.gradW().data(), Npy.read(out.resolve("grad_W.npy"), "g").data(), TIGHT, "grad_W");
        assertEquals("[\"empirical_grad_W.npy\",\"empirical_grad_a.npy\"]", r.get("empirical_gradient").toString());
        assertClose(empirical.gradW().data(), Npy.read(out.resolve("empirical_grad_W.npy"), "g").data(), TIGHT, "empirical grad_W");
        assertClose(empirical.gradA(), Npy.read(out.resolve("empirical_grad_a.npy"), "g").data(), TIGHT, "empirical grad_a");
    }

    /** An a given as (1, m), as PyTorch's Linear(m, 1).weight, comes back as (1, m); --npz bundles the arrays. */
    @Test
    void outputsKeepTheShapeOfTheInputAndNpzBundlesThem() throws IOException {
        Npy.write(dir.resolve("a_row.npy"), new Matrix(1, M, a), Precision.F64);
        Path out = dir.resolve("prox-row");
        ok("prox", "--W", in("W.npy"), "--a", dir.resolve("a_row.npy").toString(), "--lambda", "0.1", "--npz", "--out", out.toString());
        assertArrayEquals(new int[]{1, M}, Npy.read(out.resolve("a.npy"), "a").shape());
        assertArrayEquals(Npy.read(out.resolve("W.npy"), "W").data(), WeightFiles.readMatrix(out.resolve("prox.npz"), "--W").data(), 0.0);
        assertArrayEquals(new int[]{1, M}, WeightFiles.read(out.resolve("prox.npz"), "--a").shape());
        Path ev = dir.resolve("eval-npz");
        ok("eval", "--W", out.resolve("prox.npz").toString(), "--a", out.resolve("prox.npz").toString(),
                "--V", in("V.npy"), "--b", in("b.npy"), "--out", ev.toString());
        assertArrayEquals(new int[]{1, M}, Npy.read(ev.resolve("grad_a.npy"), "g").shape());
    }

    /** --json prints the report (as eval.json, prox.json, project.json hold it) and the files on stdout, nothing else. */
    @Test
    void jsonOnStdoutForEvalProxAndProject() throws IOException {
        String[][] commands = {
            {"eval", "--W", in("W.npy"), "--a", in("a.npy"), "--V", in("V.npy"), "--b", in("b.npy")},
            {"prox", "--W", in("W.npy"), "--a", in("a.npy"), "--lambda", "0.1"},
            {"project", "--W", in("W.npy"), "--a", in("a.npy"), "--radius", "0.5"}};
        for (String[] c : commands) {
            Path out = dir.resolve("json-" + c[0]);
            List<String> args = new java.util.ArrayList<>(List.of(c));
            args.addAll(List.of("--json", "--out", out.toString()));
            JsonNode printed = PendingFiles.JSON.readTree(ok(args.toArray(String[]::new)).out());
            JsonNode file = json(out.resolve(c[0] + ".json"));
            file.fieldNames().forEachRemaining(k -> assertEquals(file.get(k), printed.get(k), c[0] + " " + k));
            assertTrue(printed.get("files").toString().contains(c[0] + ".json"), printed.toString());
        }
    }

    @Test
    void evalWithNeitherTeacherNorDataWritesOnlyTheReport() throws IOException {
        Path out = dir.resolve("eval");
        ok("eval", "--W", in("W.npy"), "--a", in("a.npy"), "--scaling", "mean-field", "--out", out.toString());
        assertEquals(List.of("eval.json"), listing(out));
        JsonNode r = json(out.resolve("eval.json"));
        assertEquals("none", r.get("gradient").asText());
        assertEquals("mean-field", r.get("scaling").asText());
        assertClose(pathNormL1(w, a, 1.0 / M), r.get("path_norm_l1").asDouble(), TIGHT, "mean-field path norm");
    }

    @Test
    void evalPassesScalingActivationAndPrecisionThrough() throws IOException {
        Path out = dir.resolve("eval");
        ok("eval", "--W", in("W.npy"), "--a", in("a.npy"), "--V", in("V.npy"), "--b", in("b.npy"),
                "--scaling", "mean-field", "--activation", "erf", "--precision", "f32", "--backend", "cpu",
                "--out", out.toString());
        JsonNode r = json(out.resolve("eval.json"));
        assertEquals("f32", r.get("precision").asText());
        assertEquals("erf", r.get("activation").asText());
        assertEquals("<f4", dtype(out.resolve("grad_W.npy")));
        LossGradient direct;
        try (Backend be = cpu(Precision.F32)) {
            direct = be.populationLossAndGradient(new Network(w, a, Scaling.MEAN_FIELD, Activation.ERF), new Teacher(v, b));
        }
        assertClose(direct.loss(), r.get("population_loss").asDouble(), 1e-6, "population_loss f32");
        double[] gw = Npy.read(out.resolve("grad_W.npy"), "g").data();
        for (int i = 0; i < gw.length; i++) {
            assertEquals((float) direct.gradW().data()[i], (float) gw[i], 0.0f, "grad_W is the f32 result, stored as f32");
        }
    }

    @Test
    void evalReadsCsvInputs() throws IOException {
        Csv.write(dir.resolve("W.csv"), w, Precision.F64);
        Csv.write(dir.resolve("a.csv"), a, Precision.F64);
        Path fromCsv = dir.resolve("csv");
        Path fromNpy = dir.resolve("npy");
        ok("eval", "--W", in("W.csv"), "--a", in("a.csv"), "--V", in("V.npy"), "--b", in("b.npy"), "--out", fromCsv.toString());
        ok("eval", "--W", in("W.npy"), "--a", in("a.npy"), "--V", in("V.npy"), "--b", in("b.npy"), "--out", fromNpy.toString());
        assertEquals(json(fromNpy.resolve("eval.json")).get("population_loss").asDouble(),
                json(fromCsv.resolve("eval.json")).get("population_loss").asDouble(), 0.0, "CSV keeps every bit");
    }

    @Test
    void proxAgreesWithTheBackendAndItsReportWithTheFiles() throws IOException {
        Path out = dir.resolve("prox");
        ok("prox", "--W", in("W.npy"), "--a", in("a.npy"), "--lambda", "0.2", "--scaling", "mean-field",
                "--backend", "cpu", "--out", out.toString());
        assertEquals(List.of("W.npy", "a.npy", "prox.json"), listing(out));
        ProxResult direct;
        try (Backend be = cpu(Precision.F64)) {
            direct = be.pathNormProx(new Network(w, a, Scaling.MEAN_FIELD, Activation.RELU), 0.2);
        }
        Matrix w2 = Npy.readMatrix(out.resolve("W.npy"), "W");
        double[] a2 = Npy.readVector(out.resolve("a.npy"), "a");
        assertEquals(direct.network().w(), w2);
        assertArrayEquals(direct.network().a(), a2, 0.0);
        JsonNode r = json(out.resolve("prox.json"));
        assertEquals(0.2, r.get("lambda").asDouble(), 0.0);
        assertClose(direct.objective(), r.get("objective").asDouble(), TIGHT, "objective");
        assertClose(pathNormL1(w2, a2, 1.0 / M), r.get("path_norm_l1").asDouble(), TIGHT, "path norm of the written files");
        // the objective of the written point, computed here
        double obj = 0;
        for (int i = 0; i < M; i++) {
            obj += 0.5 * (a2[i] - a[i]) * (a2[i] - a[i]);
            double l1 = 0;
            for (int t = 0; t < D; t++) {
                obj += 0.5 * Math.pow(w2.get(i, t) - w.get(i, t), 2);
                l1 += Math.abs(w2.get(i, t));
            }
            obj += 0.2 / M * Math.abs(a2[i]) * l1;
        }
        assertClose(obj, r.get("objective").asDouble(), 1e-12, "objective of the written point");
    }

    @Test
    void proxWithLambdaZeroReturnsTheInput() throws IOException {
        Path out = dir.resolve("prox");
        ok("prox", "--W", in("W.npy"), "--a", in("a.npy"), "--lambda", "0", "--out", out.toString());
        assertEquals(w, Npy.readMatrix(out.resolve("W.npy"), "W"));
        assertArrayEquals(a, Npy.readVector(out.resolve("a.npy"), "a"), 0.0);
        assertEquals(0, json(out.resolve("prox.json")).get("objective").asDouble(), 0.0);
    }

    @ParameterizedTest
    @EnumSource(ProjectionMethod.class)
    void projectIsFeasibleAndReportsWhatItWrote(ProjectionMethod method) throws IOException {
        double radius = 0.5 * pathNormL1(w, a, 1);
        Path out = dir.resolve("project");
        ok("project", "--W", in("W.npy"), "--a", in("a.npy"), "--radius", Double.toString(radius),
                "--method", method.label(), "--backend", "cpu", "--out", out.toString());
        assertEquals(List.of("W.npy", "a.npy", "project.json"), listing(out));
        Matrix w2 = Npy.readMatrix(out.resolve("W.npy"), "W");
        double[] a2 = Npy.readVector(out.resolve("a.npy"), "a");
        assertArrayEquals(new int[]{M, D}, new int[]{w2.rows(), w2.cols()});
        JsonNode r = json(out.resolve("project.json"));
        double reached = pathNormL1(w2, a2, 1);
        assertTrue(reached <= radius * (1 + 1e-12), "feasible: " + reached + " <= " + radius);
        assertClose(reached, r.get("path_norm_l1").asDouble(), 1e-12, "reported norm");
        double dist = 0;
        for (int i = 0; i < M; i++) {
            dist += (a2[i] - a[i]) * (a2[i] - a[i]);
            for (int t = 0; t < D; t++) {
                dist += Math.pow(w2.get(i, t) - w.get(i, t), 2);
            }
        }
        assertClose(Math.sqrt(dist), r.get("distance").asDouble(), 1e-12, "reported distance");
        assertEquals(method.label(), r.get("method").asText());
        assertEquals(radius, r.get("radius").asDouble(), 0.0);
        ProjectionResult direct;
        try (Backend be = cpu(Precision.F64)) {
            direct = be.pathNormProject(Network.relu(w, a), radius, method);
        }
        assertEquals(direct.network().w(), w2);
        assertClose(direct.lambda(), r.get("lambda").asDouble(), TIGHT, "lambda");
    }

    @Test
    void anExistingOutputDirectoryIsReusedWithoutLeftovers() throws IOException {
        Path out = Files.createDirectories(dir.resolve("existing"));
        Files.writeString(out.resolve("prox.json"), "stale");
        Files.writeString(out.resolve("keep.txt"), "mine");
        ok("prox", "--W", in("W.npy"), "--a", in("a.npy"), "--lambda", "0.1", "--out", out.toString());
        assertEquals(List.of("W.npy", "a.npy", "keep.txt", "prox.json"), listing(out));
        assertTrue(json(out.resolve("prox.json")).has("objective"));
    }

    @Test
    void devicesListsEveryProviderAndTheCpu() throws IOException {
        CliRun run = ok("devices");
        for (var p : Backends.providers()) {
            assertTrue(run.out().contains(p.name() + ":"), run::toString);
        }
        assertTrue(run.out().contains("cpu: available"), run::toString);
        JsonNode list = PendingFiles.JSON.readTree(ok("devices", "--json").out());
        assertEquals(Backends.providers().size(), list.size());
        assertEquals("cpu", list.get(0).get("backend").asText());
        assertTrue(list.get(0).get("available").asBoolean());
        assertEquals(0, list.get(0).get("devices").get(0).get("index").asInt());
    }
}
