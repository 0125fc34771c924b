package io.seqmnist.predict;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.seqmnist.CliRun;
import io.seqmnist.TestData;
import io.seqmnist.data.Mnist;
import io.seqmnist.experiment.RunDirectory;
import io.seqmnist.experiment.RunFixtures;
import io.seqmnist.experiment.RunSummary;
import io.seqmnist.experiment.TrainRun;
import io.seqmnist.model.ModelKind;
import io.seqmnist.train.Training;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code evaluate} and {@code export-digits} on a small random dataset. */
class EvaluateExportTest {

    @TempDir
    static Path tmp;

    static Path dataDir;
    static Mnist data;
    static Path run;
    static RunSummary summary;

    @BeforeAll
    static void trainOnRandomData() throws IOException {
        dataDir = TestData.writeDataset(tmp.resolve("data"), 128, 300, false);
        data = Mnist.load("mnist", dataDir);
        run = tmp.resolve("rnn");
        summary = TrainRun.run(
                data,
                RunFixtures.config(ModelKind.RNN, 1, 64, 16, 1e-2f),
                new RunDirectory(run),
                new Training.Observer() {});
    }

    /** The fraction {@code evaluate} printed after "test accuracy:". */
    static double printedAccuracy(String out) {
        Matcher m = Pattern.compile("test accuracy: [0-9.]+% \\((\\d+) of (\\d+) correct; ([0-9.E-]+)\\)")
                .matcher(out);
        assertTrue(m.find(), out);
        assertEquals(
                Double.parseDouble(m.group(3)), Double.parseDouble(m.group(1)) / Double.parseDouble(m.group(2)), 0.0);
        return Double.parseDouble(m.group(3));
    }

    @Test
    void evaluateMatchesTheRunsTestAccuracyAndPrintsTheConfusionMatrix() {
        CliRun result = CliRun.of("evaluate", "--model-dir", run.toString(), "--data-dir", dataDir.toString());
        assertEquals(0, result.exitCode(), result.err());
        assertEquals(summary.testAccuracy(), printedAccuracy(result.out()), 0.0);
        assertTrue(result.out().contains("test_accuracy: " + summary.testAccuracy() + ", the same"), result.out());
        assertTrue(result.out().contains("per-class accuracy:"), result.out());
        // the matrix: a header and ten rows whose counts add up to the test set
        int total = 0;
        boolean inMatrix = false;
        int rows = 0;
        for (String line : result.outLines()) {
            if (line.contains("true\\pred")) {
                inMatrix = true;
                continue;
            }
            if (inMatrix) {
                String[] cells = line.trim().split("\\s+");
                assertEquals(11, cells.length, line);
                assertEquals(String.valueOf(rows), cells[0]);
                for (int c = 1; c < cells.length; c++) {
                    total += cells[c].equals(".") ? 0 : Integer.parseInt(cells[c]);
                }
                rows++;
            }
        }
        assertEquals(10, rows, result.out());
        assertEquals(300, total);
    }

    @Test
    void evaluateRefusesABadModelFolderInOneLine() {
        CliRun result =
                CliRun.of("evaluate", "--model-dir", tmp.resolve("nope").toString(), "--data-dir", dataDir.toString());
        assertEquals(2, result.exitCode());
        assertEquals(1, result.errLines().size(), result.err());
        assertTrue(result.err().contains("model folder not found"), result.err());
    }

    @Test
    void exportWritesTheFirstTestImagesAsGreyPngsNamedByIndexAndLabel() throws IOException {
        Path out = tmp.resolve("digits");
        CliRun result =
                CliRun.of("export-digits", "--count", "7", "--out", out.toString(), "--data-dir", dataDir.toString());
        assertEquals(0, result.exitCode(), result.err());
        try (var files = Files.list(out)) {
            assertEquals(7, files.count(), "nothing else, no temporary files");
        }
        for (int i = 0; i < 7; i++) {
            Path file = out.resolve(i + "-" + data.test().label(i) + ".png");
            BufferedImage image = ImageIO.read(file.toFile());
            assertEquals(BufferedImage.TYPE_BYTE_GRAY, image.getType(), file.toString());
            assertEquals(28, image.getWidth());
            assertEquals(28, image.getHeight());
            for (int y = 0; y < 28; y++) {
                for (int x = 0; x < 28; x++) {
                    assertEquals(data.test().pixel(i, y, x), image.getRaster().getSample(x, y, 0));
                }
            }
        }
    }

    @Test
    void exportRefusesABadCountWithoutWritingAnything() {
        for (String count : new String[] {"0", "-3", "301"}) {
            Path out = tmp.resolve("bad-" + count);
            CliRun result = CliRun.of(
                    "export-digits", "--count", count, "--out", out.toString(), "--data-dir", dataDir.toString());
            assertEquals(2, result.exitCode(), count);
            assertEquals(1, result.errLines().size(), result.err());
            assertTrue(result.err().contains("--count"), result.err());
            assertFalse(Files.exists(out), "nothing written for --count " + count);
        }
    }
}
