package dev.barron.backend.opencl;

import dev.barron.backend.BackendException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * The kernel sources on the classpath (kernels/, packaged from the top-level kernels/ directory),
 * in dependency order: the portability header first, helpers before their users. The OpenCL
 * program is their concatenation; the CUDA check includes the same files in the same order, and
 * the TornadoVM driver appends its entry points to the same program.
 */
public final class KernelSource {

    static final String HEADER = "barron_portability.h";

    /** Every .cl file, helpers first. */
    static final List<String> FILES = List.of(
            "reduce.cl", "scaling.cl", "activation.cl", "stable_angle.cl", "gaussian_kernel.cl", "matmul.cl",
            "gram.cl", "forward.cl", "empirical.cl", "population.cl", "angles.cl", "update.cl", "pathnorm.cl", "prox.cl",
            "projection.cl", "ensemble_steps.cl", "ensemble.cl");

    /**
     * Files the program holds once per entry, each copy after its own definitions:
     * ensemble_steps.cl on local memory (ENS(name) = name_local) and on global memory.
     */
    static final Map<String, List<String>> TEMPLATES = Map.of("ensemble_steps.cl", List.of(
            "#define ENS_SPACE LOCAL_PTR\n#define ENS(name) name##_local\n",
            "#define ENS_SPACE GLOBAL\n#define ENS(name) name##_global\n"));

    /** TornadoVM's entry points, which the TornadoVM driver appends to the program (OpenCL and PTX). */
    public static final List<String> TORNADO_ENTRIES = List.of("tornado_entries.cl");

    private KernelSource() {
    }

    /** The whole program source. */
    static String program() {
        return program(List.of());
    }

    /** The whole program source followed by further kernels/ files (another driver's entry points). */
    public static String program(List<String> extraFiles) {
        StringBuilder sb = new StringBuilder();
        sb.append(read(HEADER)).append('\n');
        for (String f : FILES) {
            for (String definitions : TEMPLATES.getOrDefault(f, List.of(""))) {
                sb.append("/* ---- ").append(f).append(" ---- */\n").append(definitions).append(read(f)).append('\n');
            }
        }
        for (String f : extraFiles) {
            sb.append("/* ---- ").append(f).append(" ---- */\n").append(read(f)).append('\n');
        }
        return sb.toString();
    }

    static String read(String file) {
        String path = "/kernels/" + file;
        try (InputStream in = KernelSource.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new BackendException("opencl: kernel source " + path + " is missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new BackendException("opencl: cannot read kernel source " + path, e);
        }
    }
}
