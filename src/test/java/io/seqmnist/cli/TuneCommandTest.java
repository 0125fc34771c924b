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
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The search on a small grid: every point scored on held-out training images, the best chosen. */
class TuneCommandTest {

    @TempDir
    Path tmp;

    @Test
    void triesEveryPointOfBothStagesAndChoosesTheBestOnValidationAccuracy() throws Exception {
        // the search's mechanics, not learning, are under test: small synthetic IDX files
        String dataDir =
                TestData.writeDataset(tmp.resolve("data"), 420, 50, true).toString();
        Path out = tmp.resolve("tune");
        assertEquals(
                0,
                Main.execute(
                        "tune",
                        "--models",
                        "rnn,fnn",
                        "--epochs",
                        "1",
                        "--validation",
                        "100",
                        "--schedules",
                        "constant,cosine",
                        "--lrs",
                        "0.002",
                        "--clip-norms",
                        "1",
                        "--weight-decays",
                        "0.001",
                        "--jobs",
                        "2",
                        "--data-dir",
                        dataDir,
                        "--out",
                        out.toString()));

        List<String> csv = Files.readAllLines(out.resolve("validation.csv"));
        assertEquals(
                "model,stage,schedule,lr,warmup_epochs,clip_norm,weight_decay,seed,validation_accuracy,"
                        + "best_validation_accuracy,best_epoch",
                csv.get(0));
        List<String[]> points =
                csv.subList(1, csv.size()).stream().map(l -> l.split(",")).toList();
        assertEquals(8, points.size(), "2 x 2 in stage 1, 2 x 2 in stage 2: " + csv);
        String md = Files.readString(out.resolve("TUNING.md"));
        for (String model : List.of("rnn", "fnn")) {
            List<String[]> mine =
                    points.stream().filter(p -> p[0].equals(model)).toList();
            String[] stage1Best = mine.stream()
                    .filter(p -> p[1].equals("1")) // the first on a tie
                    .reduce((a, b) -> Double.parseDouble(b[8]) > Double.parseDouble(a[8]) ? b : a)
                    .orElseThrow();
            assertTrue(
                    mine.stream().filter(p -> p[1].equals("2")).allMatch(p -> p[2].equals(stage1Best[2])),
                    "stage 2 around the best schedule of stage 1");
            double best = mine.stream()
                    .mapToDouble(p -> Double.parseDouble(p[8]))
                    .max()
                    .orElseThrow();
            assertTrue(md.contains(String.format(java.util.Locale.ROOT, "**Chosen for %s: ", model)), md);
            assertTrue(
                    md.contains(String.format(java.util.Locale.ROOT, "validation accuracy %.2f%%.", 100 * best)),
                    model + " chose the best point, " + best + ": " + md);
        }
        assertTrue(
                md.contains("trained on the first 320 training images and scored by its accuracy on the last 100"), md);
        assertTrue(md.contains("The test set is not read."));

        try (Stream<Path> runs = Files.list(out.resolve("runs"))) {
            for (Path run : runs.toList()) {
                String summary = Files.readString(run.resolve("summary.json"));
                assertFalse(summary.contains("test_accuracy"), run + ": " + summary);
                assertTrue(summary.contains("\"validation\": 100"), run + ": " + summary);
            }
        }
    }

