package dev.barron.backend.program;

/**
 * The launch shape of one kernel, as a function of the sizes only; a driver turns it into
 * global and local sizes with the device's work-group geometry (BARRON_TILE, BARRON_GROUP,
 * BARRON_REDUCE).
 */
public sealed interface Dims {

    /** One work-item per index in [0, n), in groups of BARRON_GROUP (global rounded up). */
    record Items(long n) implements Dims {
    }

    /** One work-group per index in [0, count): BARRON_GROUP items, or BARRON_REDUCE with reduce. */
    record Groups(long count, boolean reduce) implements Dims {
    }

    /** One work-group of {@code local} items per index in [0, count): the device ensemble's runs. */
    record GroupsOf(long count, int local) implements Dims {
    }

    /** Element-wise two-dimensional: one item per (col, row), TILE x TILE groups; dimension 0 covers cols. */
    record Grid(long cols, long rows) implements Dims {
    }

    /**
     * The blocked products of matmul.cl: one TILE x TILE group per (4 TILE) x (4 TILE) block of
     * the result; dimension 0 covers cols, dimension 1 covers rows.
     */
    record Tiles(long cols, long rows) implements Dims {
    }

    /** A single work-item. */
    record Single() implements Dims {
    }

    static Dims items(long n) {
        return new Items(n);
    }

    static Dims groups(long count) {
        return new Groups(count, false);
    }

    /** One group of BARRON_REDUCE items: the single-group reductions. */
    static Dims reduction() {
        return new Groups(1, true);
    }

    static Dims grid(long cols, long rows) {
        return new Grid(cols, rows);
    }

    static Dims tiles(long cols, long rows) {
        return new Tiles(cols, rows);
    }

    static Dims single() {
        return new Single();
    }
}
