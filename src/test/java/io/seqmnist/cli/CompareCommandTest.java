package io.seqmnist.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.seqmnist.CliRun;
import io.seqmnist.TestData;
import io.seqmnist.experiment.RunDirectory;
import io.seqmnist.experiment.RunSummary;
import io.seqmnist.model.ModelKind;
import io.seqmnist.train.Recipe;
import io.seqmnist.train.TrainConfig;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The main job on a small plan: two models, two seeds, two jobs at once. */
class CompareCommandTest {

    @TempDir
    Path tmp;

    @Test
    void twoRunsOfOneModelDifferInTheirOwnSettings() throws Exception {
        String dataDir =
                TestData.writeDataset(tmp.resolve("data"), 200, 100, true).toString();
        Path out = tmp.resolve("sizes");
        assertEquals(
                0,
                Main.execute(
                        "compare",
                        "--models",
                        "rnn:h=12,rnn:h=20,gru",
                        "--hidden",
                        "8",
                        "--epochs",
                        "1",
                        "--data-dir",
                        dataDir,
                        "--out",
                        out.toString()));
        List<String> rows = Files.readAllLines(out.resolve("summary.csv"));
        // parameters: H*28 + H*H + 2H (the unit, a GRU's 3 times that) + 10H + 10 (the output layer); the gru has
        // --hidden 8
        assertEquals(
                List.of("rnn:h=12,634", "rnn:h=20,1210", "gru,1002"),
                rows.subList(1, rows.size()).stream()
                        .map(r -> r.split(",")[0] + "," + r.split(",")[7])
                        .toList());
        assertEquals(
                20,
                new RunDirectory(out.resolve("runs/rnn-h20-seed0"))
                        .readSummary()
                        .hidden());
        String report = Files.readString(out.resolve("REPORT.md"));
        assertTrue(report.contains("| rnn:h=20 |"), report);
        assertTrue(Files.exists(out.resolve("confusion-rnn-h12.png")));
        // the gradient-flow section's ratio for a run is its gradient-flow.csv's ||dL/dh_1|| / ||dL/dh_28||
        double expected = new RunDirectory(out.resolve("runs/rnn-h20-seed0"))
                .readGradientFlow()
                .get(0)
                .firstToLast();
        String row = report.lines()
                .filter(l -> l.startsWith("| rnn:h=20 | assignment | "))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no gradient-flow row for rnn:h=20: " + report));
        double shown = Double.parseDouble(row.split("\\|")[3].trim());
        assertEquals(expected, shown, 0.005 * expected, row);
    }

    @Test
    void aReportSaysWhenOptionsChangedTheRecipeItNames() throws Exception {
        String dataDir =
                TestData.writeDataset(tmp.resolve("data"), 200, 100, true).toString();
        Path out = tmp.resolve("changed");
        assertEquals(
                0,
                Main.execute(
                        "compare",
                        "--models",
                        "rnn",
                        "--hidden",
                        "8",
                        "--epochs",
                        "1",
                        "--lr",
                        "0.004",
                        "--clip-norm",
                        "1",
                        "--data-dir",
                        dataDir,
                        "--out",
                        out.toString()));
        String report = Files.readString(out.resolve("REPORT.md"));
        assertTrue(
                report.contains("cross-entropy, 1 epoch, 1 seed (0), hidden size 8; the assignment recipe with options "
                        + "that change it: learning rate 0.004, constant, gradient-norm clipping at 1."),
                report);
    }

    @Test
    void trainsEveryRunWritesTheReportAndKeepsCompleteRuns() throws Exception {
        // orchestration, not learning, is under test here: small synthetic IDX files keep it quick
        String dataDir =
                TestData.writeDataset(tmp.resolve("data"), 320, 300, true).toString();
        Path parallel = tmp.resolve("parallel");
        String[] common = {"compare", "--models", "rnn,fnn", "--seeds", "2", "--epochs", "2", "--data-dir", dataDir};
        assertEquals(0, Main.execute(concat(common, "--jobs", "2", "--out", parallel.toString())));

        List<String> rows = Files.readAllLines(parallel.resolve("summary.csv"));
        assertEquals(
                "model,recipe,seed,test_accuracy,best_test_accuracy,train_seconds,seconds_per_epoch,parameters",
                rows.get(0));
        assertEquals(
                List.of("rnn,assignment,0", "fnn,assignment,0", "rnn,assignment,1", "fnn,assignment,1"),
                rows.subList(1, rows.size()).stream()
                        .map(r -> String.join(",", List.of(r.split(",")).subList(0, 3)))
                        .toList());

        String report = Files.readString(parallel.resolve("REPORT.md"));
        // two seeds: the verdict comes from Welch's t-test, one way or the other, and never says "won"
        assertTrue(
                report.contains("Welch's t-test over 2 seeds") || report.contains("not distinguishable over 2 seeds"),
                report);
        assertTrue(!report.contains(" won"), report);
        assertTrue(report.contains("±"), "two seeds give mean ± sd: " + report);
        assertTrue(report.contains("\nbin/seqmnist compare --models rnn,fnn --seeds 2"), "the command as typed");
        for (String png : List.of(
                "test-accuracy.png",
                "train-loss.png",
                "accuracy-after-each-row.png",
                "confusion-rnn.png",
                "confusion-fnn.png",
                "rows-rnn-0.png")) {
            assertTrue(report.contains("(" + png + ")"), png + " embedded");
            BufferedImage image = ImageIO.read(parallel.resolve(png).toFile());
            assertNotNull(image, png + " is a PNG");
            assertTrue(image.getWidth() > 300 && image.getHeight() > 200, png);
        }

        // one job at a time gives exactly the numbers two jobs gave: seeding is not shared
        Path sequential = tmp.resolve("sequential");
        assertEquals(0, Main.execute(concat(common, "--jobs", "1", "--out", sequential.toString())));
        for (String run : List.of("rnn-seed0", "rnn-seed1", "fnn-seed1")) {
            assertEquals(
                    lossAndAccuracy(parallel.resolve("runs").resolve(run)),
                    lossAndAccuracy(sequential.resolve("runs").resolve(run)),
                    run);
        }

        // compare trains every run in a child process; `train` in this process gives the same
        Path here = tmp.resolve("in-process");
        assertEquals(
                0,
                Main.execute(
                        "train",
                        "--model",
                        "rnn",
                        "--seed",
                        "1",
                        "--epochs",
                        "2",
                        "--data-dir",
                        dataDir,
                        "--out",
                        here.toString()));
        assertEquals(lossAndAccuracy(parallel.resolve("runs/rnn-seed1")), lossAndAccuracy(here));

        // a second compare over the same folder keeps the complete runs as they are
        Path params = parallel.resolve("runs/rnn-seed0/model-0002.params");
        FileTime before = Files.getLastModifiedTime(params);
        assertEquals(0, Main.execute(concat(common, "--jobs", "1", "--out", parallel.toString())));
        assertEquals(before, Files.getLastModifiedTime(params));
        // and its report still says how long the training took: the first invocation's time, kept in the folder
        List<String> times = Files.readAllLines(parallel.resolve("wall-times.csv"));
        assertEquals(2, times.size(), "a row for the invocation that trained, none for the one that kept: " + times);
        assertTrue(times.get(1).contains(",4,2,"), times.get(1));
        String again = Files.readString(parallel.resolve("REPORT.md"));
        assertTrue(again.contains("in all to train 4 runs, over 1 invocation of the command"), again);
        assertTrue(again.contains("this one trained 0"), again);
    }

