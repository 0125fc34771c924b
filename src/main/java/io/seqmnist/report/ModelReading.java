package io.seqmnist.report;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.ParameterStore;
import io.seqmnist.data.Mnist;
import io.seqmnist.data.SequenceBatches;
import io.seqmnist.data.SequenceLayout;
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
        return of(model, test, probe, SequenceLayout.DEFAULT);
    }

    /**
     * Reads the test split as the model was trained to read it ({@code layout}: T steps, permuted or not); the series
     * after each step are then brought to 28 points, each after the step that completes that many rows' worth of pixels
     * ({@link StepSampling}), so that models of every T share the report's charts.
     */
    public static ModelReading of(Model model, Mnist.Split test, int[] probe, SequenceLayout layout) {
        int n = test.size();
        int rows = layout.steps();
        Mnist.Split seen = layout.apply(test);
        int[] predicted = new int[n];
        long[] correctAfterRow = new long[rows];
        float[][][] probabilities = new float[probe.length][][];
        try (NDManager manager = model.getNDManager().newSubManager()) {
            ParameterStore parameters = new ParameterStore(manager, false);
            int batch = TrainConfig.EVAL_BATCH_SIZE;
            for (int from = 0; from < n; from += batch) {
                int to = Math.min(n, from + batch);
                try (NDManager step = manager.newSubManager()) {
                    Mnist.Split part = seen.slice(from, to);
                    NDArray x = SequenceBatches.images(step, part, rows);
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
        int points = Mnist.SEQUENCE_LENGTH;
        for (int p = 0; p < probabilities.length; p++) {
            probabilities[p] = probabilities[p] == null ? null : StepSampling.atPoints(probabilities[p], points);
        }
        return new ModelReading(
                predicted, confusion, StepSampling.atPoints(accuracyAfterRow, points), probabilities, probe);
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
