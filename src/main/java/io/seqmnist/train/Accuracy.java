package io.seqmnist.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;

/**
 * Question 1 item 10: compares the network's output at the last time step with the true labels
 * of a mini-batch. The class of each image is the index of its largest output.
 */
public final class Accuracy {

    private Accuracy() {}

    /** How many of the batch's images are classified correctly. */
    public static long correct(NDArray lastStepOutputs, NDArray labels) {
        try (NDArray predicted = lastStepOutputs.argMax(1);
                NDArray hits = predicted.eq(labels.toType(DataType.INT64, false))) {
            return hits.countNonzero().getLong();
        }
    }

    /** Fraction of the mini-batch classified correctly, in [0, 1]. */
    public static double of(NDArray lastStepOutputs, NDArray labels) {
        return (double) correct(lastStepOutputs, labels) / labels.getShape().get(0);
    }

    /** The average error over the mini-batch: the fraction misclassified. */
    public static double error(NDArray lastStepOutputs, NDArray labels) {
        return 1 - of(lastStepOutputs, labels);
    }
}
