package io.seqmnist.experiment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import io.seqmnist.ReadOnlyFolder;
import io.seqmnist.UserError;
import io.seqmnist.data.Mnist;
import io.seqmnist.train.EpochResult;
import io.seqmnist.train.LrSchedule;
import io.seqmnist.train.Recipe;
import io.seqmnist.train.TrainConfig;
import io.seqmnist.train.Training;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run folder holding a run is never silently overwritten; a failed write keeps the old file. */
class RunFolderTest {

    private static final Mnist DATA = RunFixtures.smallMnist(128, 50);
    private static final TrainConfig RNN = RunFixtures.config("rnn", 1, 64, 0.001f);

    @TempDir
    Path tmp;

    private static TrainRun.Options options(TrainRun.IfExists ifExists) {
        return new TrainRun.Options(ifExists, null);
    }

    @Test
    void differentRunIsRefusedAndLeftUntouchedUnlessForced() throws Exception {
        RunDirectory dir = new RunDirectory(tmp.resolve("run"));
        TrainRun.run(DATA, RNN, dir, RunFixtures.QUIET);
        Map<String, byte[]> before = snapshot(dir.path());

        TrainConfig gru = RunFixtures.config("gru", 1, 64, 0.001f);
        for (TrainRun.IfExists mode : new TrainRun.IfExists[] {TrainRun.IfExists.REFUSE, TrainRun.IfExists.RESUME}) {
            UserError e =
                    assertThrows(UserError.class, () -> TrainRun.run(DATA, gru, dir, RunFixtures.QUIET, options(mode)));
            assertEquals(
                    dir.path() + ": holds a different run (--model rnn there, gru here);"
                            + " choose another --out, or add --force to replace it",
                    e.getMessage());
        }
        UserError lr = assertThrows(
                UserError.class,
                () -> TrainRun.run(DATA, RunFixtures.config("rnn", 1, 64, 0.01f), dir, RunFixtures.QUIET));
        assertTrue(lr.getMessage().contains("(--lr 0.001 there, 0.01 here)"), lr.getMessage());
        UserError data = assertThrows(
                UserError.class,
                () -> TrainRun.run(new Mnist("mnist", DATA.train(), DATA.train()), RNN, dir, RunFixtures.QUIET));
        assertTrue(data.getMessage().contains("(other images or labels)"), data.getMessage());
        assertSnapshotEquals(before, snapshot(dir.path()));

        RunSummary replaced = TrainRun.run(DATA, gru, dir, RunFixtures.QUIET, options(TrainRun.IfExists.REPLACE));
        assertEquals("gru", replaced.model());
        assertEquals("gru", dir.readSummary().model());
        assertEquals(1, CheckpointFile.load(dir.checkpointFile()).epoch());
    }

    @Test
    void finishedRunIsRefusedByTrainAndReturnedAsItIsOnResume() throws Exception {
        RunDirectory dir = new RunDirectory(tmp.resolve("run"));
        RunSummary first = TrainRun.run(DATA, RNN, dir, RunFixtures.QUIET);
        Map<String, byte[]> before = snapshot(dir.path());

        UserError e = assertThrows(
                UserError.class,
                () -> TrainRun.run(DATA, RNN, dir, RunFixtures.QUIET, options(TrainRun.IfExists.REFUSE)));
        assertTrue(
                e.getMessage().startsWith(dir.path() + ": already holds this run, finished" + " (test accuracy "),
                e.getMessage());
        assertTrue(e.getMessage().endsWith("add --force to train it again, or choose another --out"));

        boolean[] trained = {false};
        RunSummary again = TrainRun.run(DATA, RNN, dir, new Training.Observer() {
            @Override
            public void onBatch(int epoch, long batch, long batches) {
                trained[0] = true;
            }
        });
        assertFalse(trained[0], "a finished run is not trained again");
        assertEquals(first, again);
        assertSnapshotEquals(before, snapshot(dir.path()));
    }

    @Test
    void interruptedRunIsContinuedOnlyWhenAsked() throws Exception {
        RunDirectory dir = new RunDirectory(tmp.resolve("run"));
        TrainConfig twoEpochs = RNN.with(c -> c.epochs = 2);
        assertThrows(
                IllegalStateException.class,
                () -> TrainRun.run(DATA, twoEpochs, dir, new Training.Observer() {
                    @Override
                    public void onEpoch(EpochResult result, Model model) {
                        throw new IllegalStateException("simulated crash after epoch 1");
                    }
                }));
        UserError e = assertThrows(
                UserError.class,
                () -> TrainRun.run(DATA, twoEpochs, dir, RunFixtures.QUIET, options(TrainRun.IfExists.REFUSE)));
        assertEquals(
                dir.path() + ": holds this run, stopped after epoch 1 of 2; add --resume to"
                        + " continue it, or --force to start over",
                e.getMessage());
        assertEquals(2, TrainRun.run(DATA, twoEpochs, dir, RunFixtures.QUIET).epochs());
    }

