package io.seqmnist.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.seqmnist.CliRun;
import io.seqmnist.TestData;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad options: one line naming the option, exit 2, no usage dump, no stack trace. */
@Tag("line-endings")
class OptionErrorsTest {

    @TempDir
    Path dir;

    private String data() throws IOException {
        return TestData.writeDataset(dir.resolve("data"), 30, 10, false).toString();
    }

    @Test
    void studiesAndRunSpecs() throws IOException {
        assertEquals(
                "seqmnist: --study must be gates or length, got 'sizes'",
                CliRun.of("compare", "--data-dir", data(), "--study", "sizes").userError());
        assertEquals(
                "seqmnist: --study gates names its own models; leave out --models",
                CliRun.of("compare", "--data-dir", data(), "--study", "gates", "--models", "rnn")
                        .userError());
        assertEquals(
                "seqmnist: --models 'gru:hidden=3': unknown setting 'hidden', expected h, seq-len, permute (as in"
                        + " rnn:h=268)",
                CliRun.of("compare", "--data-dir", data(), "--models", "rnn,gru:hidden=3")
                        .userError());
        assertEquals(
                "seqmnist: --model 'rnn:h=-3': h must be at least 1, got -3",
                CliRun.of("train", "--data-dir", data(), "--model", "rnn:h=-3").userError());
    }

    @Test
    void batchSizeZero() throws IOException {
        assertEquals(
                "seqmnist: --batch-size must be at least 1, got 0",
                CliRun.of("info", "--data-dir", data(), "--batch-size", "0").userError());
    }

    @Test
    void batchSizeNotANumber() throws IOException {
        String line =
                CliRun.of("info", "--data-dir", data(), "--batch-size", "many").userError();
        assertTrue(line.contains("--batch-size") && line.contains("'many'"), line);
    }

    @Test
    void indexOutOfRange() throws IOException {
        assertEquals(
                "seqmnist: --index must be in 0..29, got 30",
                CliRun.of("info", "--data-dir", data(), "--index", "30").userError());
        assertEquals(
                "seqmnist: --index must be in 0..29, got -1",
                CliRun.of("info", "--data-dir", data(), "--index", "-1").userError());
    }

    @Test
    void unknownDataset() throws IOException {
        assertEquals(
                "seqmnist: --dataset: unknown dataset 'foo', expected mnist or fashion",
                CliRun.of("info", "--data-dir", data(), "--dataset", "foo").userError());
    }

    /** The training settings: each bad value named in one line, before anything is trained. */
    @Test
    void badTrainingSettings() throws IOException {
        String out = dir.resolve("run").toString();
        assertEquals(
                "seqmnist: --lr-schedule: unknown schedule 'step', expected one of: constant, cosine, onecycle",
                CliRun.of("train", "--model", "rnn", "--data-dir", data(), "--out", out, "--lr-schedule", "step")
                        .userError());
        assertEquals(
                "seqmnist: unknown recipe 'best', expected one of: assignment, tuned",
                CliRun.of("train", "--model", "rnn", "--data-dir", data(), "--out", out, "--recipe", "best")
                        .userError());
        assertEquals(
                "seqmnist: --clip-norm must be 0 (no clipping) or a positive number, got -1.0",
                CliRun.of("train", "--model", "rnn", "--data-dir", data(), "--out", out, "--clip-norm", "-1")
                        .userError());
        assertEquals(
                "seqmnist: --weight-decay must be 0 (none) or a positive number, got NaN",
                CliRun.of("train", "--model", "rnn", "--data-dir", data(), "--out", out, "--weight-decay", "NaN")
                        .userError());
        assertEquals(
                "seqmnist: --warmup-epochs must be 0 or more and less than --epochs 2, got 2.0",
                CliRun.of(
                                "train",
                                "--model",
                                "rnn",
                                "--data-dir",
                                data(),
                                "--out",
                                out,
                                "--epochs",
                                "2",
                                "--warmup-epochs",
                                "2")
                        .userError());
        assertEquals(
                "seqmnist: --validation 30 leaves no image to train on: the training set holds 30",
                CliRun.of("train", "--model", "rnn", "--data-dir", data(), "--out", out, "--validation", "30")
                        .userError());
        assertFalse(java.nio.file.Files.exists(dir.resolve("run")), "nothing written");
    }

    @Test
    void unknownOption() throws IOException {
        String line = CliRun.of("info", "--data-dir", data(), "--colour").userError();
        assertTrue(line.contains("'--colour'") && line.endsWith("(see: seqmnist info --help)"), line);
    }

    @Test
    void missingOptionValue() {
        String line = CliRun.of("info", "--data-dir").userError();
        assertTrue(line.contains("--data-dir"), line);
    }

    @Test
    void unknownCommand() {
        String line = CliRun.of("infos").userError();
        assertTrue(line.contains("'infos'"), line);
    }

    @Test
    void noCommand() {
        assertEquals(
                "seqmnist: a command is required (see: seqmnist --help)",
                CliRun.of().userError());
    }

    @Test
    void helpIsNotAnError() {
        CliRun run = CliRun.of("info", "--help");
        assertEquals(0, run.exitCode());
        assertTrue(run.out().contains("--batch-size"), run.out());
    }
}
