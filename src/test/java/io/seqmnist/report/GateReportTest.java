package io.seqmnist.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import io.seqmnist.TestData;
import io.seqmnist.cli.Main;
import io.seqmnist.data.Mnist;
import io.seqmnist.data.SequenceBatches;
import io.seqmnist.model.ModelKind;
import io.seqmnist.model.RecurrentClassifier;
import io.seqmnist.model.UnitInternals;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report's section on the gates: its figures, its computed sentences, its means. */
class GateReportTest {

    @TempDir
    Path tmp;

    @Test
    void compareWritesTheGateFiguresAndEveryEmbeddedPngIsAPicture() throws Exception {
        // the figures and the text, not learning, are under test: small synthetic IDX files
        String dataDir =
                TestData.writeDataset(tmp.resolve("data"), 320, 300, true).toString();
        Path out = tmp.resolve("report");
        assertEquals(
                0,
                Main.execute(
                        "compare",
                        "--models",
                        "rnn,gru,lstm,fnn",
                        "--epochs",
                        "1",
                        "--jobs",
                        "2",
                        "--data-dir",
                        dataDir,
                        "--out",
                        out.toString()));
        String report = Files.readString(out.resolve("REPORT.md"));

        List<String> embedded = new ArrayList<>();
        Matcher png = Pattern.compile("\\]\\(([^)]+\\.png)\\)").matcher(report);
        while (png.find()) {
            embedded.add(png.group(1));
        }
        for (String file : List.of(
                "state-change.png", "gates-gru.png", "gates-lstm.png", "gate-map-gru.png", "gate-map-lstm.png")) {
            assertTrue(embedded.contains(file), file + " embedded in " + embedded);
        }
        assertTrue(embedded.size() >= 15, "every figure: " + embedded);
        for (String file : embedded) {
            BufferedImage image = ImageIO.read(out.resolve(file).toFile());
            assertNotNull(image, file + " is a PNG");
            assertTrue(colours(image) > 1, file + " is not one colour");
        }

        // the sentences carry the readings' numbers: each model's, in the models' order
        assertTrue(
                Pattern.compile("The last 4 rows \\(25-28\\) hold \\d+\\.\\d% of the test set's ink\\. "
                                + "On them, the rnn's state moves \\d+\\.\\d\\d per row; "
                                + "the gru's update gate z averages 0\\.\\d\\d and its state moves \\d+\\.\\d\\d per row; "
                                + "the lstm's forget gate f averages 0\\.\\d\\d and its state moves \\d+\\.\\d\\d per row\\. "
                                + "There the \\S+'s state moves \\d+\\.\\d times as far per row as the \\S+'s\\.")
                        .matcher(report)
                        .find(),
                report);
        assertTrue(report.contains("| lstm: cell state moves ‖c[t] - c[t-1]‖ |"), report);
        assertTrue(!report.contains("fnn: hidden state"), "the fnn has no state");
    }

    /** The per-row means over the test set, read in batches, equal one pass over all images. */
    @Test
    void readingAveragesOverEveryImageAndUnit() {
        Mnist.Split test = TestData.realMnist().test().first(300); // two evaluation batches
        int probe = 260;
        try (Model model = Model.newInstance("gru")) {
            Engine.getInstance().setRandomSeed(3);
            RecurrentClassifier classifier = (RecurrentClassifier) ModelKind.GRU.create(150);
            model.setBlock(classifier);
            try (NDManager manager = model.getNDManager().newSubManager()) {
                NDArray x = SequenceBatches.images(manager, test);
                classifier.initialize(model.getNDManager(), DataType.FLOAT32, x.getShape());
                GateReading reading = GateReading.of(model, test, probe);
                UnitInternals all = UnitInternals.of(classifier, x);

                assertEquals(List.of("r", "z"), reading.gates());
                for (String gate : reading.gates()) {
                    assertClose(
                            all.meanOverUnits(gate).mean(new int[] {0}).toFloatArray(),
                            reading.gateMeanAfterRow().get(gate),
                            gate);
                    assertClose(
                            all.get(gate).get(probe).toFloatArray(),
                            flat(reading.probeGates().get(gate)),
                            gate + " on image " + probe);
                }
                assertClose(
                        all.stateChange().mean(new int[] {0}).toFloatArray(),
                        reading.stateChangeAfterRow(),
                        "state change");
                assertEquals(List.of("h"), List.copyOf(reading.changeAfterRow().keySet()));
            }
        }
    }

    private static void assertClose(float[] expected, double[] actual, String what) {
        assertEquals(expected.length, actual.length, what);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], 1e-5, what + " [" + i + "]");
        }
    }

    private static void assertClose(float[] expected, float[] actual, String what) {
        double[] widened = new double[actual.length];
        for (int i = 0; i < actual.length; i++) {
            widened[i] = actual[i];
        }
        assertClose(expected, widened, what);
    }

    private static float[] flat(float[][] m) {
        float[] out = new float[m.length * m[0].length];
        for (int i = 0; i < m.length; i++) {
            System.arraycopy(m[i], 0, out, i * m[0].length, m[0].length);
        }
        return out;
    }

    private static long colours(BufferedImage image) {
        java.util.Set<Integer> seen = new java.util.HashSet<>();
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                seen.add(image.getRGB(x, y));
                if (seen.size() > 1) {
                    return seen.size();
                }
            }
        }
        return seen.size();
    }
}
