package io.seqmnist.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.seqmnist.cli.Main;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The train command's exit statuses and one-line errors for the reliability cases. */
class TrainCliReliabilityTest {

    @TempDir
    static Path tmp;

    private static Path data;

    @BeforeAll
    static void smallData() throws Exception {
        data = RunFixtures.writeIdx(tmp.resolve("data"), RunFixtures.smallMnist(64, 50));
    }

    /** Exit status and stderr of {@code seqmnist train ... --data-dir DATA}. */
    private record Result(int status, String err) {}

    private static Result train(String... args) {
        List<String> all =
                new ArrayList<>(List.of("train", "--data-dir", data.toString(), "--limit", "64", "--batch-size", "64"));
        all.addAll(List.of(args));
        PrintStream original = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            int status = Main.execute(all.toArray(String[]::new));
            return new Result(status, err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setErr(original);
        }
    }

    private static String seqmnistLine(Result r) {
        List<String> lines =
                r.err().lines().filter(l -> l.startsWith("seqmnist: ")).toList();
        assertEquals(1, lines.size(), r.err());
        return lines.get(0);
    }

    @Test
    void outputFolderUnderARegularFileIsAOneLineError() throws Exception {
        Path file = Files.writeString(tmp.resolve("a-file"), "not a folder");
        Result r = train(
                "--model", "rnn", "--epochs", "1", "--out", file.resolve("run").toString());
        assertEquals(2, r.status());
        assertEquals(
                "seqmnist: " + file.resolve("run") + ": cannot create output folder (" + file
                        + " is a file, not a folder)",
                seqmnistLine(r));
    }

    @Test
    void resumeAndForceTogetherAreRefused() {
        Result r = train(
                "--model",
                "rnn",
                "--resume",
                "--force",
                "--out",
                tmp.resolve("both").toString());
        assertEquals(2, r.status());
        assertTrue(seqmnistLine(r).startsWith("seqmnist: --resume and --force contradict"));
        assertFalse(Files.exists(tmp.resolve("both")));
    }

    @Test
    void divergenceExitsWithStatus3() {
        Path out = tmp.resolve("diverged");
        Result r = train("--model", "rnn", "--epochs", "3", "--lr", "1e38", "--out", out.toString());
        assertEquals(3, r.status(), r.err());
        assertEquals(
                "seqmnist: training diverged: the loss is NaN at epoch 2, step 1 of 1;"
                        + " try a smaller learning rate than --lr 1.0E38; " + out
                        + " keeps epoch 1, the last good one",
                seqmnistLine(r));
    }

    @Test
    void aFolderHoldingARunNeedsResumeOrForce() {
        Path out = tmp.resolve("run");
        assertEquals(
                0,
                train("--model", "rnn", "--epochs", "1", "--out", out.toString())
                        .status());

        Result other = train("--model", "gru", "--epochs", "1", "--out", out.toString());
        assertEquals(2, other.status());
        assertEquals(
                "seqmnist: " + out + ": holds a different run (--model rnn there, gru here);"
                        + " choose another --out, or add --force to replace it",
                seqmnistLine(other));

        Result same = train("--model", "rnn", "--epochs", "1", "--out", out.toString());
        assertEquals(2, same.status());
        assertTrue(seqmnistLine(same).contains("already holds this run, finished"));

        assertEquals(
                0,
                train("--model", "rnn", "--epochs", "1", "--resume", "--out", out.toString())
                        .status(),
                "a finished run: nothing to do");
        assertEquals(
                0,
                train("--model", "rnn", "--epochs", "2", "--resume", "--out", out.toString())
                        .status(),
                "continued to a second epoch");
        assertEquals(2, new RunDirectory(out).readSummary().epochs());
        assertEquals(
                0,
                train("--model", "gru", "--epochs", "1", "--force", "--out", out.toString())
                        .status());
        assertEquals("gru", new RunDirectory(out).readSummary().model());
        assertEquals(
                List.of(
                        out.resolve(CheckpointFile.FILE),
                        out.resolve(RunDirectory.METRICS),
                        out.resolve(RunDirectory.SUMMARY),
                        out.resolve("model-0001.params")),
                new RunDirectory(out).runFiles(),
                "the old run's model-0002.params is gone");
    }
}
