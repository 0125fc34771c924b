package io.seqmnist.accel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import ai.djl.training.loss.Loss;
import ai.djl.util.Pair;
import io.seqmnist.TestData;
import io.seqmnist.data.Mnist;
import io.seqmnist.model.ModelKind;
import io.seqmnist.train.EpochResult;
import io.seqmnist.train.TrainConfig;
import io.seqmnist.train.Training;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * fast-rnn and fast-gru through the real training loop: from the same seed each starts from the same weights as its
 * built-in unit, and after Adam steps on the same batches it has the same loss and the same weights, so its gradients
 * reach the optimizer intact (OneDeviceTrainer).
 */
@OnLinuxX86
class FastUnitTrainingTest {

    @TempDir
    Path tmp;

    @ParameterizedTest
    @CsvSource({"fast-rnn, rnn", "fast-gru, gru"})
    void trainsLikeTheBuiltInUnit(String fastName, String builtInName) throws Exception {
        ModelKind fastKind = ModelKind.parse(fastName);
        ModelKind builtInKind = ModelKind.parse(builtInName);
        Mnist data = Mnist.load("mnist", TestData.writeDataset(tmp, 320, 50, false));
        Result builtIn = train(data, builtInKind);
        Result fast = train(data, fastKind);
        assertEquals(builtIn.epochs().get(0).trainLoss(), fast.epochs().get(0).trainLoss(), 1e-5);
        assertEquals(builtIn.epochs().get(1).trainLoss(), fast.epochs().get(1).trainLoss(), 1e-4);
        assertEquals(builtIn.weights().keySet(), fast.weights().keySet());
        for (String name : builtIn.weights().keySet()) {
            float[] e = builtIn.weights().get(name);
            float[] a = fast.weights().get(name);
            double worst = 0;
            for (int i = 0; i < e.length; i++) {
                worst = Math.max(worst, Math.abs(e[i] - a[i]));
            }
            assertTrue(worst < 1e-4, name + " differs by " + worst);
        }
    }

    private record Result(List<EpochResult> epochs, Map<String, float[]> weights) {}

    private static Result train(Mnist data, ModelKind kind) {
        TrainConfig config = TrainConfig.defaults(kind).with(c -> c.epochs = 2);
        try (Model model = Model.newInstance(kind.cliName())) {
            model.setBlock(kind.create(config.hiddenSize()));
            List<EpochResult> epochs = new Training(data, config, new Training.Observer() {})
                    .train(model, Loss.softmaxCrossEntropyLoss(), 2);
            Map<String, float[]> weights = new LinkedHashMap<>();
            for (Pair<String, Parameter> p : model.getBlock().getParameters()) {
                NDArray array = p.getValue().getArray();
                weights.put(p.getKey(), array.toFloatArray());
            }
            return new Result(epochs, weights);
        }
    }
}
