package io.seqmnist.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import ai.djl.training.dataset.ArrayDataset;
import io.seqmnist.model.Predictions;

/**
 * Question 1 item 10: compares the network's output at the last time step with the true labels of a mini-batch. The
 * class of each image is the index of its largest output. Also over a whole split, the block run in order without
 * gradients ({@link Predictions}).
 */
public final class Accuracy {

    private Accuracy() {}

    /**
     * How many of the batch's images are classified correctly. Read back as plain numbers (two copies of 64 x 10 and 64
     * values) and compared here: cheaper on every training step than four engine calls and their temporaries.
     */
    public static long correct(NDArray lastStepOutputs, NDArray labels) {
        int classes = Math.toIntExact(lastStepOutputs.getShape().get(1));
        float[] outputs = floats(lastStepOutputs);
        long[] truth = longs(labels);
        long correct = 0;
        for (int i = 0; i < truth.length; i++) {
            if (largest(outputs, i * classes, classes) == truth[i]) {
                correct++;
            }
        }
        return correct;
    }

    /**
     * The index of the largest of {@code n} values from {@code from}; the first on ties, NaN as largest (as argmax).
     */
    private static int largest(float[] values, int from, int n) {
        int best = 0;
        for (int c = 0; c < n; c++) {
            float v = values[from + c];
            if (Float.isNaN(v)) {
                return c;
            }
            if (v > values[from + best]) {
                best = c;
            }
        }
        return best;
    }

    private static float[] floats(NDArray array) {
        if (array.getDataType() == DataType.FLOAT32) {
            return array.toFloatArray();
        }
        try (NDArray converted = array.toType(DataType.FLOAT32, true)) {
            return converted.toFloatArray();
        }
    }

    private static long[] longs(NDArray array) {
        if (array.getDataType() == DataType.INT64) {
            return array.toLongArray();
        }
        try (NDArray converted = array.toType(DataType.INT64, true)) {
            return converted.toLongArray();
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

    /** Fraction of the dataset classified correctly. */
    public static double of(Block block, NDManager manager, ArrayDataset dataset, byte[] labels) {
        int[] predicted = Predictions.classes(block, manager, dataset);
        long correct = 0;
        for (int i = 0; i < predicted.length; i++) {
            if (predicted[i] == labels[i]) {
                correct++;
            }
        }
        return (double) correct / predicted.length;
    }
}
