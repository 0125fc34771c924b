package io.seqmnist.accel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import io.seqmnist.model.GruClassifier;
import io.seqmnist.model.RnnClassifier;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The hand-written units against DJL's built-in ones with the same weights (the Elman unit against libtorch's rnn_tanh,
 * the GRU against its gru): outputs, and every parameter gradient of a loss on both outputs, with a non-zero h0.
 */
@OnLinuxX86
class FastUnitEquivalenceTest {

    private static final int BATCH = 5;
    private static final int STEPS = 7;
    private static final int IN = 4;
    private static final int HIDDEN = 6;

    /** Each unit at a short sequence of 4 inputs a step, and read one value a step over 98 (--seq-len at width 1). */
    static Stream<Arguments> units() {
        return Stream.of(
                Arguments.of("elman", RnnClassifier.builtIn(HIDDEN), new BlasElman(HIDDEN), STEPS, IN),
                Arguments.of("gru", GruClassifier.builtIn(HIDDEN), new BlasGru(HIDDEN), STEPS, IN),
                Arguments.of("elman, width 1", RnnClassifier.builtIn(HIDDEN), new BlasElman(HIDDEN), 98, 1),
                Arguments.of("gru, width 1", GruClassifier.builtIn(HIDDEN), new BlasGru(HIDDEN), 98, 1));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("units")
    void matchesTheBuiltInUnitForwardAndBackward(String name, Block builtIn, BlasUnit mine, int steps, int in) {
        Engine.getInstance().setRandomSeed(3);
        try (NDManager manager = NDManager.newBaseManager()) {
            Shape xShape = new Shape(BATCH, steps, in);
            builtIn.initialize(manager, DataType.FLOAT32, xShape);
            mine.initialize(manager, DataType.FLOAT32, xShape);
            for (Map.Entry<String, Parameter> p : mine.getParameters().toMap().entrySet()) {
                NDArray source = builtIn.getParameters().get(p.getKey()).getArray();
                p.getValue().getArray().set(source.toByteBuffer());
            }
            NDArray x = manager.randomUniform(0, 1, xShape);
            NDArray h0 = manager.randomNormal(new Shape(1, BATCH, HIDDEN)).mul(0.5f);
            NDArray seqWeights = manager.randomNormal(new Shape(BATCH, steps, HIDDEN));
            NDArray lastWeights = manager.randomNormal(new Shape(1, BATCH, HIDDEN));

            Map<String, float[]> expected = run(builtIn, manager, x, h0, seqWeights, lastWeights);
            Map<String, float[]> actual = run(mine, manager, x, h0, seqWeights, lastWeights);
            for (String key : expected.keySet()) {
                float[] e = expected.get(key);
                float[] a = actual.get(key);
                assertEquals(e.length, a.length, key);
                double worst = 0;
                double scale = 0;
                for (int i = 0; i < e.length; i++) {
                    worst = Math.max(worst, Math.abs(e[i] - a[i]));
                    scale = Math.max(scale, Math.abs(e[i]));
                }
                assertTrue(scale > 1e-3, key + " is all zeros: nothing compared");
                assertTrue(
                        worst <= 2e-5 * Math.max(1, scale),
                        key + " differs by " + worst + " (largest value " + scale + ")");
            }
        }
    }

    /** Outputs and parameter gradients of sum(seq * A) + sum(h_T * B). */
    private static Map<String, float[]> run(
            Block unit, NDManager parent, NDArray x, NDArray h0, NDArray seqWeights, NDArray lastWeights) {
        Map<String, float[]> out = new LinkedHashMap<>();
        try (NDManager manager = parent.newSubManager()) {
            ParameterStore ps = new ParameterStore(manager, false);
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDList result = unit.forward(ps, new NDList(x, h0), true);
                out.put("sequence", result.get(0).toFloatArray());
                out.put("h_T", result.get(1).toFloatArray());
                NDArray loss = result.get(0)
                        .mul(seqWeights)
                        .sum()
                        .add(result.get(1).mul(lastWeights).sum());
                collector.backward(loss);
            }
            if (unit instanceof BlasUnit mine) {
                mine.completeBackward();
            }
            for (Parameter p : unit.getParameters().values()) {
                NDArray grad = p.getArray().getGradient();
                out.put("d" + p.getName(), grad.toFloatArray());
                grad.subi(grad); // the next run starts from zero gradients
            }
        }
        return out;
    }
}
