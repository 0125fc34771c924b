package io.seqmnist.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.ndarray.NDManager;
import io.seqmnist.InvalidSetting;
import io.seqmnist.UserError;
import io.seqmnist.data.EpochSampler;
import io.seqmnist.data.Mnist;
import io.seqmnist.data.SequenceBatches;
import io.seqmnist.train.Accuracy;
import io.seqmnist.train.Checkpoint;
import io.seqmnist.train.TrainConfig;
import io.seqmnist.train.Training;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --validation N}: trains on the training images less the last N and measures those N after each epoch; the test
 * set is never measured, and the files say validation, not test.
 */
class ValidationTest {

    @TempDir
    Path tmp;

    @Test
    void measuresTheHeldOutTrainingImagesNeverTheTestSet() throws Exception {
        Mnist real = RunFixtures.smallMnist(400, 100);
        // a test set whose every label is wrong: measuring it would give 0%
        byte[] wrong = real.test().labels().clone();
        for (int i = 0; i < wrong.length; i++) {
            wrong[i] = (byte) ((wrong[i] + 1) % Mnist.CLASSES);
        }
        Mnist data =
                new Mnist("mnist", real.train(), new Mnist.Split(real.test().pixels(), wrong));
        TrainConfig config = RunFixtures.config("gru", 2, 32, 0.003f).with(c -> c.validation = 150);
        RunDirectory dir = new RunDirectory(tmp.resolve("run"));
        Checkpoint[] last = new Checkpoint[1];
        RunSummary summary = TrainRun.run(data, config, dir, new Training.Observer() {
            @Override
            public void onCheckpoint(Checkpoint checkpoint) {
                last[0] = checkpoint;
            }
        });

        assertEquals(
                2 * EpochSampler.batchesPerEpoch(250, 32),
                last[0].header().steps(),
                "trained on the first 250 images only");
        assertNull(summary.testAccuracy());
        assertNull(summary.bestTestAccuracy());
        assertEquals("validation", summary.heldOutSplit());
        String json = Files.readString(dir.path().resolve(RunDirectory.SUMMARY));
        assertFalse(json.contains("test_accuracy"), json);
        assertTrue(json.contains("\"validation\": 150"), json);
        assertEquals(
                RunDirectory.metricsHeader("validation"),
                Files.readAllLines(dir.path().resolve(RunDirectory.METRICS)).get(0));

        // the recorded figure is the trained model's accuracy on images 250..399
        Mnist.Split heldOut = real.train().slice(250, 400);
        try (Model model = dir.loadModel();
                NDManager manager = model.getNDManager().newSubManager()) {
            double measured = Accuracy.of(
                    model.getBlock(), manager, SequenceBatches.inOrder(manager, heldOut, 64), heldOut.labels());
            assertEquals(measured, summary.validationAccuracy(), 0);
            double onTheTestSet = Accuracy.of(
                    model.getBlock(),
                    manager,
                    SequenceBatches.inOrder(manager, data.test(), 64),
                    data.test().labels());
            assertTrue(
                    measured > onTheTestSet + 0.05,
                    "validation " + measured + ", the mislabelled test set " + onTheTestSet);
        }
    }

    @Test
    void holdingOutEveryImageIsAOneLineErrorBeforeAnythingIsWritten() {
        Mnist data = RunFixtures.smallMnist(100, 10);
        Path out = tmp.resolve("none");
        UserError e = assertThrows(
                UserError.class,
                () -> TrainRun.run(
                        data,
                        RunFixtures.config("rnn", 1, 32, 0.001f).with(c -> c.validation = 100),
                        new RunDirectory(out),
                        RunFixtures.QUIET));
        // the library names the setting; the command line names its option (OptionErrorsTest)
        assertEquals("validation 100 leaves no image to train on: the training set holds 100", e.getMessage());
        assertEquals(
                "--validation 100 leaves no image to train on: the training set holds 100",
                ((InvalidSetting) e).message(setting -> "--" + setting));
        assertFalse(Files.exists(out));
    }
}
