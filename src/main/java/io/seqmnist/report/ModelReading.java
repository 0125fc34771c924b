package io.seqmnist.report;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.ParameterStore;
import io.seqmnist.data.Mnist;
import io.seqmnist.data.SequenceBatches;
import io.seqmnist.model.RowByRow;
import io.seqmnist.train.TrainConfig;

/**
 * How a trained model reads the test set (Question 1 item 14): its final predictions, and the accuracy it would reach
 * if it had to answer after only the first t rows, t = 1..28.
 */
public record ModelReading(
        int[] predicted, int[][] confusion, double[] accuracyAfterRow, float[][][] probabilities, int[] probedImages) {

    /** Reads the whole test split; {@code probe} lists test images whose row-by-row class probabilities are kept. */
    public static ModelReading of(Model model, Mnist.Split test, int[] probe) {
        int n = test.size();
        int rows = Mnist.SEQUENCE_LENGTH;
        int[] predicted = new int[n];
        long[] correctAfterRow = new long[rows];
        float[][][] probabilities = new float[probe.length][][];
        try (NDManager manager = model.getNDManager().newSubManager()) {
            ParameterStore parameters = new ParameterStore(manager, false);
            int batch = TrainConfig.EVAL_BATCH_SIZE;
            for (int from = 0; from < n; from += batch) {
                int to = Math.min(n, from + batch);
                try (NDManager step = manager.newSubManager()) {
                    Mnist.Split part = test.slice(from, to);
                    NDArray x = SequenceBatches.images(step, part);
                    NDArray labels = SequenceBatches.labels(step, part);
                    NDArray logits = RowByRow.logits(model.getBlock(), parameters, x);
                    NDArray classes = logits.argMax(2); // (B, 28)
                    long[] hits = classes.eq(labels.expandDims(1))
                            .toType(DataType.INT64, false)
                            .sum(new int[] {0})
                            .toLongArray();
                    for (int t = 0; t < rows; t++) {
                        correctAfterRow[t] += hits[t];
                    }
                    long[] last = classes.get(":, -1").toLongArray();
                    for (int i = 0; i < last.length; i++) {
                        predicted[from + i] = (int) last[i];
                    }
                    for (int p = 0; p < probe.length; p++) {
                        if (probe[p] >= from && probe[p] < to) {
                            NDArray soft = logits.get(probe[p] - from).softmax(1); // (28, 10)
                            probabilities[p] = matrix(soft);
                        }
                    }
                }
            }
        }
        double[] accuracyAfterRow = new double[rows];
        for (int t = 0; t < rows; t++) {
            accuracyAfterRow[t] = (double) correctAfterRow[t] / n;
        }
        int[][] confusion = test.confusion(predicted);
        return new ModelReading(predicted, confusion, accuracyAfterRow, probabilities, probe);
    }

    public double accuracy() {
        return accuracyAfterRow[accuracyAfterRow.length - 1];
    }

    /** A (rows, columns) array as rows of floats. */
    static float[][] matrix(NDArray a) {
        int r = (int) a.getShape().get(0);
        int c = (int) a.getShape().get(1);
        float[] flat = a.toFloatArray();
        float[][] out = new float[r][c];
        for (int i = 0; i < r; i++) {
            System.arraycopy(flat, i * c, out[i], 0, c);
        }
        return out;
    }
}
