package dev.barron.backend.opencl;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Which work-group the OpenCL device ensemble launches one run with ({@link ClEnsemble#group}). */
class ClEnsembleGroupTest {

    /**
     * On a GPU a run's step takes as wide a group as its pairs fill (256 at m = k = d = 20 by
     * default): the element-wise kernels' group of 64 is no limit of the ensemble kernel.
     */
    @Test
    void aGpuRunTakesTheWidestGroupItsPairsFill() {
        assertEquals(256, ClEnsemble.group(20, 20, 20, true, 1024, 64), "800 pairs, 400 gradient entries");
        assertEquals(256, ClEnsemble.group(9, 3, 20, true, 1024, 64), "180 gradient entries");
        assertEquals(128, ClEnsemble.group(6, 6, 6, true, 1024, 64), "72 pairs");
        assertEquals(128, ClEnsemble.group(20, 20, 20, true, 192, 64), "within the kernel's limit");
    }

    @Test
    void aCpuDeviceKeepsTheElementWiseGroup() {
        assertEquals(64, ClEnsemble.group(20, 20, 20, false, 4096, 64));
        assertEquals(32, ClEnsemble.group(4, 3, 5, false, 4096, 64), "28 pairs");
    }
}
