package io.seqmnist.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.GradientCollector;
import io.seqmnist.model.scratch.ScratchLstm;
import io.seqmnist.model.scratch.ScratchUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * How far the training signal reaches back through time (Pascanu, Mikolov and Bengio, 2013): for every step t = 1..T,
 * the mean over a batch of images of ||dL/dh_t||, and for an LSTM of ||dL/dc_t||, where L is the summed softmax
 * cross-entropy of the output on h_T.
 *
 * <p>How: the trained unit's parameters run through its from-scratch equations ({@link RecurrentClassifier#equations},
 * as {@link UnitInternals} does), in float32 while every gradient stays far from its underflow, else in float64: a
 * gradient that vanishes over many steps underflows to exactly 0 in float32. A zero "probe" p_t is added to each state
 * where the step computes it (h_t' = h_t + p_t, and c_t' = c_t + q_t before h_t = o_t tanh(c_t) reads it); then dL/dp_t
 * = dL/dh_t and dL/dq_t = dL/dc_t, total derivatives through every later step. The weights are copies: the trained
 * parameters and their gradients are not touched.
 */
public final class GradientFlow {

    /**
     * Per step t = 1..T (index t - 1), the mean over the images of ||dL/dh_t|| and of ||dL/dc_t||; {@code c} is null
     * for a unit without a cell state.
     */
    public record Norms(double[] h, double[] c) {}

    private GradientFlow() {}

    /**
     * @param x the images, (B, T, in), any float type
     * @param labels their classes, (B)
     */
    public static Norms measure(RecurrentClassifier classifier, NDArray x, NDArray labels) {
        return measure(classifier, x, labels, CHUNK);
    }

    /**
     * Images per pass. At 1,000 images a step's arrays (1000 x 4H for an LSTM) no longer fit the processor's cache;
     * smaller passes make more operations. Processor time for 1,000 images in float64, hidden 150, one thread: LSTM
     * 0.45 s in one pass, 0.32 s in passes of 250, 0.28 s of 125, 0.30 s of 64; GRU 0.31, 0.22, 0.21, 0.24 s.
     */
    static final int CHUNK = 125;

    /**
     * Below this, a per-image gradient norm is near float32's range (normal numbers end at 1.2e-38, and a vector's
     * entries are smaller than its norm): the measurement is repeated in float64.
     */
    static final double FLOAT32_FLOOR = 1e-30;

    /**
     * {@link #measure} in passes of {@code chunk} images: in float32, which costs half as much and is exact enough
     * while every gradient stays far from float32's underflow (rows, T = 28: norms of 0.01 to 1); in float64 when one
     * does not (a gradient vanishing over hundreds of steps), where float32 would give exactly 0.
     */
    static Norms measure(RecurrentClassifier classifier, NDArray x, NDArray labels, int chunk) {
        Norms inFloat32 = measure(classifier, x, labels, chunk, DataType.FLOAT32);
        return inFloat32 != null ? inFloat32 : measure(classifier, x, labels, chunk, DataType.FLOAT64);
    }

    /** The norms computed in {@code precision}; null in float32 when a gradient neared its underflow. */
    static Norms measure(RecurrentClassifier classifier, NDArray x, NDArray labels, int chunk, DataType precision) {
        long images = x.size(0);
        double[][] sums = new double[classifier.equations().stateCount()][];
        for (long from = 0; from < images; from += chunk) {
            try (NDManager scope = x.getManager().newSubManager()) {
                NDIndex part = new NDIndex("{}:{}", from, Math.min(images, from + chunk));
                NDArray xs = x.get(part);
                NDArray ys = labels.get(part);
                xs.attach(scope);
                ys.attach(scope);
                NDList gradients = gradients(classifier, xs, ys, scope, precision);
                for (int s = 0; s < sums.length; s++) {
                    // norms in float64 whatever the precision: squaring must not underflow either
                    NDArray norms = gradients
                            .get(s)
                            .toType(DataType.FLOAT64, false)
                            .square()
                            .sum(new int[] {2})
                            .sqrt(); // (B, T)
                    if (precision == DataType.FLOAT32 && norms.min().getDouble() < FLOAT32_FLOOR) {
                        return null;
                    }
                    sums[s] = add(sums[s], norms.sum(new int[] {0}).toDoubleArray());
                }
            }
        }
        for (double[] sum : sums) {
            for (int t = 0; t < sum.length; t++) {
                sum[t] /= images;
            }
        }
        return new Norms(sums[0], sums.length > 1 ? sums[1] : null);
    }

