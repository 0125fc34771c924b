package io.seqmnist.experiment;

/**
 * The gradient flow after one epoch, as gradient-flow.csv holds it: per step t = 1..T (index t - 1), the mean over the
 * measured images of ||dL/dh_t|| and, for an LSTM, of ||dL/dc_t|| (null otherwise). See model.GradientFlow.
 */
public record EpochGradientFlow(int epoch, double[] gradH, double[] gradC) {

    /** ||dL/dh_1|| / ||dL/dh_T||: above 1, the gradient reaching the first row is larger than at the last one. */
    public double firstToLast() {
        return gradH[0] / gradH[gradH.length - 1];
    }
}
