package dev.barron.backend.program;

/**
 * The work-group shapes the kernels are built for on one device, chosen once here for every
 * driver from the device's largest work-group: square tiles of the matrix products, the
 * row-reduction group and the single-group reduction. At most 256 work-items a group, which
 * every kernel can launch on a CUDA GPU (255 registers a thread fit 256 threads in a 64K
 * register file), so TornadoVM's PTX backend, which shrinks a block that exceeds the kernel's
 * occupancy-optimal size, keeps the sizes the kernels assume.
 *
 * @param tile   edge of the square work-groups of the matrix products (BARRON_TILE)
 * @param group  work-group size of the per-row reductions (BARRON_GROUP)
 * @param reduce work-group size of the single-group reductions (BARRON_REDUCE)
 */
public record KernelGeometry(int tile, int group, int reduce) {

    /** The shapes for a device whose work-groups hold at most maxGroup work-items. */
    public static KernelGeometry forMaxWorkGroup(long maxGroup) {
        int tile = maxGroup >= 256 ? 16 : 8;
        int reduce = (int) Math.min(256, Integer.highestOneBit((int) Math.min(maxGroup, 1 << 20)));
        int group = Math.min(64, reduce);
        return new KernelGeometry(tile, group, reduce);
    }
}