    /**
     * Other training settings make a different run; a run under a schedule laid out over its epochs cannot be extended
     * to more (its earlier epochs would have had other rates), one at a constant rate can.
     */
    @Test
    void otherTrainingSettingsAreADifferentRunAndAScheduledRunCannotBeExtended() throws Exception {
        RunDirectory dir = new RunDirectory(tmp.resolve("run"));
        TrainConfig cosine = RNN.with(c -> {
            c.recipe = Recipe.ASSIGNMENT;
            c.optimization = new TrainConfig.Optimization(LrSchedule.COSINE, 0.002f, null, 1f, 0);
        });
        TrainRun.run(DATA, cosine, dir, RunFixtures.QUIET);
        Map<String, byte[]> before = snapshot(dir.path());

        UserError e = assertThrows(UserError.class, () -> TrainRun.run(DATA, RNN, dir, RunFixtures.QUIET));
        assertTrue(
                e.getMessage()
                        .contains("(--lr 0.002 there, 0.001 here; --lr-schedule cosine there,"
                                + " constant here; --clip-norm 1.0 there, 0.0 here)"),
                e.getMessage());
        e = assertThrows(
                UserError.class, () -> TrainRun.run(DATA, cosine.with(c -> c.epochs = 2), dir, RunFixtures.QUIET));
        assertTrue(
                e.getMessage()
                        .contains("(--epochs 1 there, 2 here (a cosine schedule is laid out" + " over the whole run))"),
                e.getMessage());
        assertSnapshotEquals(before, snapshot(dir.path()));

        RunDirectory constant = new RunDirectory(tmp.resolve("constant"));
        TrainRun.run(DATA, RNN, constant, RunFixtures.QUIET);
        assertEquals(
                2,
                TrainRun.run(DATA, RNN.with(c -> c.epochs = 2), constant, RunFixtures.QUIET)
                        .epochs());
    }

    @Test
    void filesOfAnUnknownRunAreRefused() throws Exception {
        Path run = Files.createDirectories(tmp.resolve("run"));
        Files.writeString(run.resolve(RunDirectory.METRICS), "epoch,train_loss\n1,2.0\n");
        UserError e =
                assertThrows(UserError.class, () -> TrainRun.run(DATA, RNN, new RunDirectory(run), RunFixtures.QUIET));
        assertEquals(
                run + ": holds files of another run (metrics.csv, no checkpoint);"
                        + " choose another --out, or add --force to replace it",
                e.getMessage());
        assertEquals("epoch,train_loss\n1,2.0\n", Files.readString(run.resolve("metrics.csv")));
    }

    @Test
    void aWriteThatFailsHalfwayKeepsTheOldFileWhole() throws Exception {
        // a full disk, simulated: the writer fails after writing part of the new content
        Path target = tmp.resolve(CheckpointFile.FILE);
        RunDirectory.writeAtomically(target, "the last good checkpoint");
        UserError e = assertThrows(
                UserError.class,
                () -> RunDirectory.writeAtomically(target, out -> {
                    out.write("half of the new one".getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    throw new IOException("No space left on device");
                }));
        assertEquals(target + ": cannot write (No space left on device)", e.getMessage());
        assertEquals("the last good checkpoint", Files.readString(target));
        try (Stream<Path> files = Files.list(tmp)) {
            assertEquals(1, files.count(), "no temporary file left behind");
        }
    }

    @Test
    void folderThatBecomesReadOnlyKeepsItsLastCheckpoint() throws Exception {
        RunDirectory dir = new RunDirectory(tmp.resolve("run"));
        byte[][] afterEpoch1 = new byte[1][];
        try {
            UserError e = assertThrows(
                    UserError.class,
                    () -> TrainRun.run(DATA, RNN.with(c -> c.epochs = 2), dir, new Training.Observer() {
                        @Override
                        public void onEpoch(EpochResult result, Model model) {
                            try {
                                afterEpoch1[0] = Files.readAllBytes(dir.checkpointFile());
                                ReadOnlyFolder.lock(dir.path());
                            } catch (IOException io) {
                                throw new java.io.UncheckedIOException(io);
                            }
                        }
                    }));
            // the first file an epoch writes: a recurrent run's gradient flow, then the checkpoint
            Path first = dir.path().resolve(RunDirectory.GRADIENT_FLOW);
            assertTrue(e.getMessage().startsWith(first + ": cannot write ("), e.getMessage());
            assertFalse(e.getMessage().contains("\n"));
        } finally {
            ReadOnlyFolder.unlock(dir.path());
        }
        assertArrayEquals(afterEpoch1[0], Files.readAllBytes(dir.checkpointFile()));
        assertEquals(1, CheckpointFile.load(dir.checkpointFile()).epoch());
        assertEquals(
                2,
                TrainRun.run(DATA, RNN.with(c -> c.epochs = 2), dir, RunFixtures.QUIET)
                        .epochs());
    }

    private static Map<String, byte[]> snapshot(Path dir) throws IOException {
        Map<String, byte[]> files = new TreeMap<>();
        try (Stream<Path> list = Files.list(dir)) {
            for (Path f : list.toList()) {
                files.put(f.getFileName().toString(), Files.readAllBytes(f));
            }
        }
        return files;
    }

    private static void assertSnapshotEquals(Map<String, byte[]> expected, Map<String, byte[]> actual) {
        assertEquals(expected.keySet(), actual.keySet());
        expected.forEach((name, bytes) -> assertArrayEquals(bytes, actual.get(name), name));
    }
}
