package io.seqmnist.experiment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import io.seqmnist.UserError;
import io.seqmnist.data.Mnist;
import io.seqmnist.train.Checkpoint;
import io.seqmnist.train.EpochResult;
import io.seqmnist.train.LrSchedule;
import io.seqmnist.train.Recipe;
import io.seqmnist.train.TrainConfig;
import io.seqmnist.train.Training;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A run stopped after an epoch and resumed ends exactly as the run never stopped. */
class CheckpointTest {

    private static final Mnist DATA = RunFixtures.smallMnist(200, 100);

    @TempDir
    Path tmp;

    /** Thrown by the test's observer right after epoch 1 is saved: a crash, in-process. */
    private static final class SimulatedCrash extends RuntimeException {}

    @ParameterizedTest
    @ValueSource(strings = {"gru", "lstm", "fnn"})
    void resumedRunEqualsUninterruptedRun(String model) throws Exception {
        assertResumedRunEqualsUninterruptedRun(RunFixtures.config(model, 3, 32, 0.001f));
    }

    /** Every training setting at once: the rate, its schedule and warm-up, clipping, decay. */
    @ParameterizedTest
    @ValueSource(strings = {"cosine", "onecycle"})
    void resumedRunUnderAScheduleEqualsUninterruptedRun(String schedule) throws Exception {
        assertResumedRunEqualsUninterruptedRun(RunFixtures.config("gru", 3, 32, 0.001f)
                .with(c -> {
                    c.recipe = Recipe.ASSIGNMENT;
                    c.optimization = new TrainConfig.Optimization(LrSchedule.parse(schedule), 0.004f, 0.5, 0.5f, 1e-4f);
                }));
    }

    /**
     * A checkpoint after every mini-batch ({@code checkpointEvery} of a nanosecond), a crash in the middle of epoch 2,
     * and the run resumed from there: the batch after the checkpoint, the epoch's sums as they were, Adam's state.
     */
    @ParameterizedTest
    @ValueSource(strings = {"rnn", "gru-cosine"})
    void stoppedWithinAnEpochResumesFromThatBatchAndEndsAsTheUninterruptedRun(String run) throws Exception {
        TrainConfig config = RunFixtures.config(run.split("-")[0], 3, 32, 0.001f);
        if (run.endsWith("cosine")) {
            config = config.with(c -> c.optimization =
                    new TrainConfig.Optimization(LrSchedule.parse("cosine"), 0.004f, 0.5, 0.5f, 1e-4f));
        }
        TrainConfig fixed = config;
        Path straight = tmp.resolve("straight");
        TrainRun.run(DATA, fixed, new RunDirectory(straight), RunFixtures.QUIET);

        Path resumed = tmp.resolve("resumed");
        TrainRun.Options everyBatch =
                new TrainRun.Options(TrainRun.IfExists.RESUME, null, java.time.Duration.ofNanos(1));
        Training.Observer crashInEpoch2 = new Training.Observer() {
            @Override
            public void onBatch(int epoch, long batch, long batches) {
                if (epoch == 2 && batch == 4) {
                    throw new SimulatedCrash();
                }
            }
        };
        assertThrows(
                SimulatedCrash.class,
                () -> TrainRun.run(DATA, fixed, new RunDirectory(resumed), crashInEpoch2, everyBatch));
        Checkpoint saved = CheckpointFile.load(resumed.resolve(CheckpointFile.FILE));
        assertEquals(1, saved.epoch());
        assertEquals(3, saved.batchesIntoEpoch(), "saved after batch 3 of epoch 2, before the crash in batch 4");
        assertEquals(2, RunFixtures.lossAndAccuracy(resumed).size(), "metrics.csv holds complete epochs only");

        int[] resumedAt = {-1, -1};
        TrainRun.run(
                DATA,
                fixed,
                new RunDirectory(resumed),
                new Training.Observer() {
                    @Override
                    public void onResume(Checkpoint from) {
                        resumedAt[0] = from.epoch();
                        resumedAt[1] = from.batchesIntoEpoch();
                    }
                },
                everyBatch);
        assertArrayEquals(new int[] {1, 3}, resumedAt, "continued after batch 3 of epoch 2");
        assertEquals(RunFixtures.lossAndAccuracy(straight), RunFixtures.lossAndAccuracy(resumed));
        assertArrayEquals(RunFixtures.modelBytes(straight, 3), RunFixtures.modelBytes(resumed, 3));
    }

