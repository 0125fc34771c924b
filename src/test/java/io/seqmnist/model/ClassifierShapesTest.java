package io.seqmnist.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import io.seqmnist.TestData;
import io.seqmnist.data.SequenceBatches;
import io.seqmnist.experiment.TrainRun;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Question 1 item 11: the dimensions of every stage, on a real mini-batch of 64 images. */
class ClassifierShapesTest {

    @ParameterizedTest
    @CsvSource({
        "rnn, 1, 28510",
        "gru, 1, 82510",
        "lstm, 2, 109510",
        "scratch-rnn, 1, 28510",
        "scratch-gru, 1, 82510",
        "scratch-lstm, 2, 109510"
    })
    void realBatchHasTheAssignmentsShapes(String name, int states, long parameters) {
        ModelKind kind = ModelKind.parse(name);
        try (Model model = Model.newInstance(name);
                NDManager manager = model.getNDManager().newSubManager()) {
            Engine.getInstance().setRandomSeed(0);
            model.setBlock(kind.create(150));
            NDArray x =
                    SequenceBatches.images(manager, TestData.realMnist().test().first(64));
            model.getBlock().initialize(model.getNDManager(), DataType.FLOAT32, x.getShape());
            RecurrentClassifier.Pass pass =
                    ((RecurrentClassifier) model.getBlock()).run(new ParameterStore(manager, false), x, false);

            assertEquals(new Shape(64, 28, 28), x.getShape());
            assertEquals(states, pass.initialState().size());
            for (NDArray state : pass.initialState()) {
                assertEquals(new Shape(1, 64, 150), state.getShape());
                assertEquals(0, state.abs().sum().getFloat());
            }
            assertEquals(new Shape(64, 28, 150), pass.hiddenSequence().getShape());
            assertEquals(states, pass.lastState().size());
            assertEquals(new Shape(1, 64, 150), pass.lastState().get(0).getShape());
            assertEquals(new Shape(64, 10), pass.logits().getShape());
            // the sequence's last entry is the last hidden state (output[:, -1, :] equals h_n[0] exactly)
            assertEquals(
                    0f,
                    pass.hiddenSequence()
                            .get(":, -1, :")
                            .sub(pass.lastState().get(0).get(0))
                            .abs()
                            .max()
                            .getFloat());
            assertEquals(parameters, TrainRun.parameterCount(model));
        }
    }

    @ParameterizedTest
    @CsvSource({"fnn, 119260"})
    void feedForwardControlHasPytorchsParameterCount(String name, long parameters) {
        try (Model model = Model.newInstance(name)) {
            model.setBlock(ModelKind.parse(name).create(150));
            model.getBlock().initialize(model.getNDManager(), DataType.FLOAT32, new Shape(2, 28, 28));
            assertEquals(parameters, TrainRun.parameterCount(model)); // 784*150+150 + 150*10+10
        }
    }

    @ParameterizedTest
    @CsvSource({"rnn", "gru", "lstm", "scratch-rnn", "scratch-gru", "scratch-lstm"})
    void initialisationIsPytorchsUniformBound(String name) {
        try (Model model = Model.newInstance(name)) {
            Engine.getInstance().setRandomSeed(0);
            model.setBlock(ModelKind.parse(name).create(150));
            model.getBlock().initialize(model.getNDManager(), DataType.FLOAT32, new Shape(2, 28, 28));
            float bound = (float) (1 / Math.sqrt(150));
            model.getBlock().getParameters().forEach(p -> {
                NDArray a = p.getValue().getArray();
                float max = a.abs().max().getFloat();
                // every parameter (biases too) drawn from U(-bound, bound), as nn.RNN/GRU/LSTM/Linear do;
                // a large array also reaches near the bound (DJL's Xavier default would not stay inside)
                assertTrue(max <= bound, p.getKey() + " max |w| " + max);
                if (a.size() >= 100) {
                    assertTrue(max > 0.9f * bound, p.getKey() + " max |w| " + max);
                }
            });
        }
    }
}
