package dev.barron.backend.program;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The work-group of one device run ({@link EnsembleHost#groupSize}, {@link EnsembleHost#runGroup}):
 * a power of two within every limit, as wide as the run's pairs fill on a GPU.
 */
class EnsembleGroupSizeTest {

    @Test
    void theSmallestPowerOfTwoCoveringThePairsAndTheGradientEntries() {
        assertEquals(256, EnsembleHost.groupSize(9, 3, 20, 1024), "180 gradient entries, 108 pairs");
        assertEquals(32, EnsembleHost.groupSize(4, 3, 5, 1024), "28 pairs");
        assertEquals(EnsembleHost.maxGroup(), EnsembleHost.groupSize(20, 20, 20, 1 << 20), "800 pairs, capped");
    }

    /**
     * On a GPU a run's step takes as wide a group as its pairs fill (256 at m = k = d = 20 by
     * default): the element-wise kernels' group of 64 is no limit of the ensemble kernel.
     */
    @Test
    void aGpuRunTakesTheWidestGroupItsPairsFill() {
        assertEquals(256, EnsembleHost.runGroup(20, 20, 20, true, 1024, 64), "800 pairs, 400 gradient entries");
        assertEquals(256, EnsembleHost.runGroup(9, 3, 20, true, 1024, 64), "180 gradient entries");
        assertEquals(128, EnsembleHost.runGroup(6, 6, 6, true, 1024, 64), "72 pairs");
        assertEquals(128, EnsembleHost.runGroup(20, 20, 20, true, 192, 64), "within the kernel's limit");
    }

    @Test
    void aCpuDeviceKeepsTheElementWiseGroup() {
        assertEquals(64, EnsembleHost.runGroup(20, 20, 20, false, 4096, 64));
        assertEquals(32, EnsembleHost.runGroup(4, 3, 5, false, 4096, 64), "28 pairs");
    }

    /** A kernel's limit need not be a power of two (registers): the group stays within it. */
    @Test
    void neverWiderThanTheDevicesOrTheKernelsLimit() {
        for (long limit : new long[]{1, 3, 96, 256, 640, 1000}) {
            for (int[] s : new int[][]{{20, 20, 20}, {64, 8, 64}, {9, 3, 20}, {2, 1, 1}}) {
                int g = EnsembleHost.groupSize(s[0], s[1], s[2], limit);
                assertTrue(g <= limit && Integer.bitCount(g) == 1, "group " + g + " for limit " + limit);
                assertTrue(2L * g > Math.min(limit, EnsembleHost.maxGroup()) || g >= (long) s[0] * (s[1] + s[0]) && g >= (long) s[0] * s[2],
                        "group " + g + " is the widest useful one under limit " + limit);
            }
        }
    }
}