    private void assertResumedRunEqualsUninterruptedRun(TrainConfig config) throws Exception {
        Path straight = tmp.resolve("straight");
        TrainRun.run(DATA, config, new RunDirectory(straight), RunFixtures.QUIET);

        Path resumed = tmp.resolve("resumed");
        Training.Observer crashAfterEpoch1 = new Training.Observer() {
            @Override
            public void onEpoch(EpochResult result, Model m) {
                throw new SimulatedCrash();
            }
        };
        assertThrows(
                SimulatedCrash.class, () -> TrainRun.run(DATA, config, new RunDirectory(resumed), crashAfterEpoch1));
        assertEquals(
                1, CheckpointFile.load(resumed.resolve(CheckpointFile.FILE)).epoch());
        assertFalse(Files.exists(resumed.resolve(RunDirectory.SUMMARY)));

        int[] resumedAt = {-1};
        TrainRun.run(DATA, config, new RunDirectory(resumed), new Training.Observer() {
            @Override
            public void onResume(Checkpoint from) {
                resumedAt[0] = from.epoch();
            }
        });
        assertEquals(1, resumedAt[0], "continued after epoch 1");
        assertEquals(RunFixtures.lossAndAccuracy(straight), RunFixtures.lossAndAccuracy(resumed));
        assertEquals(4, RunFixtures.lossAndAccuracy(resumed).size(), "header and 3 epochs");
        assertArrayEquals(RunFixtures.modelBytes(straight, 3), RunFixtures.modelBytes(resumed, 3));
        try (Model loaded = new RunDirectory(resumed).loadModel()) { // as predict loads it
            assertEquals(
                    TrainRun.parameterCount(loaded),
                    new RunDirectory(resumed).readSummary().parameters());
        }
    }

    @Test
    void roundTripKeepsEveryArrayAndTheHeader() throws Exception {
        Checkpoint saved = oneEpochCheckpoint();
        Checkpoint loaded = CheckpointFile.fromBytes(CheckpointFile.toBytes(saved));
        assertEquals(saved.header(), loaded.header());
        assertArrayEquals(CheckpointFile.toBytes(saved), CheckpointFile.toBytes(loaded));
        assertEquals(saved.arrays().keySet(), loaded.arrays().keySet());
        // every parameter and both of Adam's moments of each: the LSTM has 6 parameter arrays
        assertEquals(
                18, loaded.arrays().keySet().size(), loaded.arrays().keySet().toString());
        for (String name : loaded.arrays().keySet()) {
            String parameter = name.substring(name.indexOf('/') + 1);
            assertTrue(
                    loaded.arrays()
                            .keySet()
                            .containsAll(java.util.List.of(
                                    "param/" + parameter, "mean/" + parameter, "variance/" + parameter)),
                    name);
        }
        assertEquals(1, loaded.epoch());
        assertEquals(4, loaded.header().steps(), "200 images in batches of 64");
    }

    @Test
    void damagedCheckpointIsAOneLineErrorNamingTheFile() throws Exception {
        Path file = tmp.resolve(CheckpointFile.FILE);
        byte[] good = CheckpointFile.toBytes(oneEpochCheckpoint());

        byte[] flipped = good.clone();
        flipped[good.length / 2] ^= 1;
        Files.write(file, flipped);
        UserError e = assertThrows(UserError.class, () -> CheckpointFile.load(file));
        assertEquals(file + ": damaged checkpoint (checksum mismatch)", e.getMessage());

        Files.write(file, java.util.Arrays.copyOf(good, good.length / 3));
        e = assertThrows(UserError.class, () -> CheckpointFile.load(file));
        assertTrue(e.getMessage().startsWith(file + ": damaged checkpoint"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));

        Files.write(file, new byte[0]);
        e = assertThrows(UserError.class, () -> CheckpointFile.load(file));
        assertEquals(file + ": damaged checkpoint (too short: 0 bytes)", e.getMessage());
    }

    private Checkpoint oneEpochCheckpoint() {
        Checkpoint[] last = new Checkpoint[1];
        TrainRun.run(
                DATA,
                RunFixtures.config("lstm", 1, 64, 0.001f),
                new RunDirectory(tmp.resolve("one")),
                new Training.Observer() {
                    @Override
                    public void onCheckpoint(Checkpoint checkpoint) {
                        last[0] = checkpoint;
                    }
                });
        return last[0];
    }
}
