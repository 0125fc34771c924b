package io.seqmnist.report;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.seqmnist.data.Mnist;
import io.seqmnist.data.SequenceBatches;
import io.seqmnist.data.SequenceLayout;
import io.seqmnist.model.RecurrentClassifier;
import io.seqmnist.model.UnitInternals;
import io.seqmnist.train.TrainConfig;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Why the gates win (Question 2 item 5, Question 3 item 5): how a trained recurrent unit's gates and hidden state
 * behave over the test set, row by row, recomputed from its own parameters ({@link UnitInternals}).
 *
 * @param gates the unit's gates (none for an Elman RNN)
 * @param gateMeanAfterRow per gate, its mean over the test images and the units after each row
 * @param changeAfterRow per state (h, and c for an LSTM), ||s[t] - s[t-1]|| after each row t, mean over the test images
 *     (s[0] = 0, the initial state)
 * @param probeGates per gate, its value for every row and unit (28 x H) on one test image
 */
record GateReading(
        List<String> gates,
        Map<String, double[]> gateMeanAfterRow,
        Map<String, double[]> changeAfterRow,
        Map<String, float[][]> probeGates) {

    static GateReading of(Model model, Mnist.Split test, int probe) {
        return of(model, test, probe, SequenceLayout.DEFAULT);
    }

    /**
     * The reading with the images read as the model was trained to ({@code layout}), step by step; the series are then
     * brought to 28 points, each after the step that completes that many rows' worth of pixels ({@link StepSampling}).
     */
    static GateReading of(Model model, Mnist.Split test, int probe, SequenceLayout layout) {
        RecurrentClassifier classifier = (RecurrentClassifier) model.getBlock();
        int n = test.size();
        int rows = layout.steps();
        Mnist.Split seen = layout.apply(test);
        List<String> gates = classifier.equations().gates();
        Map<String, double[]> gateSums = new LinkedHashMap<>();
        gates.forEach(g -> gateSums.put(g, new double[rows]));
        Map<String, double[]> changeSums = new LinkedHashMap<>();
        Map<String, float[][]> probeGates = new LinkedHashMap<>();
        try (NDManager manager = model.getNDManager().newSubManager()) {
            int batch = TrainConfig.EVAL_BATCH_SIZE;
            for (int from = 0; from < n; from += batch) {
                int to = Math.min(n, from + batch);
                try (NDManager step = manager.newSubManager()) {
                    NDArray x = SequenceBatches.images(step, seen.slice(from, to), rows);
                    UnitInternals internals = UnitInternals.of(classifier, x);
                    for (String g : gates) {
                        add(gateSums.get(g), internals.meanOverUnits(g).sum(new int[] {0}));
                        if (probe >= from && probe < to) {
                            probeGates.put(
                                    g, ModelReading.matrix(internals.get(g).get(probe - from)));
                        }
                    }
                    for (String state : internals.states()) {
                        add(
                                changeSums.computeIfAbsent(state, k -> new double[rows]),
                                internals.change(state).sum(new int[] {0}));
                    }
                }
            }
        }
        gateSums.values().forEach(sums -> divide(sums, n));
        changeSums.values().forEach(sums -> divide(sums, n));
        int points = Mnist.SEQUENCE_LENGTH;
        gateSums.replaceAll((g, series) -> StepSampling.atPoints(series, points));
        changeSums.replaceAll((s, series) -> StepSampling.atPoints(series, points));
        probeGates.replaceAll((g, values) -> StepSampling.atPoints(values, points));
        return new GateReading(gates, gateSums, changeSums, probeGates);
    }

    /** ||h[t] - h[t-1]|| after each row, mean over the test images. */
    double[] stateChangeAfterRow() {
        return changeAfterRow.get("h");
    }

    /** The mean of a per-row series over rows {@code first..last} (1-based, inclusive). */
    static double mean(double[] afterRow, int first, int last) {
        double sum = 0;
        for (int t = first; t <= last; t++) {
            sum += afterRow[t - 1];
        }
        return sum / (last - first + 1);
    }

    private static void add(double[] sums, NDArray perRow) {
        float[] values = perRow.toFloatArray();
        for (int t = 0; t < sums.length; t++) {
            sums[t] += values[t];
        }
    }

    private static void divide(double[] sums, int n) {
        for (int t = 0; t < sums.length; t++) {
            sums[t] /= n;
        }
    }
}