    @Test
    void twoRecipesRunSideBySideAndTheReportComparesThem() throws Exception {
        String dataDir =
                TestData.writeDataset(tmp.resolve("data"), 320, 300, true).toString();
        Path out = tmp.resolve("recipes");
        assertEquals(
                0,
                Main.execute(
                        "compare",
                        "--models",
                        "rnn",
                        "--recipes",
                        "assignment,tuned",
                        "--seeds",
                        "2",
                        "--epochs",
                        "1",
                        "--jobs",
                        "2",
                        "--data-dir",
                        dataDir,
                        "--out",
                        out.toString()));

        List<String> rows = Files.readAllLines(out.resolve("summary.csv"));
        assertEquals(
                List.of("rnn,assignment,0", "rnn,tuned,0", "rnn,assignment,1", "rnn,tuned,1"),
                rows.subList(1, rows.size()).stream()
                        .map(r -> String.join(",", List.of(r.split(",")).subList(0, 3)))
                        .toList());
        TrainConfig.Optimization tuned = TrainConfig.defaults(ModelKind.RNN)
                .with(c -> {
                    c.epochs = 1;
                    c.optimization = Recipe.TUNED.settings(ModelKind.RNN);
                })
                .optimization();
        RunSummary run = new RunDirectory(out.resolve("runs/rnn-tuned-seed1")).readSummary();
        assertEquals(
                List.of(
                        "tuned",
                        tuned.schedule().cliName(),
                        tuned.learningRate(),
                        tuned.warmupEpochs(),
                        tuned.clipNorm(),
                        tuned.weightDecay()),
                List.of(
                        run.recipe(),
                        run.lrSchedule(),
                        run.lr(),
                        run.warmupEpochs(),
                        run.clipNorm(),
                        run.weightDecay()));
        assertEquals(
                "assignment",
                new RunDirectory(out.resolve("runs/rnn-seed1")).readSummary().recipe());

        String report = Files.readString(out.resolve("REPORT.md"));
        assertTrue(report.contains("## Recipes side by side"), report);
        assertTrue(
                report.matches(
                        "(?s).*\\| rnn \\| [0-9.]+% ± [0-9.]+ \\([0-9.]+%\\) \\| [0-9.]+% ± [0-9.]+ \\([0-9.]+%\\)"
                                + " \\| [-+][0-9.]+ points \\|.*"),
                "assignment and tuned, mean ± sd (median), the difference: " + report);
        assertTrue(report.contains("The sections below read the runs of the assignment recipe"), report);
        assertTrue(
                report.contains("; the assignment recipe: learning rate 0.001, constant; the tuned recipe: "), report);
        assertTrue(report.contains("## Why the gates win"), "the gate section still there");
        assertTrue(
                report.contains(" for the 4 of 4 runs this command trained"), "both recipes' runs counted: " + report);
        for (String png : List.of("recipes-rnn.png", "test-accuracy.png")) {
            assertTrue(report.contains("(" + png + ")"), png + " embedded");
            assertNotNull(ImageIO.read(out.resolve(png).toFile()), png + " is a PNG");
        }

        assertEquals(
                "seqmnist: --lr overrides one recipe's setting; with --recipes naming 2, leave it out"
                        + " (or compare one recipe)",
                CliRun.of(
                                "compare",
                                "--models",
                                "rnn",
                                "--recipes",
                                "assignment,tuned",
                                "--lr",
                                "0.002",
                                "--data-dir",
                                dataDir,
                                "--out",
                                tmp.resolve("refused").toString())
                        .userError());
    }

    private static List<String> lossAndAccuracy(Path run) throws Exception {
        return Files.readAllLines(run.resolve(RunDirectory.METRICS)).stream()
                .map(l -> String.join(",", List.of(l.split(",")).subList(0, 4)))
                .toList();
    }

    private static String[] concat(String[] a, String... b) {
        String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
