package dev.barron.experiments;

import dev.barron.backend.Angles;
import dev.barron.io.AtomicFiles;
import dev.barron.model.Matrix;
import dev.barron.train.AngleSnapshot;
import dev.barron.train.MetricsRow;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.ToDoubleFunction;
import java.util.stream.IntStream;

/**
 * The CSV files of a run directory. Numbers are written with Double.toString, which reads back
 * to the same double, so files of a resumed and an uninterrupted run compare byte for byte.
 *
 * <p>metrics.csv: step, loss, grad_norm (Euclidean norm of the whole gradient), path_norm_l1,
 * min_student_norm, max_student_norm, cos_best_1..cos_best_k (max_i cos theta_ij), then
 * max_neuron_grad_norm (max_i |grad_{w_i} L|, the stopping statistic) and align_angle_max
 * (radians; the phase rule's statistic, see {@link dev.barron.train.Phases}).
 *
 * <p>angles.csv, long format: step, kind, i, j, angle (radians; students and teachers 1-based).
 * kind st: theta_ij between student i and teacher j; kind ss: phi_ij between students i &lt; j.
 */
public final class RunFiles {

    private RunFiles() {
    }

    public static String metricsCsv(List<MetricsRow> rows, int k) {
        StringBuilder sb = new StringBuilder("step,loss,grad_norm,path_norm_l1,min_student_norm,max_student_norm");
        for (int j = 1; j <= k; j++) {
            sb.append(",cos_best_").append(j);
        }
        sb.append(",max_neuron_grad_norm,align_angle_max\n");
        for (MetricsRow r : rows) {
            sb.append(r.step()).append(',').append(MetricsRow.reportedLoss(r.loss())).append(',').append(r.gradNorm()).append(',')
                    .append(r.pathNormL1()).append(',').append(r.minStudentNorm()).append(',').append(r.maxStudentNorm());
            for (double c : r.cosBest()) {
                sb.append(',').append(c);
            }
            sb.append(',').append(r.maxNeuronGradNorm()).append(',').append(r.alignAngleMax()).append('\n');
        }
        return sb.toString();
    }

    public static String anglesCsv(List<AngleSnapshot> snapshots) {
        StringBuilder sb = new StringBuilder("step,kind,i,j,angle\n");
        for (AngleSnapshot s : snapshots) {
            Angles a = s.angles();
            Matrix st = a.studentTeacher();
            for (int i = 0; i < st.rows(); i++) {
                for (int j = 0; j < st.cols(); j++) {
                    sb.append(s.step()).append(",st,").append(i + 1).append(',').append(j + 1).append(',')
                            .append(st.get(i, j)).append('\n');
                }
            }
            Matrix ss = a.studentStudent();
            for (int i = 0; i < ss.rows(); i++) {
                for (int j = i + 1; j < ss.cols(); j++) {
                    sb.append(s.step()).append(",ss,").append(i + 1).append(',').append(j + 1).append(',')
                            .append(ss.get(i, j)).append('\n');
                }
            }
        }
        return sb.toString();
    }

    /** Reads a metrics.csv back (columns found by name, so that a column added later does not break it). */
    public static List<MetricsRow> readMetrics(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file);
        List<String> header = Arrays.asList(lines.get(0).split(","));
        int[] cos = IntStream.range(0, header.size()).filter(i -> header.get(i).startsWith("cos_best_")).toArray();
        List<MetricsRow> rows = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.split(",");
            ToDoubleFunction<String> col = name -> Double.parseDouble(f[header.indexOf(name)]);
            rows.add(new MetricsRow(Long.parseLong(f[0]), col.applyAsDouble("loss"), col.applyAsDouble("grad_norm"),
                    col.applyAsDouble("max_neuron_grad_norm"), col.applyAsDouble("path_norm_l1"),
                    col.applyAsDouble("min_student_norm"), col.applyAsDouble("max_student_norm"),
                    col.applyAsDouble("align_angle_max"), Arrays.stream(cos).mapToDouble(i -> Double.parseDouble(f[i])).toArray()));
        }
        return rows;
    }

    public static void writeHistory(Path dir, List<MetricsRow> rows, List<AngleSnapshot> snapshots, int k) throws IOException {
        AtomicFiles.writeString(dir.resolve("metrics.csv"), metricsCsv(rows, k));
        AtomicFiles.writeString(dir.resolve("angles.csv"), anglesCsv(snapshots));
    }
}
