package dev.barron.train;

import dev.barron.backend.Angles;
import dev.barron.io.AtomicFiles;
import dev.barron.model.Activation;
import dev.barron.model.Matrix;
import dev.barron.model.Network;
import dev.barron.model.Scaling;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything a run needs to continue exactly where it was: the step counter, the restarts of
 * the divergence guard (hence the step size), the seed (the SGD streams are functions of seed and
 * step, so the seed is the whole RNG state), the initial network (restarts go back to it), the
 * current parameters and the logged history. Stored in a small binary format with exact doubles.
 *
 * @param wallSeconds wall time spent up to this checkpoint (reported, not part of the results)
 */
public record Checkpoint(long step, int restarts, long seed, Network initial, Network current, double wallSeconds,
                         List<MetricsRow> history, List<AngleSnapshot> angles) {

    private static final long MAGIC = 0x42415252434B5031L; // "BARRCKP1"

    public Checkpoint {
        history = List.copyOf(history);
        angles = List.copyOf(angles);
    }

    /** Writes the checkpoint atomically: a crash leaves the previous one whole. */
    public void write(Path file) throws IOException {
        AtomicFiles.write(file, raw -> {
            DataOutputStream out = new DataOutputStream(raw);
            out.writeLong(MAGIC);
            out.writeLong(step);
            out.writeInt(restarts);
            out.writeLong(seed);
            out.writeDouble(wallSeconds);
            writeNetwork(out, initial);
            writeNetwork(out, current);
            out.writeInt(history.size());
            for (MetricsRow r : history) {
                out.writeLong(r.step());
                for (double v : new double[]{r.loss(), r.gradNorm(), r.maxNeuronGradNorm(), r.pathNormL1(),
                        r.minStudentNorm(), r.maxStudentNorm(), r.alignAngleMax()}) {
                    out.writeDouble(v);
                }
                writeArray(out, r.cosBest());
            }
            out.writeInt(angles.size());
            for (AngleSnapshot s : angles) {
                out.writeLong(s.step());
                writeMatrix(out, s.angles().studentTeacher());
                writeMatrix(out, s.angles().studentStudent());
                writeArray(out, s.angles().studentNorms());
            }
            out.flush();
        });
    }

    public static Checkpoint read(Path file) throws IOException {
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file));
             DataInputStream in = new DataInputStream(raw)) {
            if (in.readLong() != MAGIC) {
                throw new IOException(file + " is not a Barron checkpoint");
            }
            long step = in.readLong();
            int restarts = in.readInt();
            long seed = in.readLong();
            double wall = in.readDouble();
            Network initial = readNetwork(in);
            Network current = readNetwork(in);
            int rows = in.readInt();
            List<MetricsRow> history = new ArrayList<>(rows);
            for (int i = 0; i < rows; i++) {
                long s = in.readLong();
                double[] v = new double[7];
                for (int t = 0; t < 7; t++) {
                    v[t] = in.readDouble();
                }
                history.add(new MetricsRow(s, v[0], v[1], v[2], v[3], v[4], v[5], v[6], readArray(in)));
            }
            int snaps = in.readInt();
            List<AngleSnapshot> angles = new ArrayList<>(snaps);
            for (int i = 0; i < snaps; i++) {
                long s = in.readLong();
                Matrix st = readMatrix(in);
                Matrix ss = readMatrix(in);
                angles.add(new AngleSnapshot(s, new Angles(st, ss, readArray(in))));
            }
            return new Checkpoint(step, restarts, seed, initial, current, wall, history, angles);
        }
    }

    private static void writeNetwork(DataOutputStream out, Network n) throws IOException {
        out.writeUTF(n.scaling().label());
        out.writeUTF(n.activation().label());
        writeMatrix(out, n.w());
        writeArray(out, n.a());
    }

    private static Network readNetwork(DataInputStream in) throws IOException {
        Scaling s = Scaling.parse(in.readUTF());
        Activation act = Activation.parse(in.readUTF());
        Matrix w = readMatrix(in);
        return new Network(w, readArray(in), s, act);
    }

    private static void writeMatrix(DataOutputStream out, Matrix m) throws IOException {
        out.writeInt(m.rows());
        out.writeInt(m.cols());
        for (double v : m.data()) {
            out.writeDouble(v);
        }
    }

    private static Matrix readMatrix(DataInputStream in) throws IOException {
        int r = in.readInt();
        int c = in.readInt();
        double[] d = new double[r * c];
        for (int i = 0; i < d.length; i++) {
            d[i] = in.readDouble();
        }
        return new Matrix(r, c, d);
    }

    private static void writeArray(DataOutputStream out, double[] a) throws IOException {
        out.writeInt(a.length);
        for (double v : a) {
            out.writeDouble(v);
        }
    }

    private static double[] readArray(DataInputStream in) throws IOException {
        double[] a = new double[in.readInt()];
        for (int i = 0; i < a.length; i++) {
            a[i] = in.readDouble();
        }
        return a;
    }
}
