package dev.barron;

import dev.barron.backend.Backend;
import dev.barron.backend.BackendException;
import dev.barron.backend.BackendOptions;
import dev.barron.backend.BackendProvider;
import dev.barron.backend.Backends;
import dev.barron.backend.ProblemSize;
import dev.barron.io.WeightFiles;
import dev.barron.model.Activation;
import dev.barron.model.Matrix;
import dev.barron.model.Network;
import dev.barron.model.Precision;
import dev.barron.model.Scaling;
import dev.barron.model.Teacher;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The library runs on its required dependencies alone: what the POM marks optional (JOCL,
 * picocli, Jackson, JFreeChart) is what a Maven user of the artifact does not get, so a JVM
 * whose class path lacks those jars must still compute, read and write weights, and report
 * the opencl backend as unavailable rather than fail with a NoClassDefFoundError.
 */
class LibraryDependenciesTest {

    /** Path fragments of the optional dependencies' jars in a Maven repository. */
    static final List<String> OPTIONAL = List.of("/org/jocl/", "/info/picocli/", "/com/fasterxml/", "/org/yaml/", "/org/jfree/");

    /** Runs in a JVM without the optional jars; prints one line per check. */
    public static void main(String[] args) throws Exception {
        for (String pkg : List.of("org.jocl.CL", "picocli.CommandLine", "com.fasterxml.jackson.databind.ObjectMapper",
                "org.jfree.chart.JFreeChart")) {
            try {
                Class.forName(pkg);
                throw new AssertionError(pkg + " is on the class path");
            } catch (ClassNotFoundException expected) {
                // the point of the exercise
            }
        }
        Network student = new Network(Matrix.of(new double[]{1, 0.2}, new double[]{0.1, 1}), new double[]{1, 1},
                Scaling.PLAIN, Activation.RELU);
        Teacher teacher = new Teacher(Matrix.of(new double[]{1, 0}), new double[]{1});
        try (Backend b = Backends.open("auto", BackendOptions.defaults(), new ProblemSize(2, 1, 2, 0), System.err::println)) {
            System.out.println("loss " + b.populationLossAndGradient(student, teacher).loss());
        }
        Path npy = Files.createTempFile("barron-lib", ".npy");
        WeightFiles.write(npy, student.w(), Precision.F64);
        System.out.println("read " + WeightFiles.readMatrix(npy, "W").rows());
        Files.delete(npy);
        BackendProvider opencl = Backends.provider("opencl");
        System.out.println("opencl " + opencl.unavailableReason() + " devices " + opencl.devices().size());
        try (Backend b = Backends.open("opencl", BackendOptions.defaults(), new ProblemSize(2, 1, 2, 0), s -> { })) {
            throw new AssertionError("opencl opened without JOCL");
        } catch (BackendException e) {
            System.out.println("refused " + e.getMessage());
        }
    }

    @Test
    void theLibraryRunsWithoutItsOptionalDependencies() throws Exception {
        List<String> all = Arrays.asList(System.getProperty("java.class.path").split(File.pathSeparator));
        List<String> required = all.stream()
                .filter(e -> OPTIONAL.stream().noneMatch(o -> e.replace(File.separatorChar, '/').contains(o)))
                .collect(Collectors.toList());
        assertTrue(required.size() < all.size(), "the test class path holds the optional jars: " + all);
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(java.toString(), "-cp", String.join(File.pathSeparator, required),
                LibraryDependenciesTest.class.getName()).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out + err);
        assertFalse(err.contains("NoClassDefFoundError") || out.contains("NoClassDefFoundError"), err);
        assertTrue(out.contains("read 2"), out);
        assertTrue(out.contains("opencl JOCL is not on the class path; add the dependency org.jocl:jocl"
                + " to use the opencl backend devices 0"), out);
        assertTrue(out.contains("refused backend opencl is not available: JOCL is not on the class path"), out);
    }
}