    private static double[] add(double[] sum, double[] more) {
        if (sum == null) {
            return more;
        }
        for (int i = 0; i < sum.length; i++) {
            sum[i] += more[i];
        }
        return sum;
    }

    /**
     * dL/dh_t (and dL/dc_t) of every image, float64, one array (B, T, H) per state, h first; entry [b, t - 1] is image
     * b's gradient at step t. Everything is attached to {@code scope}.
     */
    static NDList gradients(RecurrentClassifier classifier, NDArray x, NDArray labels, NDManager scope) {
        return gradients(classifier, x, labels, scope, DataType.FLOAT64);
    }

    /** {@link #gradients} computed in {@code precision}: float32 or float64. */
    static NDList gradients(
            RecurrentClassifier classifier, NDArray x, NDArray labels, NDManager scope, DataType precision) {
        ScratchUnit equations = classifier.equations();
        // copies through Java: nothing links them to the trained parameters or their gradients
        ScratchUnit.Weights trained = UnitInternals.weightsOf(classifier);
        ScratchUnit.Weights weights = new ScratchUnit.Weights(
                copy(scope, trained.inputWeight(), precision),
                copy(scope, trained.hiddenWeight(), precision),
                copy(scope, trained.inputBias(), precision),
                copy(scope, trained.hiddenBias(), precision));
        List<NDArray> output = new ArrayList<>();
        for (Parameter p : classifier.output().getParameters().values()) {
            output.add(copy(scope, p.getArray(), precision)); // weight (classes, H), bias (classes)
        }
        NDArray images = x.toType(precision, true);
        images.attach(scope);
        NDArray classes = labels.duplicate();
        classes.attach(scope); // so that what is computed from it is attached there too
        NDArray oneHot = classes.oneHot(Math.toIntExact(output.get(0).size(0))).toType(precision, false);

        Shape probeShape = new Shape(x.size(0), x.size(1), classifier.hiddenSize());
        NDList probes = new NDList();
        for (int s = 0; s < equations.stateCount(); s++) {
            probes.add(scope.zeros(probeShape, precision));
        }
        // DJL's PyTorch engine allows one collector at a time: this runs between training steps
        try (GradientCollector collector = scope.getEngine().newGradientCollector()) {
            for (NDArray p : probes) {
                p.setRequiresGradient(true);
            }
            NDList last = unrollWithProbes(equations, weights, images, probes);
            NDArray logits =
                    Linear.linear(last.head(), output.get(0), output.get(1)).head();
            collector.backward(logits.logSoftmax(1).mul(oneHot).sum().neg());
        }
        NDList gradients = new NDList();
        for (NDArray p : probes) {
            gradients.add(p.getGradient());
        }
        return gradients;
    }

    /** The states after the last row, every state of every step plus its probe. */
    private static NDList unrollWithProbes(
            ScratchUnit equations, ScratchUnit.Weights weights, NDArray x, NDList probes) {
        int steps = Math.toIntExact(x.size(1));
        // split once rather than slice per step: slicing inside the loop made backward about 35% slower
        List<NDList> perStep = new ArrayList<>();
        for (NDArray p : probes) {
            perStep.add(p.split(steps, 1));
        }
        NDList initial = new NDList();
        for (int s = 0; s < probes.size(); s++) {
            initial.add(x.getManager().zeros(new Shape(x.size(0), probes.get(0).size(2)), x.getDataType()));
        }
        return equations.unroll(weights, x, initial, (t, step) -> {
            NDArray hProbe = perStep.get(0).get(t).squeeze(1);
            if (probes.size() == 1) {
                return new NDList(step.state().head().add(hProbe));
            }
            if (!(equations instanceof ScratchLstm)) {
                throw new IllegalArgumentException("a unit with a second state must be an LSTM");
            }
            // c_t + q_t, then h_t from it as the step does: dL/dq_t is then the total derivative
            NDArray cell = step.state().get(1).add(perStep.get(1).get(t).squeeze(1));
            return new NDList(ScratchLstm.hidden(step.parts().get("o"), cell).add(hProbe), cell);
        });
    }

    /** A copy in {@code precision}, made through Java: nothing links it to the trained parameter or its gradient. */
    private static NDArray copy(NDManager scope, NDArray value, DataType precision) {
        NDArray exact = value.getDataType() == DataType.FLOAT64
                ? scope.create(value.toDoubleArray(), value.getShape())
                : scope.create(value.toFloatArray(), value.getShape());
        return exact.toType(precision, false);
    }
}