    @Test
    void aFullGridWithSeedsTriesEveryCombinationOnEverySeedAndScoresThePointByTheirMean() throws Exception {
        String dataDir =
                TestData.writeDataset(tmp.resolve("data"), 420, 50, true).toString();
        Path out = tmp.resolve("tune");
        assertEquals(
                0,
                Main.execute(
                        "tune",
                        "--models",
                        "fnn",
                        "--epochs",
                        "1",
                        "--validation",
                        "100",
                        "--grid",
                        "full",
                        "--seeds",
                        "2",
                        "--seed",
                        "3",
                        "--schedules",
                        "cosine",
                        "--lrs",
                        "0.004",
                        "--clip-norms",
                        "1",
                        "--weight-decays",
                        "0.001",
                        "--jobs",
                        "2",
                        "--data-dir",
                        dataDir,
                        "--out",
                        out.toString()));

        List<String[]> runs = Files.readAllLines(out.resolve("validation.csv")).stream()
                .skip(1)
                .map(l -> l.split(","))
                .toList();
        // (no clip, clip 1) x (no decay, decay 0.001), each on seeds 3 and 4; no stage 2
        assertEquals(8, runs.stream().filter(r -> r[3].equals("0.004")).count());
        assertTrue(runs.stream().allMatch(r -> r[1].equals("1")));
        assertEquals(
                4,
                runs.stream()
                        .map(r -> r[3] + "/" + r[5] + "/" + r[6])
                        .distinct()
                        .count());
        assertEquals(
                List.of("3", "4"),
                runs.stream().map(r -> r[7]).distinct().sorted().toList());
        Map<String, Double> means = runs.stream()
                .collect(Collectors.groupingBy(
                        r -> r[3] + "/" + r[5] + "/" + r[6],
                        Collectors.averagingDouble(r -> Double.parseDouble(r[8]))));
        for (String[] r : runs) { // every run is its own training on its own seed, in its own folder
            String name = "fnn-cosine-lr" + r[3] + (r[5].equals("0") ? "" : "-clip" + r[5])
                    + (r[6].equals("0") ? "" : "-wd" + r[6]) + "-seed" + r[7];
            String summary = Files.readString(out.resolve("runs").resolve(name).resolve("summary.json"));
            assertTrue(summary.contains("\"seed\": " + r[7] + ","), name + ": " + summary);
        }

        String md = Files.readString(out.resolve("TUNING.md"));
        double best =
                means.values().stream().mapToDouble(Double::doubleValue).max().orElseThrow();
        assertTrue(
                md.contains(String.format(Locale.ROOT, "validation accuracy %.2f%% ± ", 100 * best)),
                "chose the best mean, " + best + ": " + md);
        assertTrue(md.contains("with clip-norm 1 and weight decay 0.001"), md);
        assertTrue(md.contains("2 runs of 1 epoch, seeds 3 to 4"), md);
        assertFalse(md.contains("Stage 2"), md);
    }

    @Test
    void searchesAtTheSequenceLengthAndPermutationItIsGiven() throws Exception {
        // a recipe for long sequences is searched at the length (and shuffle) it is for
        String dataDir =
                TestData.writeDataset(tmp.resolve("data"), 300, 50, true).toString();
        Path out = tmp.resolve("tune");
        assertEquals(
                0,
                Main.execute(
                        "tune",
                        "--models",
                        "gru",
                        "--hidden",
                        "6",
                        "--seq-len",
                        "112",
                        "--permute",
                        "3",
                        "--epochs",
                        "1",
                        "--validation",
                        "100",
                        "--schedules",
                        "constant",
                        "--lrs",
                        "0.001,0.004",
                        "--clip-norms",
                        "none",
                        "--weight-decays",
                        "none",
                        "--data-dir",
                        dataDir,
                        "--out",
                        out.toString()));

        List<Path> runs;
        try (Stream<Path> list = Files.list(out.resolve("runs"))) {
            runs = list.sorted().toList();
        }
        assertEquals(2, runs.size(), runs.toString());
        for (Path run : runs) {
            RunSummary s = new RunDirectory(run).readSummary();
            assertEquals(112, s.seqLen(), run.toString());
            assertEquals(3, s.permute(), run.toString());
            // the unit reads 7 pixels a step: 3 gates x 6 x (7 + 6) + 2 x 3 x 6 biases, then 10 x 6 + 10
            assertEquals(3 * 6 * (7 + 6) + 36 + 70, s.parameters(), run.toString());
            assertTrue(Files.exists(run.resolve("permutation.json")), run.toString());
        }
        assertEquals(3, Files.readAllLines(out.resolve("validation.csv")).size());
        assertTrue(Files.readString(out.resolve("TUNING.md")).contains("gru"));
    }

    @Test
    @Tag("line-endings")
    void seedsBelowOneAreRefused() throws Exception {
        String dataDir =
                TestData.writeDataset(tmp.resolve("data"), 30, 10, false).toString();
        assertEquals(
                "seqmnist: --seeds must be at least 1, got 0",
                CliRun.of("tune", "--seeds", "0", "--data-dir", dataDir).userError());
        assertEquals(
                "seqmnist: --grid must be staged or full, got 'all'",
                CliRun.of("tune", "--grid", "all", "--data-dir", dataDir).userError());
    }

    @Test
    @Tag("line-endings")
    void withoutValidationImagesItRefusesToRun() throws Exception {
        String dataDir =
                TestData.writeDataset(tmp.resolve("data"), 30, 10, false).toString();
        assertEquals(
                "seqmnist: --validation must be at least 1: tune scores on held-out training images,"
                        + " never on the test set",
                CliRun.of("tune", "--validation", "0", "--data-dir", dataDir).userError());
    }
}
