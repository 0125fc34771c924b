package io.seqmnist.model.scratch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.training.loss.Loss;
import io.seqmnist.TestData;
import io.seqmnist.data.Mnist;
import io.seqmnist.model.ModelKind;
import io.seqmnist.train.EpochResult;
import io.seqmnist.train.TrainConfig;
import io.seqmnist.train.Training;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A from-scratch model trains through the same train(), and since its parameters have the built-in unit's names, shapes
 * and order, the same seed draws the same initial values: the two follow the same loss curve, up to float rounding.
 */
class ScratchTrainingTest {

    private static final int TRAIN_IMAGES = 320; // 5 steps of 64 per epoch
    private static final int TEST_IMAGES = 500;

    @ParameterizedTest
    @CsvSource({"scratch-rnn, rnn", "scratch-gru, gru", "scratch-lstm, lstm"})
    void trainsLikeTheBuiltInUnitWithTheSameSeed(String scratch, String builtIn) {
        Mnist full = TestData.realMnist();
        Mnist small = new Mnist(full.name(), full.train(), full.test().first(TEST_IMAGES));
        List<EpochResult> mine = train(small, ModelKind.parse(scratch));
        List<EpochResult> theirs = train(small, ModelKind.parse(builtIn));

        assertTrue(mine.get(1).trainLoss() < mine.get(0).trainLoss(), "loss falls: " + mine);
        for (int epoch = 0; epoch < 2; epoch++) {
            EpochResult a = theirs.get(epoch);
            EpochResult b = mine.get(epoch);
            assertEquals(
                    a.trainLoss(),
                    b.trainLoss(),
                    1e-5 * a.trainLoss(),
                    "epoch " + (epoch + 1) + ": " + theirs + " vs " + mine);
            assertEquals(a.trainAccuracy(), b.trainAccuracy(), 1.0 / TRAIN_IMAGES);
            assertEquals(a.testAccuracy(), b.testAccuracy(), 2.0 / TEST_IMAGES);
        }
    }

    private static List<EpochResult> train(Mnist data, ModelKind kind) {
        TrainConfig config = TrainConfig.defaults(kind).with(c -> {
            c.epochs = 2;
            c.limit = TRAIN_IMAGES;
        });
        try (Model model = Model.newInstance(kind.cliName())) {
            model.setBlock(kind.create(config.hiddenSize()));
            return new Training(data, config, new Training.Observer() {})
                    .train(model, Loss.softmaxCrossEntropyLoss(), config.epochs());
        }
    }
}
