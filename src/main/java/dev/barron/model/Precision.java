package dev.barron.model;

/** Floating-point precision a backend computes and stores in. */
public enum Precision {
    F64("f64", 8),
    F32("f32", 4);

    private final String label;
    private final int bytes;

    Precision(String label, int bytes) {
        this.label = label;
        this.bytes = bytes;
    }

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
        for (Precision p : values()) {
            if (p.label.equalsIgnoreCase(text) || p.name().equalsIgnoreCase(text)) {
                return p;
            }
        }
        throw Check.bad("precision", text, "allowed: f64, f32");
    }
}
