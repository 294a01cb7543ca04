package dev.barron.model;

/** Floating-point precision a backend computes and stores in. */
public enum Precision implements Labelled {
    F64(8),
    F32(4);

    private final int bytes;

    Precision(int bytes) {
        this.bytes = bytes;
    }

    public int bytes() {
        return bytes;
    }

    /** Rounds a double to what this precision can store. */
    public double round(double x) {
        return this == F64 ? x : (double) (float) x;
    }

    /** Unit roundoff, for tolerances. */
    public double epsilon() {
        return this == F64 ? 0x1.0p-53 : 0x1.0p-24;
    }

    public static Precision parse(String text) {
        return Labelled.parse(Precision.class, "precision", text);
    }
}
