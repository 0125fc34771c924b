package io.seqmnist.experiment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.seqmnist.CliRun;
import io.seqmnist.data.Mnist;
import io.seqmnist.train.Checkpoint;
import io.seqmnist.train.EpochResult;
import io.seqmnist.train.TrainConfig;
import io.seqmnist.train.Training;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run folder written before the training settings existed (its summary.json and checkpoint hold none of recipe,
 * schedule, warm-up, clipping, weight decay or validation) reads as the assignment's recipe: it loads, evaluates, is
 * kept by a compare of the same run, and an interrupted one resumes to the numbers of a run that never stopped.
 */
class OlderRunFolderTest {

    private static final Mnist DATA = RunFixtures.smallMnist(200, 100);
    private static final TrainConfig RNN = RunFixtures.config("rnn", 2, 64, 0.001f);
    /** What this version adds to summary.json. */
    private static final List<String> NEW_SUMMARY_KEYS = List.of(
            "recipe",
            "lr_schedule",
            "warmup_epochs",
            "clip_norm",
            "weight_decay",
            "validation",
            "validation_accuracy",
            "best_validation_accuracy");

    @TempDir
    Path tmp;

    private static final class SimulatedCrash extends RuntimeException {}

    @Test
    void anOlderSummaryLoadsEvaluatesAndIsKeptAsTheSameRun() throws Exception {
        RunDirectory dir = new RunDirectory(tmp.resolve("run"));
        RunSummary trained = TrainRun.run(DATA, RNN, dir, RunFixtures.QUIET);
        Path file = dir.path().resolve(RunDirectory.SUMMARY);
        JsonObject json = JsonParser.parseString(Files.readString(file)).getAsJsonObject();
        NEW_SUMMARY_KEYS.forEach(json::remove);
        Files.writeString(file, json.toString());
        Files.delete(dir.checkpointFile()); // a finished run recognised by its summary alone

        RunSummary old = dir.readSummary();
        assertEquals("assignment", old.recipe());
        assertEquals("constant", old.lrSchedule());
        assertEquals(0, old.validation());
        assertEquals(trained.testAccuracy(), old.testAccuracy());
        assertNull(old.validationAccuracy());
        assertEquals(trained.testAccuracy(), old.heldOutAccuracy(), 0);
        try (Model model = dir.loadModel()) {
            assertEquals(28_510, TrainRun.parameterCount(model));
        }
        // compare keeps it: the same run under the assignment's recipe
        assertEquals(
                old,
                ExistingRun.examine(DATA, RNN, dir, TrainRun.IfExists.RESUME).finished());

        Path data = RunFixtures.writeIdx(tmp.resolve("data"), DATA);
        CliRun evaluate = CliRun.of("evaluate", "--model-dir", dir.path().toString(), "--data-dir", data.toString());
        assertEquals(0, evaluate.exitCode(), evaluate.err());
        assertTrue(
                evaluate.out().contains("summary.json test_accuracy: " + old.testAccuracy() + ", the same"),
                evaluate.out());
    }

    @Test
    void anOlderCheckpointResumesToTheNumbersOfARunThatNeverStopped() throws Exception {
        Path straight = tmp.resolve("straight");
        TrainRun.run(DATA, RNN, new RunDirectory(straight), RunFixtures.QUIET);

        RunDirectory resumed = new RunDirectory(tmp.resolve("resumed"));
        assertThrows(
                SimulatedCrash.class,
                () -> TrainRun.run(DATA, RNN, resumed, new Training.Observer() {
                    @Override
                    public void onEpoch(EpochResult result, Model m) {
                        throw new SimulatedCrash();
                    }
                }));
        Path file = resumed.checkpointFile();
        Files.write(file, withoutNewConfigKeys(Files.readAllBytes(file)));
        Checkpoint old = CheckpointFile.load(file);
        assertEquals(RNN, old.header().config(), "reads as the assignment's recipe");

        TrainRun.run(DATA, RNN, resumed, RunFixtures.QUIET);
        assertEquals(RunFixtures.lossAndAccuracy(straight), RunFixtures.lossAndAccuracy(resumed.path()));
        assertArrayEquals(RunFixtures.modelBytes(straight, 2), RunFixtures.modelBytes(resumed.path(), 2));
    }

