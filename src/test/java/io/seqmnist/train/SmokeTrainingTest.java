package io.seqmnist.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.seqmnist.TestData;
import io.seqmnist.experiment.RunDirectory;
import io.seqmnist.experiment.RunSummary;
import io.seqmnist.experiment.TrainRun;
import io.seqmnist.model.ModelKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The real thing, small: every model trains on a few hundred real images and learns. */
class SmokeTrainingTest {

    @TempDir
    Path tmp;

    /** Every model this process can build: fast-* only with the accelerator on. */
    static Stream<ModelKind> kinds() {
        return ModelKind.all().stream();
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void lossFallsAndTheRunFolderIsComplete(ModelKind kind) throws Exception {
        TrainConfig config = TrainConfig.defaults(kind).with(c -> {
            c.epochs = 2;
            c.limit = 640;
        });
        RunDirectory dir = new RunDirectory(tmp.resolve(kind.cliName()));
        RunSummary summary = TrainRun.run(TestData.realMnist(), config, dir, new Training.Observer() {});

        List<EpochResult> metrics = dir.readMetrics();
        assertEquals(2, metrics.size());
        assertEquals(
                List.of(RunDirectory.metricsHeader("test")),
                Files.readAllLines(dir.path().resolve(RunDirectory.METRICS)).subList(0, 1));
        assertTrue(metrics.get(1).trainLoss() < metrics.get(0).trainLoss(), "loss should fall: " + metrics);
        assertTrue(metrics.get(0).trainLoss() < 2.4, "starts near ln(10): " + metrics);
        for (EpochResult r : metrics) {
            assertTrue(r.testAccuracy() >= 0 && r.testAccuracy() <= 1);
            assertTrue(r.trainAccuracy() >= 0 && r.trainAccuracy() <= 1);
        }
        if (kind.equals(ModelKind.RNN_LAST_ROW)) {
            // row 28 alone, nearly blank, is all it reads: it stays near chance (the ablation's point)
            assertTrue(metrics.get(1).testAccuracy() < 0.3, "near chance: " + metrics);
        } else {
            assertTrue(metrics.get(1).testAccuracy() > 0.2, "better than chance: " + metrics);
        }

        RunSummary read = dir.readSummary();
        assertEquals(summary, read);
        assertEquals(kind.cliName(), read.model());
        assertEquals(metrics.get(1).testAccuracy(), read.testAccuracy());
        assertEquals(640, read.limit());
        assertTrue(Files.exists(dir.path().resolve("model-0002.params")));
        try (var model = dir.loadModel()) {
            assertEquals(summary.parameters(), TrainRun.parameterCount(model));
        }
    }

    @org.junit.jupiter.api.Test
    void theSameSeedGivesTheSameNumbers() {
        TrainConfig config = TrainConfig.defaults(ModelKind.RNN).with(c -> {
            c.epochs = 2;
            c.limit = 320;
        });
        List<EpochResult> a = run(config, "a");
        List<EpochResult> b = run(config, "b");
        List<EpochResult> other = run(config.with(c -> c.seed = 1), "c");
        for (int i = 0; i < a.size(); i++) {
            assertEquals(a.get(i).trainLoss(), b.get(i).trainLoss());
            assertEquals(a.get(i).trainAccuracy(), b.get(i).trainAccuracy());
            assertEquals(a.get(i).testAccuracy(), b.get(i).testAccuracy());
        }
        assertTrue(a.get(0).trainLoss() != other.get(0).trainLoss(), "another seed, other numbers");
    }

    private List<EpochResult> run(TrainConfig config, String name) {
        RunDirectory dir = new RunDirectory(tmp.resolve(name));
        TrainRun.run(TestData.realMnist(), config, dir, new Training.Observer() {});
        return dir.readMetrics();
    }
}
