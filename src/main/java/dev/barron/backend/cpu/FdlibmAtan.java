package dev.barron.backend.cpu;

/**
 * atan2 bit for bit equal to {@link StrictMath#atan2}, in Java.
 *
 * <p>Why: on JDK 17 Math.atan2 is StrictMath.atan2, a JNI call into the JDK's fdlibm that
 * costs 35-40 ns, most of it call overhead, and the student-student angles make m^2/2 of
 * them per evaluation. This is a transcription of fdlibm 5.3's e_atan2.c and s_atan.c (the
 * algorithm StrictMath specifies, so every result is identical, not an approximation) for the
 * arguments the backend passes: y &gt; 0 and x finite. Anything else goes to StrictMath.
 * FdlibmAtanTest compares it with StrictMath bit for bit.
 *
 * <p>fdlibm: Copyright (C) 1993 by Sun Microsystems, Inc. All rights reserved. Developed at
 * SunPro, a Sun Microsystems, Inc. business. Permission to use, copy, modify, and distribute
 * this software is freely granted, provided that this notice is preserved.
 */
final class FdlibmAtan {

    static final double[] ATAN_HI = {
        4.63647609000806093515e-01, // atan(0.5) hi
        7.85398163397448278999e-01, // atan(1.0) hi
        9.82793723247329054082e-01, // atan(1.5) hi
        1.57079632679489655800e+00, // atan(inf) hi
    };
    static final double[] ATAN_LO = {
        2.26987774529616870924e-17,
        3.06161699786838301793e-17,
        1.39033110312309984516e-17,
        6.12323399573676603587e-17,
    };
    static final double AT0 = 3.33333333333329318027e-01;
    static final double AT1 = -1.99999999998764832476e-01;
    static final double AT2 = 1.42857142725034663711e-01;
    static final double AT3 = -1.11111104054623557880e-01;
    static final double AT4 = 9.09088713343650656196e-02;
    static final double AT5 = -7.69187620504482999495e-02;
    static final double AT6 = 6.66107313738753120669e-02;
    static final double AT7 = -5.83357013379057348645e-02;
    static final double AT8 = 4.97687799461593236017e-02;
    static final double AT9 = -3.65315727442169155270e-02;
    static final double AT10 = 1.62858201153657823623e-02;

    private static final double PI_O_2 = 1.5707963267948965580E+00;
    static final double PI = 3.1415926535897931160E+00;
    static final double PI_LO = 1.2246467991473531772E-16;

    private FdlibmAtan() {
    }

    /** StrictMath.atan2(y, x), computed here for y &gt; 0 finite and x finite and non-zero. */
    static double atan2(double y, double x) {
        if (!(y > 0) || y == Double.POSITIVE_INFINITY || !Double.isFinite(x) || x == 0 || x == 1.0) {
            return StrictMath.atan2(y, x);
        }
        int ix = (int) (Double.doubleToRawLongBits(x) >>> 32) & 0x7fffffff;
        int iy = (int) (Double.doubleToRawLongBits(y) >>> 32) & 0x7fffffff;
        int k = (iy - ix) >> 20;
        double z;
        if (k > 60) {
            z = PI_O_2 + 0.5 * PI_LO; // |y/x| > 2^60
        } else if (x < 0 && k < -60) {
            z = 0.0; // |y|/x < -2^60
        } else {
            z = atan(Math.abs(y / x));
        }
        return x > 0 ? z : PI - (z - PI_LO);
    }

    /** fdlibm's atan for a finite, non-negative argument (the only ones atan2 gives it here). */
    private static double atan(double x) {
        int ix = (int) (Double.doubleToRawLongBits(x) >>> 32) & 0x7fffffff;
        if (ix >= 0x44100000) { // |x| >= 2^66
            return ATAN_HI[3] + ATAN_LO[3];
        }
        int id;
        if (ix < 0x3fdc0000) { // |x| < 0.4375
            if (ix < 0x3e200000) { // |x| < 2^-29
                return x;
            }
            id = -1;
        } else if (ix < 0x3ff30000) { // |x| < 1.1875
            if (ix < 0x3fe60000) { // 7/16 <= |x| < 11/16
                id = 0;
                x = (2.0 * x - 1.0) / (2.0 + x);
            } else { // 11/16 <= |x| < 19/16
                id = 1;
                x = (x - 1.0) / (x + 1.0);
            }
        } else if (ix < 0x40038000) { // |x| < 2.4375
            id = 2;
            x = (x - 1.5) / (1.0 + 1.5 * x);
        } else { // 2.4375 <= |x| < 2^66
            id = 3;
            x = -1.0 / x;
        }
        double z = x * x;
        double w = z * z;
        // the sum of AT_i z^(i+1), i = 0..10, split into its odd and even parts as fdlibm does
        double s1 = z * (AT0 + w * (AT2 + w * (AT4 + w * (AT6 + w * (AT8 + w * AT10)))));
        double s2 = w * (AT1 + w * (AT3 + w * (AT5 + w * (AT7 + w * AT9))));
        if (id < 0) {
            return x - x * (s1 + s2);
        }
        return ATAN_HI[id] - ((x * (s1 + s2) - ATAN_LO[id]) - x);
    }
}
