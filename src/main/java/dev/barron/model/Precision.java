package dev.barron.model;

/** Floating-point precision a backend computes and stores in. */
public enum Precision implements Labelled {
    F64("f64", 8),
    F32("f32", 4);

    private final String label;
    private final int bytes;

    Precision(String label, int bytes) {
        this.label = label;
        this.bytes = bytes;
    }

    @Override
    public String label() {
        return label;
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
