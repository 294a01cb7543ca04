package dev.barron.train;

/**
 * The metrics of one logged step.
 *
 * @param step              the step (parameters after step updates)
 * @param loss              the loss (population when a teacher is given, else the batch loss)
 * @param gradNorm          Euclidean norm of the whole gradient (a included when it trains)
 * @param maxNeuronGradNorm max_i |grad_{w_i} L|, the stopping statistic
 * @param pathNormL1        s * sum_i |a_i| |w_i|_1
 * @param minStudentNorm    min_i |w_i|
 * @param maxStudentNorm    max_i |w_i|
 * @param alignAngleMax     max over contributing students of min_j theta_ij (NaN without a teacher);
 *                          a student contributes when |s a_i| |w_i| &gt;= 1% of the largest
 * @param cosBest           max_i cos theta_ij for each teacher j
 */
public record MetricsRow(long step, double loss, double gradNorm, double maxNeuronGradNorm, double pathNormL1,
                         double minStudentNorm, double maxStudentNorm, double alignAngleMax, double[] cosBest) {

    /**
     * A loss as files and reports show it. A loss is a mean of squares, hence &gt;= 0, but the
     * closed-form population loss adds terms of both signs and can end a few ulps below zero
     * (-3.3e-17) once the student has learnt the teacher; such a value is rounding, and is shown
     * as 0. Training itself (stopping rules, phases) uses the computed value; NaN passes through.
     */
    public static double reportedLoss(double loss) {
        return loss < 0 ? 0.0 : loss;
    }
}
