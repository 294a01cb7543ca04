package dev.barron.train;

import dev.barron.backend.Angles;
import dev.barron.io.AtomicFiles;
import dev.barron.model.Activation;
import dev.barron.model.Check;
import dev.barron.model.Matrix;
import dev.barron.model.Network;
import dev.barron.model.Scaling;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * Everything a run needs to continue exactly where it was: the step counter, the restarts of
 * the divergence guard (hence the step size), the seed (the SGD streams are functions of seed and
 * step, so the seed is the whole RNG state), the initial network (restarts go back to it), the
 * current parameters and the logged history. Stored in a small binary format with exact doubles,
 * a format version, the hash of the run's configuration and a CRC32C over all of it: a flipped
 * byte, a truncated file or a checkpoint of another run is refused, never resumed from.
 *
 * @param wallSeconds wall time spent up to this checkpoint (reported, not part of the results)
 */
public record Checkpoint(long step, int restarts, long seed, Network initial, Network current, double wallSeconds,
                         List<MetricsRow> history, List<AngleSnapshot> angles) {

    private static final long MAGIC = 0x42415252434B5032L; // "BARRCKP2"
    private static final long OLD_MAGIC = 0x42415252434B5031L; // "BARRCKP1": no version, no checksum
    /** Layout: magic, version, config hash, body, CRC32C of everything before it. */
    public static final int VERSION = 2;
    private static final int HASH_BYTES = 32;
    private static final int HEADER = 8 + 4 + HASH_BYTES;
    private static final int TRAILER = 4;
    /** A hash for callers without a configuration (tests): matches any on read without one. */
    private static final byte[] NO_CONFIG = new byte[HASH_BYTES];

    public Checkpoint {
        history = List.copyOf(history);
        angles = List.copyOf(angles);
    }

    /** SHA-256 of a configuration's canonical bytes, stored in the checkpoint and checked on resume. */
    public static byte[] configHash(byte[] configBytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(configBytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    public void write(Path file) throws IOException {
        write(file, NO_CONFIG);
    }

    /** Writes the checkpoint atomically: a crash leaves the previous one whole. */
    public void write(Path file, byte[] configHash) throws IOException {
        if (configHash.length != HASH_BYTES) {
            throw new IllegalArgumentException("a configuration hash has " + HASH_BYTES + " bytes, not " + configHash.length);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeLong(MAGIC);
        out.writeInt(VERSION);
        out.write(configHash);
        writeBody(out);
        out.flush();
        CRC32C crc = new CRC32C();
        crc.update(bytes.toByteArray());
        out.writeInt((int) crc.getValue());
        out.flush();
        AtomicFiles.write(file, raw -> bytes.writeTo(raw));
    }

    private void writeBody(DataOutputStream out) throws IOException {
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
    }

    /** Reads a checkpoint checking its format and checksum but not its configuration. */
    public static Checkpoint read(Path file) throws IOException {
        return read(file, null);
    }

    /**
     * Reads a checkpoint; any failed check (format, version, checksum, configuration hash when
     * one is expected, a count that the file cannot hold) throws IllegalArgumentException naming
     * the file and the check: a damaged checkpoint is never resumed from. Sizes are checked
     * against the bytes left before anything is allocated.
     */
    public static Checkpoint read(Path file, byte[] expectedConfigHash) throws IOException {
        long size = Files.size(file);
        if (size < HEADER + TRAILER || size > Integer.MAX_VALUE - 8) {
            throw damaged(file, "it has " + size + " bytes, which no checkpoint has");
        }
        ByteBuffer buf = ByteBuffer.wrap(Files.readAllBytes(file));
        long magic = buf.getLong();
        if (magic == OLD_MAGIC) {
            throw damaged(file, "it was written by an older Barron (format 1, without a checksum); start the run again");
        }
        if (magic != MAGIC) {
            throw damaged(file, "it is not a Barron checkpoint");
        }
        int version = buf.getInt();
        if (version != VERSION) {
            throw damaged(file, "its format version is " + version + "; this Barron reads version " + VERSION);
        }
        CRC32C crc = new CRC32C();
        crc.update(buf.array(), 0, buf.capacity() - TRAILER);
        if ((int) crc.getValue() != buf.getInt(buf.capacity() - TRAILER)) {
            throw damaged(file, "its CRC32C checksum does not match its content (a damaged or truncated file)");
        }
        byte[] hash = new byte[HASH_BYTES];
        buf.get(hash);
        if (expectedConfigHash != null && !Arrays.equals(hash, expectedConfigHash) && !Arrays.equals(hash, NO_CONFIG)) {
            throw damaged(file, "it belongs to another configuration than the config.json beside it");
        }
        buf.limit(buf.capacity() - TRAILER);
        try {
            Checkpoint c = readBody(buf);
            if (buf.hasRemaining()) {
                throw damaged(file, buf.remaining() + " bytes follow its content");
            }
            return c;
        } catch (java.nio.BufferUnderflowException e) {
            throw damaged(file, "its content ends early");
        } catch (IllegalArgumentException e) {
            throw damaged(file, e.getMessage());
        }
    }

    private static IllegalArgumentException damaged(Path file, String why) {
        return Check.bad("checkpoint", file, why + "; it is not resumed from");
    }

    private static Checkpoint readBody(ByteBuffer in) {
        long step = in.getLong();
        int restarts = in.getInt();
        long seed = in.getLong();
        double wall = in.getDouble();
        if (step < 0 || restarts < 0) {
            throw new IllegalArgumentException("its step " + step + " or restart count " + restarts + " is negative");
        }
        Network initial = readNetwork(in);
        Network current = readNetwork(in);
        int rows = count(in, 8 + 7 * 8 + 4);
        List<MetricsRow> history = new ArrayList<>(rows);
        for (int i = 0; i < rows; i++) {
            long s = in.getLong();
            double[] v = new double[7];
            for (int t = 0; t < 7; t++) {
                v[t] = in.getDouble();
            }
            history.add(new MetricsRow(s, v[0], v[1], v[2], v[3], v[4], v[5], v[6], readArray(in)));
        }
        int snaps = count(in, 8 + 3 * 4);
        List<AngleSnapshot> angles = new ArrayList<>(snaps);
        for (int i = 0; i < snaps; i++) {
            long s = in.getLong();
            Matrix st = readMatrix(in);
            Matrix ss = readMatrix(in);
            angles.add(new AngleSnapshot(s, new Angles(st, ss, readArray(in))));
        }
        return new Checkpoint(step, restarts, seed, initial, current, wall, history, angles);
    }

    /** A count of items of at least minBytes each, checked against what is left of the content. */
    private static int count(ByteBuffer in, long minBytes) {
        int n = in.getInt();
        if (n < 0 || n * minBytes > in.remaining()) {
            throw new IllegalArgumentException("it claims " + n + " entries where " + in.remaining() + " bytes are left");
        }
        return n;
    }

    private static void writeNetwork(DataOutputStream out, Network n) throws IOException {
        out.writeUTF(n.scaling().label());
        out.writeUTF(n.activation().label());
        writeMatrix(out, n.w());
        writeArray(out, n.a());
    }

    private static Network readNetwork(ByteBuffer in) {
        Scaling s = Scaling.parse(readUtf(in));
        Activation act = Activation.parse(readUtf(in));
        Matrix w = readMatrix(in);
        return new Network(w, readArray(in), s, act);
    }

    /** DataOutputStream.writeUTF's encoding (a 2-byte length, then the bytes; our labels are ASCII). */
    private static String readUtf(ByteBuffer in) {
        int n = Short.toUnsignedInt(in.getShort());
        byte[] b = new byte[Math.min(n, in.remaining() + 1)];
        in.get(b);
        return new String(b, StandardCharsets.UTF_8);
    }

    private static void writeMatrix(DataOutputStream out, Matrix m) throws IOException {
        out.writeInt(m.rows());
        out.writeInt(m.cols());
        for (double v : m.data()) {
            out.writeDouble(v);
        }
    }

    private static Matrix readMatrix(ByteBuffer in) {
        int r = in.getInt();
        int c = in.getInt();
        if (r < 0 || c < 0 || (long) r * c * 8 > in.remaining()) {
            throw new IllegalArgumentException("it claims a " + r + " x " + c + " matrix where " + in.remaining() + " bytes are left");
        }
        double[] d = new double[r * c];
        in.asDoubleBuffer().get(d);
        in.position(in.position() + 8 * d.length);
        return new Matrix(r, c, d);
    }

    private static void writeArray(DataOutputStream out, double[] a) throws IOException {
        out.writeInt(a.length);
        for (double v : a) {
            out.writeDouble(v);
        }
    }

    private static double[] readArray(ByteBuffer in) {
        double[] a = new double[count(in, 8)];
        in.asDoubleBuffer().get(a);
        in.position(in.position() + 8 * a.length);
        return a;
    }
}
