package dev.barron.backend.tornado.conventions;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * TornadoKernelName against names TornadoVM 5.2.1 produced: the entry of its own prebuilt PTX
 * example (tornado-assembly/src/examples/generated/add.ptx, task "s0.t0", three IntArrays) and
 * the rules of PTXCodeUtil.buildKernelName for scalars and task ids.
 */
class TornadoKernelNameTest {

    @Test
    void tornadoVmsOwnExample() {
        // PTXCodeUtil turns uk.ac.manchester.tornado.api.types.arrays.IntArray into "arrays_intarray"
        String intArray = "uk.ac.manchester.tornado.api.types.arrays.IntArray";
        String token = TornadoKernelName.arrayToken(intArray);
        assertEquals("s0_t0_add_arrays_intarray_arrays_intarray_arrays_intarray",
                TornadoKernelName.ofTokens("s0.t0", "add", List.of(token, token, token)));
    }

    @Test
    void scalarsLoseTheirSignAndDots() {
        assertEquals("g_t_k_5_4607182418800017408_4620693217682128896_0_5",
                TornadoKernelName.of("g.t", "k", List.of(5L, Double.doubleToRawLongBits(1.0), -4620693217682128896L,
                        0.5)));
    }

    @Test
    void taskIdsAreSanitisedAndLowerCased() {
        assertEquals("_3barron_readgradient0_t_tornado_gather2",
                TornadoKernelName.of("3barron.readGradient0.t", "tornado_gather2", List.of()));
    }

    @Test
    void rejectsWhatTornadoVmWouldNameOtherwise() {
        assertThrows(IllegalArgumentException.class, () -> TornadoKernelName.of("g.t", "k", List.of(new int[1])));
        assertThrows(IllegalArgumentException.class, () -> TornadoKernelName.of("", "k", List.of()));
    }

    @Test
    void arraysAreNamedByTheirClass() {
        assertEquals("g_t_k_java_lang_stringbuilder_7",
                TornadoKernelName.of("g.t", "k", List.of(new StringBuilder(), 7L)));
        assertEquals("g_t_k_java_lang_stringbuilder", TornadoKernelName.of("g.t", "k", List.of(StringBuilder.class)));
    }
}
