package dev.barron.backend.tornado;

import dev.barron.backend.BackendException;
import dev.barron.backend.program.KernelConstants;
import dev.barron.backend.program.KernelGeometry;
import dev.barron.backend.opencl.KernelSource;
import dev.barron.backend.ptx.PtxModule;
import dev.barron.backend.ptx.PtxProgram;
import dev.barron.backend.tornado.conventions.TornadoKernelName;
import dev.barron.model.Precision;
import uk.ac.manchester.tornado.api.common.TornadoDevice;
import uk.ac.manchester.tornado.api.types.arrays.TornadoNativeArray;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The kernels TornadoVM runs for every prebuilt task: the same kernels/ files as the JOCL driver,
 * in the same order, followed by kernels/tornado_entries.cl (TornadoVM's entry points), built
 * with the same -D options (precision, tile and group sizes).
 *
 * <ul>
 * <li>OpenCL backend: the program as OpenCL C source, one file for every task (TornadoVM reads
 *     a prebuilt kernel from a file), built by TornadoVM with {@link #buildOptions}.</li>
 * <li>PTX backend: the program compiled to PTX by nvcc ({@link PtxProgram}), and one file per
 *     task holding that task's entry alone under the name TornadoVM looks it up by
 *     ({@link TornadoKernelName}), which depends on the task's id and arguments.</li>
 * </ul>
 */
final class TornadoProgram {

    /** TornadoVM's entry points, appended to the JOCL driver's program. */
    static final List<String> ENTRIES = KernelSource.TORNADO_ENTRIES;

    private static Path openClFile;

    private TornadoProgram() {
    }

    /** The file TornadoVM reads a task's kernel from. */
    interface KernelFiles {
        String fileFor(String taskId, String entry, Object[] args);
    }

    /** The kernel files for a device: one OpenCL source, or PTX files per task. */
    static KernelFiles forDevice(TornadoDevice device, Precision precision, KernelGeometry g) {
        if (TornadoPlatform.isPtx(device)) {
            return new PtxFiles(PtxProgram.tornado(defines(precision, g)));
        }
        String path = openClPath();
        return (taskId, entry, args) -> path;
    }

    /** The OpenCL program file (written on first use). */
    static synchronized String openClPath() {
        if (openClFile == null) {
            openClFile = temporary("barron-tornado-", ".cl", KernelSource.program(ENTRIES));
        }
        return openClFile.toString();
    }

    /** The -D definitions of the program, the same for OpenCL and PTX: every driver's (KernelConstants) and TornadoVM's two. */
    static List<String> defines(Precision precision, KernelGeometry g) {
        List<String> d = new ArrayList<>(List.of("BARRON_TORNADO",
                "BARRON_ARRAY_HEADER=" + TornadoNativeArray.ARRAY_HEADER));
        d.addAll(KernelConstants.defines(precision, g));
        return d;
    }

    /**
     * OpenCL build options. They replace TornadoVM's defaults, which include -cl-fast-relaxed-math:
     * that would cost the float64 results their last digits (and the 1e-12 agreement with the CPU).
     */
    static String buildOptions(Precision precision, KernelGeometry g) {
        return "-cl-std=CL1.2" + KernelConstants.options(defines(precision, g));
    }

    /** Per-task PTX files of one plan, in a temporary directory removed when the JVM exits. */
    private static final class PtxFiles implements KernelFiles {

        private final PtxModule module;
        private Path dir;

        PtxFiles(PtxModule module) {
            this.module = module;
        }

        @Override
        public synchronized String fileFor(String taskId, String entry, Object[] args) {
            String name = TornadoKernelName.of(taskId, entry, Arrays.asList(args));
            try {
                if (dir == null) {
                    dir = Files.createTempDirectory("barron-tornado-ptx-");
                    dir.toFile().deleteOnExit();
                }
                // the task id is unique in a plan and short; the kernel name may pass a file name's 255 bytes
                Path file = dir.resolve(taskId.replaceAll("[^A-Za-z0-9_]", "_") + ".ptx");
                Files.writeString(file, module.withOnly(entry, name), StandardCharsets.UTF_8);
                file.toFile().deleteOnExit();
                return file.toString();
            } catch (IOException e) {
                throw new BackendException("tornado: cannot write the PTX of task " + taskId + ": " + e.getMessage(),
                        e);
            }
        }
    }

    private static Path temporary(String prefix, String suffix, String text) {
        try {
            Path p = Files.createTempFile(prefix, suffix);
            Files.writeString(p, text, StandardCharsets.UTF_8);
            p.toFile().deleteOnExit();
            return p;
        } catch (IOException e) {
            throw new BackendException("tornado: cannot write the kernel program to a temporary file", e);
        }
    }
}
