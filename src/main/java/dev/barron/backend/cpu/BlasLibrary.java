package dev.barron.backend.cpu;

import dev.barron.math.LapackEigenvalues;
import dev.barron.model.Check;
import dev.ludovic.netlib.blas.JavaBLAS;
import dev.ludovic.netlib.blas.NativeBLAS;

import java.lang.reflect.Method;
import java.util.Locale;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Which BLAS the CPU backend multiplies with, chosen once per JVM.
 *
 * <p>The choice comes from the system property {@code barron.blas}, else the environment
 * variable {@code BARRON_BLAS}: {@code auto} (the default) or {@code bundled} take the OpenBLAS
 * inside the jar; {@code system} takes the system's libblas.so.3 through netlib's JNI wrapper
 * (Debian: libopenblas0); {@code java} takes netlib's Java kernels (Vector API when the JVM has
 * {@code --add-modules=jdk.incubator.vector}). When the library asked for cannot be loaded
 * the next one in bundled, system, java order is used and {@link #note()} says what and why,
 * in one line; a choice that was honoured has no note. The same line says so when the bundled
 * LAPACK cannot be used ({@link LapackEigenvalues#blockedBy()}: a libopenblas.so.0 without
 * LAPACKE came first, as the system's libblas.so.3 brings on Debian and Ubuntu), where
 * eigenvalues are computed by the Jacobi method instead.
 *
 * <p>netlib reports a missing native library through java.util.logging, two timestamped
 * lines on every start; its loggers are silenced here because the note says the same once.
 */
public final class BlasLibrary {

    /** The choices, in fallback order. */
    public enum Kind { BUNDLED, SYSTEM, JAVA }

    // Held strongly: java.util.logging keeps loggers weakly, and a collected one loses its level.
    private static final Logger NETLIB_LOG = Logger.getLogger("dev.ludovic.netlib");

    private static volatile BlasLibrary instance;

    private final Blas blas;
    private final Kind kind;
    private final String note;

    private BlasLibrary(Blas blas, Kind kind, String note) {
        this.blas = blas;
        this.kind = kind;
        this.note = note;
    }

    /** The library of this JVM, loaded on first use. */
    public static BlasLibrary get() {
        BlasLibrary b = instance;
        if (b == null) {
            synchronized (BlasLibrary.class) {
                b = instance;
                if (b == null) {
                    b = choose(requested());
                    instance = b;
                }
            }
        }
        return b;
    }

    /** The kind asked for by barron.blas / BARRON_BLAS; an unknown value is a one-line error. */
    static Kind requested() {
        String source = "barron.blas";
        String value = System.getProperty(source);
        if (value == null || value.isBlank()) {
            source = "BARRON_BLAS";
            value = System.getenv(source);
        }
        if (value == null || value.isBlank() || value.equalsIgnoreCase("auto")) {
            return Kind.BUNDLED;
        }
        try {
            return Kind.valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw Check.bad(source, value, "allowed: auto, bundled, system, java");
        }
    }

    static BlasLibrary choose(Kind wanted) {
        BlasLibrary b = chooseBlas(wanted);
        String lapack = LapackEigenvalues.blockedBy();
        if (lapack == null) {
            return b;
        }
        String note = "LAPACK: eigenvalues by the Jacobi method, since " + lapack
                + " (a libopenblas.so.0 without LAPACKE) was loaded before the bundled OpenBLAS";
        return new BlasLibrary(b.blas, b.kind, b.note == null ? "note: " + note : b.note + "; " + note);
    }

    private static BlasLibrary chooseBlas(Kind wanted) {
        NETLIB_LOG.setLevel(Level.OFF);
        StringBuilder why = new StringBuilder();
        if (wanted == Kind.BUNDLED) {
            try {
                return new BlasLibrary(BundledOpenBlas.load(BlasLibrary::javaBlas), Kind.BUNDLED, null);
            } catch (LinkageError | RuntimeException e) {
                why.append("the bundled OpenBLAS did not load (").append(firstLine(e)).append(")");
            }
        }
        if (wanted != Kind.JAVA) {
            Blas system = systemBlas();
            if (system != null) {
                return new BlasLibrary(system, Kind.SYSTEM, why.length() == 0 ? null
                        : "note: BLAS: using the system's libblas.so.3, since " + why);
            }
            if (why.length() > 0) {
                why.append(" and ");
            }
            why.append("no system libblas.so.3 could be loaded");
        }
        return new BlasLibrary(javaBlas(), Kind.JAVA, wanted == Kind.JAVA ? null
                : "note: BLAS: using netlib's Java kernels (slow for large products), since " + why);
    }

    /** The classes netlib's InstanceBuilder picks its Java kernels from, in its order. */
    private static final String[] JAVA_KERNELS = {"VectorBLAS", "Java11BLAS", "Java8BLAS"};

    /**
     * netlib's Java kernels, taken by class name, not by JavaBLAS.getInstance(): that initialises
     * netlib's InstanceBuilder, which also loads the system's libblas.so.3 through JNI, wanted or
     * not. On Debian and Ubuntu that is libopenblas0's, whose libopenblas.so.0 (no LAPACKE),
     * loaded before the bundled one, is then what the bundled LAPACK is bound to (see
     * {@link LapackEigenvalues#blockedBy()}). The classes are not public, hence the reflection;
     * JavaBLAS.getInstance() stays the last resort.
     */
    private static Blas javaBlas() {
        JavaBLAS b = null;
        for (int i = 0; i < JAVA_KERNELS.length && b == null; i++) {
            try {
                Method get = Class.forName("dev.ludovic.netlib.blas." + JAVA_KERNELS[i]).getMethod("getInstance");
                get.setAccessible(true);
                b = (JavaBLAS) get.invoke(null);
            } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
                // VectorBLAS needs --add-modules=jdk.incubator.vector: the next one
            }
        }
        if (b == null) {
            b = JavaBLAS.getInstance();
        }
        return new NetlibBlas(b, "netlib " + b.getClass().getSimpleName() + " (Java)");
    }

    private static Blas systemBlas() {
        try {
            NativeBLAS b = NativeBLAS.getInstance();
            return b == null ? null : new NetlibBlas(b, "system libblas.so.3 (netlib JNIBLAS)");
        } catch (LinkageError | RuntimeException e) {
            return null;
        }
    }

    private static String firstLine(Throwable e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }

    Blas blas() {
        return blas;
    }

    public Kind kind() {
        return kind;
    }

    /** A one-line "note: ..." when the library in use is not the one asked for, else null. */
    public String note() {
        return note;
    }

    /** What reports record: the library and, for OpenBLAS, the core type forced by the environment. */
    public String describe() {
        String core = System.getenv("OPENBLAS_CORETYPE");
        return blas.name() + (kind != Kind.JAVA && core != null ? ", OPENBLAS_CORETYPE=" + core : "");
    }
}
