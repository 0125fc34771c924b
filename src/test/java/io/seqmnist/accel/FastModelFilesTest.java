package io.seqmnist.accel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.seqmnist.TestData;
import io.seqmnist.data.Mnist;
import io.seqmnist.experiment.RunDirectory;
import io.seqmnist.experiment.RunFixtures;
import io.seqmnist.experiment.TrainRun;
import io.seqmnist.model.ModelKind;
import io.seqmnist.predict.Classifier;
import io.seqmnist.predict.Prediction;
import io.seqmnist.train.Training;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * fast-rnn and fast-gru runs load back as the other models do (the core's classifier tests cover the portable models):
 * probabilities, and the test accuracy training measured.
 */
@OnLinuxX86
class FastModelFilesTest {

    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {"fast-rnn", "fast-gru"})
    void aTrainedFastModelLoadsAndClassifies(String name) throws Exception {
        ModelKind kind = ModelKind.parse(name);
        Mnist data = Mnist.load("mnist", TestData.writeDataset(tmp.resolve("data"), 128, 50, false));
        Path run = tmp.resolve(kind.cliName());
        TrainRun.run(
                data, RunFixtures.config(kind, 1, 64, 32, 1e-3f), new RunDirectory(run), new Training.Observer() {});
        try (Classifier classifier = Classifier.load(run)) {
            Prediction p = classifier.classify(new float[Mnist.PIXELS]);
            double sum = 0;
            for (float probability : p.probabilities()) {
                sum += probability;
            }
            assertEquals(1.0, sum, 1e-5);
            int[] predicted = classifier.predictedClasses(data.test());
            long correct = 0;
            for (int i = 0; i < predicted.length; i++) {
                correct += predicted[i] == data.test().label(i) ? 1 : 0;
            }
            assertEquals(classifier.summary().testAccuracy(), (double) correct / predicted.length, 0.0);
        }
    }
}
