package dev.barron.backend.tornado;

import dev.barron.model.Check;

/**
 * Offsets (in reals) of the device-resident buffers inside the one state array of a
 * {@link TornadoState}: the layout of the JOCL driver's separate buffers, laid end to end.
 * u = [W; V] ((m + k) x d, students first), ab = [a; b], us = the rows of u scaled by powers of
 * two with their norms and exponents (kernels/scaling.cl), and the work buffers of every
 * operation; the batch buffers exist for one batch size n (0: none).
 */
final class Layout {

    final int u;
    final int ab;
    final int norms;
    final int us;
    final int exps;
    final int rowLoss;
    final int gradW;
    final int gradA;
    final int gradRowNorms;
    final int rowScale;
    final int gram;
    final int coef;
    final int gramT;
    final int coefT;
    final int wCand;
    final int aCand;
    final int wPrev;
    final int aPrev;
    final int terms;
    final int objTerms;
    final int scratch;
    final int tau;
    final int scalars;
    final int x;
    final int h;
    final int deriv;
    final int residual;
    final int lossParts;
    final int length;
    /** Length of the read-back array: the largest read (angles with norms, parameters, H, scalars). */
    final int outLength;

    private long next;

    Layout(int m, int k, int d, int n) {
        long rows = m + k;
        long md = (long) m * d;
        u = take(rows * d);
        ab = take(rows);
        norms = take(rows);
        us = take(rows * d);
        exps = take(rows);
        rowLoss = take(rows);
        gradW = take(md);
        gradA = take(rows);
        gradRowNorms = take(m);
        rowScale = take(rows);
        gram = take(m * rows);
        coef = take(m * rows);
        gramT = take((long) k * k);
        coefT = take((long) k * k);
        wCand = take(md);
        aCand = take(m);
        wPrev = take(md);
        aPrev = take(m);
        terms = take(m);
        objTerms = take(m);
        scratch = take(Math.max(2 * md, m));
        tau = take(1);
        scalars = take(4);
        x = take((long) n * d);
        h = take((long) n * m);
        deriv = take((long) n * m);
        residual = take(n);
        lossParts = take(n);
        length = (int) next;
        outLength = (int) Math.max(Math.max(m * rows + m, md + m), Math.max((long) n * m, 4));
    }

    private int take(long count) {
        long at = next;
        next += count;
        if (next > Integer.MAX_VALUE - 64) {
            throw Check.bad("problem size", next + " reals on the device",
                    "the tornado backend addresses its state with int offsets: at most 2^31 reals");
        }
        return (int) at;
    }
}
