package io.seqmnist;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Run folders users already have still work: {@code src/test/resources/run-folder-v1/rnn-1-epoch} was written by
 * seqmnist 0.1.0 (commit ba95fce, its README.txt says how) and is never regenerated. A later version must evaluate it
 * to the accuracy it recorded and resume it to the numbers of a run that never stopped. Only the command line is used
 * ({@link CliRun}), so the test holds whatever the Java API becomes; it works on a copy and never touches the resource.
 */
class SavedRunFolderTest {

    private static final String FIXTURE = "/run-folder-v1/rnn-1-epoch";
    /** The fixture's training settings (README.txt), less --epochs, --out and --data-dir. */
    private static final List<String> SETTINGS =
            List.of("--model", "rnn", "--batch-size", "64", "--seed", "0", "--threads", "1");
    /**
     * The confusion matrix evaluate printed for the fixture in 0.1.0 (rows: true class, columns: predicted). Its
     * accuracy, 0.07, is also what a model answering 7 to everything would score on this data, so the predictions
     * themselves are checked too.
     */
    private static final int[][] CONFUSION = {
        {0, 0, 0, 0, 0, 0, 0, 2, 0, 2},
        {0, 0, 0, 0, 0, 0, 0, 5, 0, 3},
        {0, 0, 0, 0, 0, 0, 0, 13, 0, 4},
        {0, 0, 0, 0, 0, 0, 0, 9, 0, 6},
        {0, 0, 0, 0, 0, 0, 0, 7, 0, 4},
        {0, 0, 0, 0, 0, 0, 0, 5, 0, 5},
        {0, 0, 0, 0, 0, 0, 0, 3, 0, 7},
        {0, 0, 0, 0, 0, 0, 0, 2, 0, 5},
        {0, 0, 0, 0, 0, 0, 0, 4, 0, 5},
        {0, 0, 0, 0, 0, 0, 0, 4, 0, 5},
    };

    private static final Pattern MATRIX_ROW = Pattern.compile("\\s*\\d+(\\s+(\\d+|\\.)){10}\\s*");

    @TempDir
    Path tmp;

    private Path fixture;
    private Path saved;
    private Path data;

    @BeforeEach
    void copyTheFixtureAndWriteItsData() throws Exception {
        URL url = SavedRunFolderTest.class.getResource(FIXTURE);
        assertNotNull(url, FIXTURE + " on the test class path");
        fixture = Path.of(url.toURI());
        saved = copy(fixture, tmp.resolve("saved"));
        // the same bytes as when the fixture was trained: its checkpoint holds their fingerprint
        data = TestData.writeDataset(tmp.resolve("data"), 300, 100, false);
    }

    @Test
    void evaluatesToTheAccuracyItRecorded() throws Exception {
        String recorded = String.valueOf(summary(fixture).get("test_accuracy").getAsDouble());
        CliRun evaluate = CliRun.of("evaluate", "--model-dir", saved.toString(), "--data-dir", data.toString());
        assertEquals(0, evaluate.exitCode(), evaluate.err());
        assertTrue(evaluate.out().contains("summary.json test_accuracy: " + recorded + ", the same"), evaluate.out());
        assertArrayEquals(CONFUSION, confusion(evaluate), evaluate.out());
    }

    @Test
    void resumesToTheNumbersOfARunThatNeverStopped() throws Exception {
        CliRun resume = train("--epochs", "2", "--resume", "--out", saved.toString());
        assertEquals(0, resume.exitCode(), resume.err());
        List<String> metrics = Files.readAllLines(saved.resolve("metrics.csv"));
        assertEquals(3, metrics.size(), "a header and 2 epochs: " + metrics);
        assertEquals(
                Files.readAllLines(fixture.resolve("metrics.csv")).get(1),
                metrics.get(1),
                "epoch 1 is the saved one, timings included, not trained again");
        assertEquals(2, summary(saved).get("epochs").getAsInt());

        Path straight = tmp.resolve("straight");
        CliRun run = train("--epochs", "2", "--out", straight.toString());
        assertEquals(0, run.exitCode(), run.err());
        // As metrics.csv prints them (6 decimals). With the accelerator on, the resumed run's
        // epoch 1 is the fixture's, trained with it off, and this run's is trained with it on:
        // the accelerator's kernels (OpenBLAS's matrix products, oneMKL's vector math on its
        // AVX-512 kernels) round otherwise than plain libtorch's, so the parameters differ in
        // their last bits and are not compared. Its Adam is not the cause: it gives DJL's Adam's
        // bits (accel/CheckpointAcrossAdamsTest).
        assertEquals(lossAndAccuracy(Files.readAllLines(straight.resolve("metrics.csv"))), lossAndAccuracy(metrics));
    }

    /** train with the fixture's settings on its data, and these options. */
    private CliRun train(String... options) {
        List<String> args = new ArrayList<>(List.of("train"));
        args.addAll(SETTINGS);
        args.addAll(List.of("--data-dir", data.toString()));
        args.addAll(List.of(options));
        return CliRun.of(args.toArray(String[]::new));
    }

    /** epoch, train_loss, train_accuracy and test_accuracy of every row, found by their names. */
    private static List<List<String>> lossAndAccuracy(List<String> metrics) {
        List<String> header = List.of(metrics.get(0).split(","));
        List<Integer> columns = Stream.of("epoch", "train_loss", "train_accuracy", "test_accuracy")
                .map(header::indexOf)
                .toList();
        assertFalse(columns.contains(-1), "columns in " + header);
        return metrics.stream()
                .map(line -> List.of(line.split(",")))
                .map(row -> columns.stream().map(row::get).toList())
                .toList();
    }

    /** The confusion matrix evaluate printed: the rows of 11 numbers ('.' for 0). */
    private static int[][] confusion(CliRun evaluate) {
        return evaluate.outLines().stream()
                .filter(line -> MATRIX_ROW.matcher(line).matches())
                .map(line -> Stream.of(line.trim().split("\\s+"))
                        .skip(1)
                        .mapToInt(cell -> cell.equals(".") ? 0 : Integer.parseInt(cell))
                        .toArray())
                .toArray(int[][]::new);
    }

    private static JsonObject summary(Path run) throws IOException {
        return JsonParser.parseString(Files.readString(run.resolve("summary.json")))
                .getAsJsonObject();
    }

    private static Path copy(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (Stream<Path> files = Files.list(from)) {
            for (Path file : files.toList()) {
                Files.copy(file, to.resolve(file.getFileName()));
            }
        }
        return to;
    }
}
