package io.seqmnist.experiment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.Model;
import io.seqmnist.data.Mnist;
import io.seqmnist.train.EpochResult;
import io.seqmnist.train.Training;
import io.seqmnist.train.TrainingDiverged;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Divergence, provoked for real: with a learning rate of 1e38 Adam's first step moves every weight by about 1e38 (still
 * finite, so epoch 1 is saved), and the next forward pass overflows to infinities whose difference is NaN. (A rate of
 * 1e6 is not enough: the loss grows to about 1e7 but stays finite.)
 */
class DivergenceTest {

    @TempDir
    Path tmp;

    @Test
    void nanLossStopsTrainingAndKeepsTheLastGoodEpoch() {
        Mnist data = RunFixtures.smallMnist(64, 50); // one batch per epoch
        RunDirectory dir = new RunDirectory(tmp.resolve("run"));
        byte[][] savedAfterEpoch1 = new byte[1][];
        TrainingDiverged e = assertThrows(
                TrainingDiverged.class,
                () -> TrainRun.run(data, RunFixtures.config("rnn", 3, 64, 1e38f), dir, new Training.Observer() {
                    @Override
                    public void onEpoch(EpochResult result, Model model) {
                        try {
                            savedAfterEpoch1[0] = Files.readAllBytes(dir.checkpointFile());
                        } catch (IOException io) {
                            throw new UncheckedIOException(io);
                        }
                    }
                }));
        assertEquals(
                "training diverged: the loss is NaN at epoch 2, step 1 of 1; try a smaller"
                        + " learning rate than --lr 1.0E38; " + dir.path() + " keeps epoch 1, the last"
                        + " good one",
                e.getMessage());
        assertEquals(2, e.epoch());
        assertEquals(1, e.step());
        assertEquals(3, e.exitCode());
        assertArrayEquals(savedAfterEpoch1[0], readAll(dir.checkpointFile()), "checkpoint of epoch 1 untouched");
        assertEquals(1, dir.readMetrics().size());
        assertEquals(
                List.of(dir.checkpointFile(), dir.path().resolve(RunDirectory.METRICS)),
                dir.runFiles(),
                "no summary, no model");
        assertFalse(Float.isNaN((float) dir.readMetrics().get(0).trainLoss()));
    }

    private static byte[] readAll(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
