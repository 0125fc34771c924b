package io.seqmnist.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * GradientFlow's dL/dh_t and dL/dc_t equal central finite differences on a tiny network in float64, computed
 * independently of it: the network's own built-in unit restarted from the perturbed state after row t reads the rows
 * after t, and its output layer gives the loss.
 */
class GradientFlowTest {

    private static final int HIDDEN = 4;
    private static final int STEPS = 5;
    private static final int INPUT = 7;
    private static final int IMAGES = 3;
    private static final double EPS = 1e-6;
    private static final double TOLERANCE = 1e-3;

    @ParameterizedTest
    @ValueSource(strings = {"rnn", "gru", "lstm"})
    void gradientsEqualCentralFiniteDifferences(String kind) {
        try (Model model = Model.newInstance(kind);
                NDManager manager = model.getNDManager().newSubManager()) {
            Engine.getInstance().setRandomSeed(11);
            RecurrentClassifier classifier = tinyNetwork(model, kind, DataType.FLOAT64);
            NDArray x = manager.randomUniform(0, 1, new Shape(IMAGES, STEPS, INPUT), DataType.FLOAT64);
            NDArray labels = manager.create(new long[] {3, 0, 9});

            NDList gradients = GradientFlow.gradients(classifier, x, labels, manager);
            int states = kind.equals("lstm") ? 2 : 1;
            assertEquals(states, gradients.size());
            Perturbed loss = new Perturbed(classifier, x, labels);
            for (int s = 0; s < states; s++) {
                assertEquals(new Shape(IMAGES, STEPS, HIDDEN), gradients.get(s).getShape());
                double[] all = gradients.get(s).toDoubleArray();
                for (int t = 1; t <= STEPS; t++) {
                    for (int b = 0; b < IMAGES; b++) {
                        double[] expected = new double[HIDDEN];
                        double[] actual = new double[HIDDEN];
                        for (int u = 0; u < HIDDEN; u++) {
                            expected[u] = (loss.at(s, t, b, u, EPS) - loss.at(s, t, b, u, -EPS)) / (2 * EPS);
                            actual[u] = all[(b * STEPS + t - 1) * HIDDEN + u];
                        }
                        String where = kind + " state " + s + " step " + t + " image " + b;
                        assertTrue(norm(expected) > 1e-6, where + ": a gradient to compare");
                        double error = norm(difference(expected, actual)) / norm(expected);
                        assertTrue(error < TOLERANCE, where + ": relative error " + error);
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"rnn", "lstm"})
    void normsAreTheMeansOverAllImagesAndTheParametersGradientsStayAsTheyWere(String kind) {
        try (Model model = Model.newInstance(kind);
                NDManager manager = model.getNDManager().newSubManager()) {
            Engine.getInstance().setRandomSeed(5);
            RecurrentClassifier classifier = tinyNetwork(model, kind, DataType.FLOAT32); // as trained
            NDArray x = manager.randomUniform(0, 1, new Shape(IMAGES, STEPS, INPUT));
            NDArray labels = manager.create(new long[] {1, 2, 3});
            List<double[]> before = giveParametersGradients(classifier, manager, x);

            // in passes of 2 and 1 images: the means are over all images, not per pass
            GradientFlow.Norms norms = GradientFlow.measure(classifier, x, labels, 2);

            assertEquals(before.size(), parameterGradients(classifier).size());
            for (int i = 0; i < before.size(); i++) {
                assertArrayEquals(before.get(i), parameterGradients(classifier).get(i), "parameter " + i);
            }
            // measured in float32 (no gradient near its underflow here), checked against float64
            NDList gradients = GradientFlow.gradients(classifier, x, labels, manager);
            assertArrayEquals(meanNorms(gradients.get(0).toDoubleArray()), norms.h(), 1e-6);
            if (kind.equals("lstm")) {
                assertNotNull(norms.c());
                assertArrayEquals(meanNorms(gradients.get(1).toDoubleArray()), norms.c(), 1e-6);
            } else {
                assertNull(norms.c());
            }
        }
    }

    @org.junit.jupiter.api.Test
    void aGradientThatVanishesBelowFloat32sRangeIsMeasuredInFloat64() {
        try (Model model = Model.newInstance("rnn");
                NDManager manager = model.getNDManager().newSubManager()) {
            Engine.getInstance().setRandomSeed(3);
            int steps = 100;
            RecurrentClassifier classifier = (RecurrentClassifier) ModelKind.RNN.create(HIDDEN);
            model.setBlock(classifier);
            classifier.initialize(model.getNDManager(), DataType.FLOAT32, new Shape(2, steps, INPUT));
            // a small W_hh shrinks the gradient by a factor of 10 or more a step: far below 1e-38 at h_1
            for (Parameter p : classifier.getParameters().values()) {
                if (p.getName().contains("h2h_WEIGHT")) {
                    p.getArray().muli(0.05f);
                }
            }
            NDArray x = manager.randomUniform(0, 1, new Shape(2, steps, INPUT));
            NDArray labels = manager.create(new long[] {4, 7});

            assertNull(GradientFlow.measure(classifier, x, labels, 2, DataType.FLOAT32), "float32 gives up");
            GradientFlow.Norms norms = GradientFlow.measure(classifier, x, labels);
            assertTrue(norms.h()[0] > 0 && norms.h()[0] < GradientFlow.FLOAT32_FLOOR, "h_1: " + norms.h()[0]);
            assertTrue(norms.h()[steps - 1] > 1e-3, "h_T: " + norms.h()[steps - 1]);
            NDList exact = GradientFlow.gradients(classifier, x, labels, manager);
            double[] expected = new double[steps];
            double[] all = exact.get(0).toDoubleArray();
            for (int b = 0; b < 2; b++) {
                for (int t = 0; t < steps; t++) {
                    double sum = 0;
                    for (int u = 0; u < HIDDEN; u++) {
                        double g = all[(b * steps + t) * HIDDEN + u];
                        sum += g * g;
                    }
                    expected[t] += Math.sqrt(sum) / 2;
                }
            }
            for (int t = 0; t < steps; t++) {
                assertEquals(1, norms.h()[t] / expected[t], 1e-9, "step " + (t + 1));
            }
        }
    }

    private static RecurrentClassifier tinyNetwork(Model model, String kind, DataType type) {
        RecurrentClassifier classifier =
                (RecurrentClassifier) ModelKind.parse(kind).create(HIDDEN);
        model.setBlock(classifier);
        classifier.initialize(model.getNDManager(), type, new Shape(IMAGES, STEPS, INPUT));
        return classifier;
    }

    /** The summed cross-entropy with image b's state s after row t moved by delta along unit u. */
    private record Perturbed(RecurrentClassifier classifier, NDArray x, NDArray labels) {

        double at(int s, int t, int b, int u, double delta) {
            try (NDManager scope = x.getManager().newSubManager()) {
                ParameterStore parameters = new ParameterStore(scope, false);
                NDList state = new NDList();
                for (NDArray z : classifier.initialState(scope, IMAGES)) {
                    state.add(z.toType(DataType.FLOAT64, false));
                }
                NDList after = classifier
                        .unit()
                        .forward(parameters, new NDList(x.get(":, 0:" + t + ", :")).addAll(state), false)
                        .subNDList(1); // (h_t[, c_t]), each (1, B, H)
                double[] moved = new double[IMAGES * HIDDEN];
                moved[b * HIDDEN + u] = delta;
                NDArray move = scope.create(moved, new Shape(1, IMAGES, HIDDEN));
                NDList perturbed = new NDList(after.get(0).add(s == 0 ? move : move.zerosLike()));
                if (after.size() == 2) {
                    NDArray cell = after.get(1).add(s == 1 ? move : move.zerosLike());
                    if (s == 1) { // h_t = o_t tanh(c_t) reads the moved cell state
                        NDArray o =
                                UnitInternals.of(classifier, x, state).get("o").get(":, " + (t - 1) + ", :");
                        perturbed.set(0, o.expandDims(0).mul(cell.tanh()));
                    }
                    perturbed.add(cell);
                }
                NDArray last = t == STEPS
                        ? perturbed.get(0)
                        : classifier
                                .unit()
                                .forward(parameters, new NDList(x.get(":, " + t + ":, :")).addAll(perturbed), false)
                                .get(1);
                NDArray logits = classifier
                        .output()
                        .forward(parameters, new NDList(last.squeeze(0)), false)
                        .head();
                return crossEntropy(logits.toDoubleArray(), labels.toLongArray());
            }
        }
    }

    /** Summed softmax cross-entropy, in plain Java. */
    private static double crossEntropy(double[] logits, long[] labels) {
        int classes = logits.length / labels.length;
        double sum = 0;
        for (int b = 0; b < labels.length; b++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < classes; k++) {
                max = Math.max(max, logits[b * classes + k]);
            }
            double exp = 0;
            for (int k = 0; k < classes; k++) {
                exp += Math.exp(logits[b * classes + k] - max);
            }
            sum += max + Math.log(exp) - logits[b * classes + (int) labels[b]];
        }
        return sum;
    }

    /** Gives every parameter a gradient (as a training step leaves them) and returns copies of them. */
    private static List<double[]> giveParametersGradients(
            RecurrentClassifier classifier, NDManager manager, NDArray x) {
        for (Parameter p : classifier.getParameters().values()) {
            p.getArray().setRequiresGradient(true);
        }
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDArray logits = classifier
                    .forward(new ParameterStore(manager, false), new NDList(x), true)
                    .head();
            collector.backward(logits.square().sum());
        }
        List<double[]> gradients = parameterGradients(classifier);
        for (double[] g : gradients) {
            assertTrue(norm(g) > 0, "a gradient that a leak would change");
        }
        return gradients;
    }

    private static List<double[]> parameterGradients(RecurrentClassifier classifier) {
        List<double[]> gradients = new ArrayList<>();
        for (Parameter p : classifier.getParameters().values()) {
            float[] g = p.getArray().getGradient().toFloatArray();
            double[] copy = new double[g.length];
            for (int i = 0; i < g.length; i++) {
                copy[i] = g[i];
            }
            gradients.add(copy);
        }
        return gradients;
    }

    /** (B, T, H) in row-major order to the mean over B of the norm over H, per t. */
    private static double[] meanNorms(double[] gradients) {
        double[] means = new double[STEPS];
        for (int b = 0; b < IMAGES; b++) {
            for (int t = 0; t < STEPS; t++) {
                double sum = 0;
                for (int u = 0; u < HIDDEN; u++) {
                    double g = gradients[(b * STEPS + t) * HIDDEN + u];
                    sum += g * g;
                }
                means[t] += Math.sqrt(sum) / IMAGES;
            }
        }
        return means;
    }

    private static double[] difference(double[] a, double[] b) {
        double[] d = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            d[i] = a[i] - b[i];
        }
        return d;
    }

    private static double norm(double[] v) {
        double sum = 0;
        for (double e : v) {
            sum += e * e;
        }
        return Math.sqrt(sum);
    }
}
