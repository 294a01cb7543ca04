package dev.barron.experiments;

/**
 * One network of a generalisation study: its place in the grid, its seed index and its
 * hyperparameters. index is its position in plan order, the key by which a resumed study skips it.
 */
public record GridNetwork(int index, int seedIndex, int width, double lr, int batch, int n, double initScale,
                          double radius, long steps) {

    /** The axis values as text (in GeneralizationConfig.AXES order), then the seed index. */
    public String[] coordinates() {
        return new String[]{Integer.toString(width), Double.toString(lr), Integer.toString(batch), Integer.toString(n),
                Double.toString(initScale), Double.toString(radius), Long.toString(steps), Integer.toString(seedIndex)};
    }
}
