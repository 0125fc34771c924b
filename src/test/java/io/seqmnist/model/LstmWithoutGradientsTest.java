package io.seqmnist.model;

import static io.seqmnist.model.UnitInternalsTest.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The built-in LSTM classifier computes the LSTM's equations when no gradient is recorded (evaluation, prediction) as
 * it does in training, for every hidden size: libtorch's inference kernel, which DJL's LSTM runs without gradients, is
 * wrong on AVX-512 processors for hidden sizes with H mod 32 in 1..16 ({@link LstmKernel}).
 */
class LstmWithoutGradientsTest {

    /** Every hidden size to 160, five of the kernel's 32-column blocks; the batches it uses. */
    static Stream<Arguments> sizes() {
        Stream<Arguments> everySize = IntStream.rangeClosed(1, 160).mapToObj(h -> Arguments.of(h, 2));
        return Stream.concat(
                everySize,
                Stream.of(
                        Arguments.of(16, 64),
                        Arguments.of(48, 250), // the training and evaluation batches
                        Arguments.of(100, 1),
                        Arguments.of(100, 64),
                        Arguments.of(100, 250),
                        Arguments.of(150, 64),
                        Arguments.of(150, 250))); // the assignment's hidden size
    }

    @ParameterizedTest(name = "hidden {0} batch {1}")
    @MethodSource("sizes")
    void hiddenStatesEqualTheEquationsWithoutGradients(int hidden, int batch) {
        try (Model model = Model.newInstance("lstm");
                NDManager manager = model.getNDManager().newSubManager()) {
            LstmClassifier classifier = initialized(model, hidden, batch);
            NDArray x =
                    manager.randomUniform(0, 1, new Shape(batch, ModelDefaults.INPUT_SIZE, ModelDefaults.INPUT_SIZE));

            assertFalse(JniUtils.isGradMode(), "no gradient is recorded outside a collector");
            NDArray h =
                    classifier.run(new ParameterStore(manager, false), x, false).hiddenSequence();
            assertFalse(JniUtils.isGradMode(), "the run leaves gradient recording off");

            assertClose(UnitInternals.of(classifier, x).get("h"), h, "h[t], hidden " + hidden);
        }
    }

    /** In training nothing changes: the unit runs as DJL runs it, and its gradients flow. */
    @Test
    void trainingRunsAsBeforeAndRecordsGradients() {
        int hidden = 100;
        try (Model model = Model.newInstance("lstm");
                NDManager manager = model.getNDManager().newSubManager()) {
            LstmClassifier classifier = initialized(model, hidden, 8);
            NDArray x = manager.randomUniform(0, 1, new Shape(8, 28, 28));
            NDArray expected = UnitInternals.of(classifier, x).get("h");
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                RecurrentClassifier.Pass pass = classifier.run(new ParameterStore(manager, false), x, true);
                assertTrue(JniUtils.isGradMode(), "the run leaves gradient recording on");
                assertClose(expected, pass.hiddenSequence(), "h[t] in training");
                collector.backward(pass.logits().sum());
            }
            NDArray gradient = classifier
                    .unit()
                    .getParameters()
                    .get(0)
                    .getValue()
                    .getArray()
                    .getGradient();
            assertEquals(new Shape(4 * hidden, 28), gradient.getShape());
            assertTrue(gradient.abs().sum().getFloat() > 0, "the input weights got a gradient");
        }
    }

    private static LstmClassifier initialized(Model model, int hidden, int batch) {
        Engine.getInstance().setRandomSeed(hidden);
        LstmClassifier classifier = new LstmClassifier(hidden);
        model.setBlock(classifier);
        classifier.initialize(
                model.getNDManager(),
                DataType.FLOAT32,
                new Shape(batch, ModelDefaults.INPUT_SIZE, ModelDefaults.INPUT_SIZE));
        return classifier;
    }
}
