package io.seqmnist.serve;

import io.seqmnist.TestData;
import io.seqmnist.experiment.RunDirectory;
import io.seqmnist.experiment.TrainRun;
import io.seqmnist.model.ModelKind;
import io.seqmnist.train.TrainConfig;
import io.seqmnist.train.Training;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Models for the page's tests, trained on the first 10000 real training images for 2 epochs, defaults otherwise (seed
 * 0): enough for the GRU to read digits drawn with a mouse (85% on the test set). Trained once per test JVM and kept
 * under target/, so the next `mvn test` reuses them (the same seed and threads give the same model anyway).
 */
final class TrainedModels {

    static final int IMAGES = 10_000;
    static final int EPOCHS = 2;

    private static final Map<ModelKind, Path> DIRS = new HashMap<>();

    private TrainedModels() {}

    static synchronized Path dir(ModelKind kind) {
        Path dir = DIRS.get(kind);
        if (dir == null) {
            dir = TestData.projectHome()
                    .resolve("target/test-models/" + kind.cliName() + "-" + IMAGES + "-images-" + EPOCHS + "-epochs");
            RunDirectory run = new RunDirectory(dir);
            if (!run.hasSummary()) { // summary.json is written last: its presence means complete
                TrainConfig config = TrainConfig.defaults(kind).with(c -> {
                    c.epochs = EPOCHS;
                    c.limit = IMAGES;
                });
                TrainRun.run(TestData.realMnist(), config, run, new Training.Observer() {});
            }
            DIRS.put(kind, dir);
        }
        return dir;
    }

    static Path gru() {
        return dir(ModelKind.GRU);
    }

    static Path rnn() {
        return dir(ModelKind.RNN);
    }

    static Path lstm() {
        return dir(ModelKind.LSTM);
    }
}
