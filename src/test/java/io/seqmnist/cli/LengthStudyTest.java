package io.seqmnist.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.seqmnist.CliRun;
import io.seqmnist.TestData;
import io.seqmnist.experiment.RunDirectory;
import io.seqmnist.experiment.RunSummary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code compare --study length} at a tiny size: rnn, gru and lstm at T = 28 and 112, and its report's section. */
class LengthStudyTest {

    @TempDir
    Path tmp;

    @Test
    void trainsEachModelAtEachLengthAndDrawsAccuracyAndReachAgainstT() throws Exception {
        String data = TestData.writeDataset(tmp.resolve("data"), 200, 100, true).toString();
        Path out = tmp.resolve("length");
        CliRun run = CliRun.of(
                "compare",
                "--study",
                "length",
                "--seq-lens",
                "112,28",
                "--hidden",
                "8",
                "--epochs",
                "1",
                "--limit",
                "200",
                "--data-dir",
                data,
                "--out",
                out.toString());
        assertEquals(0, run.exitCode(), run.err());

        // each run at its own T: the unit's input weights are 784/T wide
        // (rnn, H = 8: 8*w + 8*8 + 2*8 for the unit, 10*8 + 10 for the output layer)
        for (int t : List.of(28, 112)) {
            for (String model : List.of("rnn", "gru", "lstm")) {
                RunSummary s = new RunDirectory(out.resolve("runs/" + model + "-seq-len" + t + "-seed0")).readSummary();
                assertEquals(t, s.seqLen(), model + " at " + t);
            }
        }
        assertEquals(
                8 * 28 + 64 + 16 + 90,
                new RunDirectory(out.resolve("runs/rnn-seq-len28-seed0"))
                        .readSummary()
                        .parameters());
        assertEquals(
                8 * 7 + 64 + 16 + 90,
                new RunDirectory(out.resolve("runs/rnn-seq-len112-seed0"))
                        .readSummary()
                        .parameters());
        assertEquals(
                112,
                new RunDirectory(out.resolve("runs/gru-seq-len112-seed0"))
                        .readGradientFlow()
                        .get(0)
                        .gradH()
                        .length);

        String report = Files.readString(out.resolve("REPORT.md"));
        assertTrue(report.contains("## The study: the same networks over longer sequences"), report);
        assertTrue(report.contains("| network | T = 28 | T = 112 |"), report);
        for (String model : List.of("rnn", "gru", "lstm")) {
            assertTrue(
                    report.lines().anyMatch(l -> l.matches("\\| " + model + " \\| [0-9.]+% \\| [0-9.]+% \\|")), model);
            assertTrue(
                    report.lines().anyMatch(l -> l.matches("\\| " + model + " \\| -?[0-9.]+ \\| -?[0-9.]+ \\|")),
                    model + "'s log10 reach: " + report);
        }
        assertTrue(Files.size(out.resolve("length-accuracy.png")) > 1000);
        assertTrue(Files.size(out.resolve("length-gradient-flow.png")) > 1000);
    }

    @Test
    void aCompareOverSeveralLengthsDrawsALinePerNetworkItsSizeAndPermutationKeptApart() throws Exception {
        String data = TestData.writeDataset(tmp.resolve("data"), 200, 100, true).toString();
        Path out = tmp.resolve("mixed");
        CliRun run = CliRun.of(
                "compare",
                "--models",
                "rnn:seq-len=28,rnn:seq-len=112,rnn:h=12,seq-len=112,gru:seq-len=112,permute=0",
                "--hidden",
                "8",
                "--epochs",
                "1",
                "--limit",
                "200",
                "--data-dir",
                data,
                "--out",
                out.toString());
        assertEquals(0, run.exitCode(), run.err());

        String report = Files.readString(out.resolve("REPORT.md"));
        assertTrue(report.contains("| network | T = 28 | T = 112 |"), report);
        assertTrue(report.contains("after 1 epoch:"), report);
        // the 8-unit rnn at both lengths; the 12-unit rnn and the permuted gru each a line of its own, at 112 only
        assertTrue(report.lines().anyMatch(l -> l.matches("\\| rnn \\| [0-9.]+% \\| [0-9.]+% \\|")), report);
        assertTrue(report.lines().anyMatch(l -> l.matches("\\| rnn:h=12 \\|  \\| [0-9.]+% \\|")), report);
        assertTrue(report.lines().anyMatch(l -> l.matches("\\| gru:permute=0 \\|  \\| [0-9.]+% \\|")), report);
        assertTrue(Files.size(out.resolve("length-accuracy.png")) > 1000);
    }

    @Test
    void itsMistakesAreOneLineAndTrainNothing() throws Exception {
        String data = TestData.writeDataset(tmp.resolve("data"), 200, 100, true).toString();
        Path out = tmp.resolve("never");
        String base = "compare --epochs 1 --data-dir " + data + " --out " + out;
        assertEquals(
                "seqmnist: --seq-lens must divide 784 (1, 2, 4, 7, 8, 14, 16, 28, 49, 56, 98, 112, 196, 392, 784),"
                        + " got 100",
                CliRun.of((base + " --study length --seq-lens 28,100").split(" "))
                        .userError());
        assertTrue(CliRun.of((base + " --seq-lens 28,112").split(" "))
                .userError()
                .startsWith("seqmnist: --seq-lens goes with --study length"));
        assertTrue(CliRun.of((base + " --study length --seq-len 112").split(" "))
                .userError()
                .contains("leave out --seq-len"));
        assertTrue(CliRun.of((base + " --study lengths").split(" "))
                .userError()
                .startsWith("seqmnist: --study must be gates or length"));
        assertFalse(Files.exists(out));
    }
}
