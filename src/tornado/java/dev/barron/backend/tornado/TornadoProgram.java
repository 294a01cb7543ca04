package dev.barron.backend.tornado;

import dev.barron.backend.BackendException;
import dev.barron.backend.opencl.KernelSource;
import dev.barron.model.Precision;
import uk.ac.manchester.tornado.api.types.arrays.TornadoNativeArray;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The OpenCL program TornadoVM builds for every prebuilt task: the same kernels/ files as the
 * JOCL driver, in the same order, followed by kernels/tornado_entries.cl (TornadoVM's entry
 * points). TornadoVM reads a prebuilt kernel from a file, so the concatenation is written once
 * per JVM to a temporary file. The precision and the tile sizes are build options, as for JOCL.
 */
final class TornadoProgram {

    /** TornadoVM's entry points, appended to the JOCL driver's program. */
    static final List<String> ENTRIES = List.of("tornado_entries.cl");

    private static Path file;

    private TornadoProgram() {
    }

    /** The program file (written on first use). */
    static synchronized String path() {
        if (file == null) {
            try {
                Path p = Files.createTempFile("barron-tornado-", ".cl");
                Files.writeString(p, KernelSource.program(ENTRIES), StandardCharsets.UTF_8);
                p.toFile().deleteOnExit();
                file = p;
            } catch (IOException e) {
                throw new BackendException("tornado: cannot write the kernel program to a temporary file", e);
            }
        }
        return file.toString();
    }

    /**
     * Build options. They replace TornadoVM's defaults, which include -cl-fast-relaxed-math: that
     * would cost the float64 results their last digits (and the 1e-12 agreement with the CPU).
     */
    static String buildOptions(Precision precision, Geometry g) {
        return "-cl-std=CL1.2 -DBARRON_TORNADO -DBARRON_ARRAY_HEADER=" + TornadoNativeArray.ARRAY_HEADER
                + (precision == Precision.F64 ? " -DREAL_IS_DOUBLE" : "")
                + " -DBARRON_TILE=" + g.tile() + " -DBARRON_GROUP=" + g.group() + " -DBARRON_REDUCE=" + g.reduce();
    }

    /**
     * Work-group shapes, chosen from the device's largest work-group as the JOCL driver does:
     * square tiles of the products, the row-reduction group and the single-group reduction.
     */
    record Geometry(int tile, int group, int reduce) {

        static Geometry forMaxWorkGroup(long maxGroup) {
            int tile = maxGroup >= 256 ? 16 : 8;
            int reduce = (int) Math.min(256, Integer.highestOneBit((int) Math.min(maxGroup, 1 << 20)));
            int group = Math.min(64, reduce);
            return new Geometry(tile, group, reduce);
        }
    }
}