    /**
     * The checkpoint as the version before recipes wrote it: format version 1, its config flat (the learning rate
     * beside the model), without this version's training settings.
     */
    private static byte[] withoutNewConfigKeys(byte[] checkpoint) throws Exception {
        DataInputStream in =
                new DataInputStream(new ByteArrayInputStream(checkpoint, 0, checkpoint.length - Long.BYTES));
        String magic = in.readUTF();
        assertEquals(3, in.readInt(), "this version writes format 3");
        int version = 1;
        byte[] header = in.readNBytes(in.readInt());
        byte[] arrays = in.readAllBytes();
        JsonObject json = JsonParser.parseString(new String(header, StandardCharsets.UTF_8))
                .getAsJsonObject();
        JsonObject config = json.getAsJsonObject("config");
        JsonObject optimization = config.getAsJsonObject("optimization");
        assertTrue(config.has("recipe") && config.has("validation"), config.toString());
        config.add("learning_rate", optimization.get("learning_rate"));
        List.of("optimization", "recipe", "validation").forEach(config::remove);
        byte[] oldHeader = json.toString().getBytes(StandardCharsets.UTF_8);

        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeUTF(magic);
        out.writeInt(version);
        out.writeInt(oldHeader.length);
        out.write(oldHeader);
        out.write(arrays);
        out.flush();
        CRC32 crc = new CRC32();
        crc.update(bytes.toByteArray());
        out.writeLong(crc.getValue());
        return bytes.toByteArray();
    }

    /** A checkpoint with its format version replaced (and its checksum made right again). */
    static byte[] asVersion(byte[] checkpoint, int version) {
        byte[] copy = checkpoint.clone();
        int at = 2 + "seqmnist checkpoint".length(); // after writeUTF's length and the magic
        java.nio.ByteBuffer.wrap(copy).putInt(at, version);
        CRC32 crc = new CRC32();
        crc.update(copy, 0, copy.length - Long.BYTES);
        java.nio.ByteBuffer.wrap(copy).putLong(copy.length - Long.BYTES, crc.getValue());
        return copy;
    }

    /**
     * Version 2 (before checkpoints within an epoch) reads as the end of its epoch; a version-2 file claiming a partial
     * epoch, which that version could not write, is refused as damaged, not resumed from the wrong batch.
     */
    @Test
    void aVersion2CheckpointReadsAndOnlyVersion3HoldsAPartialEpoch() throws Exception {
        RunDirectory dir = new RunDirectory(tmp.resolve("v2"));
        assertThrows(
                SimulatedCrash.class,
                () -> TrainRun.run(
                        DATA,
                        RNN,
                        dir,
                        new Training.Observer() {
                            @Override
                            public void onBatch(int epoch, long batch, long batches) {
                                if (epoch == 2 && batch == 3) {
                                    throw new SimulatedCrash();
                                }
                            }
                        },
                        new TrainRun.Options(TrainRun.IfExists.RESUME, null, java.time.Duration.ofNanos(1))));
        byte[] partial = Files.readAllBytes(dir.checkpointFile());
        assertEquals(2, CheckpointFile.fromBytes(partial).batchesIntoEpoch());
        IOException refused = assertThrows(IOException.class, () -> CheckpointFile.fromBytes(asVersion(partial, 2)));
        assertTrue(refused.getMessage().contains("partial epoch"), refused.getMessage());

        Checkpoint atEpochEnd = CheckpointFile.load(dir.checkpointFile()); // rewritten below as an epoch's end
        Checkpoint.Header h = atEpochEnd.header();
        Checkpoint endOfEpoch = new Checkpoint(
                new Checkpoint.Header(h.config(), h.dataFingerprint(), h.epoch(), h.steps(), h.results()),
                atEpochEnd.arrays());
        Checkpoint v2 = CheckpointFile.fromBytes(asVersion(CheckpointFile.toBytes(endOfEpoch), 2));
        assertEquals(1, v2.epoch());
        assertEquals(0, v2.batchesIntoEpoch());
        assertThrows(IOException.class, () -> CheckpointFile.fromBytes(asVersion(partial, 4)), "a future version");
    }
}
