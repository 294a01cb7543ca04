package dev.barron.train;

import dev.barron.model.Check;
import org.apache.commons.math3.stat.regression.SimpleRegression;

import java.util.ArrayList;
import java.util.List;

/**
 * The three phases of teacher-student training (docs/MATH.md section 7.2), read off the logged rows
 * after the run (so a resumed run finds the same phases), and the convergence rate of the last.
 *
 * <ul>
 *   <li>alignment end: the first logged step from which every contributing student stays within
 *       alignAngle of some teacher ({@link MetricsRow#alignAngleMax()});</li>
 *   <li>norm-growth end: the first logged step, not before alignment end, from which the path
 *       norm stays within normTolerance (relative) of its final value;</li>
 *   <li>local phase: from norm-growth end to the last step. Over it, two least-squares fits:
 *       log loss = c + p log t (power law, p is the rate exponent: -3 for the T^-3 tail) and
 *       log loss = c + r t (linear convergence: r is the log-loss slope per step). The better
 *       fit (higher R^2) says which kind of convergence the run shows.</li>
 * </ul>
 * Losses at the rounding floor (below lossFloor) carry no rate information and are left out.
 *
 * @param alignmentEnd   step, or -1 if alignment was not reached
 * @param normGrowthEnd  step, or -1
 * @param localStart     first step of the fit window, or -1
 * @param rateExponent   fitted p (NaN when fewer than 4 points)
 * @param powerR2        R^2 of the power-law fit
 * @param linearRate     fitted r, per step
 * @param linearR2       R^2 of the linear-convergence fit
 * @param fitPoints      points used
 */
public record Phases(long alignmentEnd, long normGrowthEnd, long localStart, double rateExponent, double powerR2,
                     double linearRate, double linearR2, int fitPoints) {

    /** Thresholds of the phase rules. */
    public record Rules(double alignAngle, double normTolerance, double lossFloor) {
        public Rules {
            Check.positive("align-angle", alignAngle);
            Check.positive("norm-tolerance", normTolerance);
            Check.nonNegative("loss-floor", lossFloor);
        }

        public static Rules standard() {
            return new Rules(0.1, 0.05, 1e-13);
        }
    }

    public static Phases of(List<MetricsRow> rows, Rules rules) {
        int n = rows.size();
        if (n == 0) {
            return new Phases(-1, -1, -1, Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0);
        }
        int align = firstFromWhichAlways(rows, 0, r -> r.alignAngleMax() <= rules.alignAngle());
        double finalNorm = rows.get(n - 1).pathNormL1();
        int growth = align < 0 ? -1 : firstFromWhichAlways(rows, align,
                r -> Math.abs(r.pathNormL1() - finalNorm) <= rules.normTolerance() * Math.abs(finalNorm));
        if (growth < 0) {
            return new Phases(stepAt(rows, align), -1, -1, Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0);
        }
        List<double[]> pts = new ArrayList<>();
        for (int i = growth; i < n; i++) {
            MetricsRow r = rows.get(i);
            if (r.step() > 0 && r.loss() > rules.lossFloor()) {
                pts.add(new double[]{r.step(), Math.log(r.loss())});
            }
        }
        long local = stepAt(rows, growth);
        if (pts.size() < 4) {
            return new Phases(stepAt(rows, align), local, local, Double.NaN, Double.NaN, Double.NaN, Double.NaN, pts.size());
        }
        double[] power = fit(pts, true);
        double[] linear = fit(pts, false);
        return new Phases(stepAt(rows, align), local, local, power[0], power[1], linear[0], linear[1], pts.size());
    }

    /** Whether the loss decays like a power law (true) or linearly (false) over the local phase. */
    public boolean powerLaw() {
        return powerR2 >= linearR2;
    }

    private static long stepAt(List<MetricsRow> rows, int index) {
        return index < 0 ? -1 : rows.get(index).step();
    }

    private static int firstFromWhichAlways(List<MetricsRow> rows, int from, java.util.function.Predicate<MetricsRow> ok) {
        int first = -1;
        for (int i = rows.size() - 1; i >= from; i--) {
            if (!ok.test(rows.get(i))) {
                break;
            }
            first = i;
        }
        return first;
    }

    /** Least squares y = c + slope * x (x = log step when logX); returns {slope, R^2}. */
    static double[] fit(List<double[]> pts, boolean logX) {
        SimpleRegression r = new SimpleRegression();
        for (double[] p : pts) {
            r.addData(logX ? Math.log(p[0]) : p[0], p[1]);
        }
        // a flat log loss is fitted perfectly (commons-math3 says NaN there)
        return new double[]{r.getSlope(), r.getTotalSumSquares() == 0 ? 1 : r.getRSquare()};
    }
}
