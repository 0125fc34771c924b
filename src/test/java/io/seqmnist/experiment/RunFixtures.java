package io.seqmnist.experiment;

import io.seqmnist.TestData;
import io.seqmnist.data.IdxFile;
import io.seqmnist.data.Mnist;
import io.seqmnist.model.ModelKind;
import io.seqmnist.train.LrSchedule;
import io.seqmnist.train.Recipe;
import io.seqmnist.train.TrainConfig;
import io.seqmnist.train.Training;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Small real-MNIST datasets and what the reliability tests compare between runs. */
public final class RunFixtures {

    private RunFixtures() {}

    /** The first {@code train} and {@code test} images of the real MNIST. */
    public static Mnist smallMnist(int train, int test) {
        Mnist all = TestData.realMnist();
        return new Mnist("mnist", all.train().first(train), all.test().first(test));
    }

    /** Writes a dataset as the four IDX files, for a child process's --data-dir. */
    static Path writeIdx(Path dir, Mnist data) throws IOException {
        Files.createDirectories(dir);
        writeSplit(dir, "train", data.train());
        writeSplit(dir, "t10k", data.test());
        return dir;
    }

    private static void writeSplit(Path dir, String prefix, Mnist.Split split) throws IOException {
        TestData.write(
                dir.resolve(prefix + "-images-idx3-ubyte"),
                ByteBuffer.allocate(16)
                        .putInt(IdxFile.IMAGES_MAGIC)
                        .putInt(split.size())
                        .putInt(Mnist.SEQUENCE_LENGTH)
                        .putInt(Mnist.INPUT_SIZE)
                        .array(),
                split.pixels());
        TestData.write(
                dir.resolve(prefix + "-labels-idx1-ubyte"),
                ByteBuffer.allocate(8)
                        .putInt(IdxFile.LABELS_MAGIC)
                        .putInt(split.size())
                        .array(),
                split.labels());
    }

    /** metrics.csv without its timing columns: what must match between runs. */
    public static List<String> lossAndAccuracy(Path runDir) throws IOException {
        return Files.readAllLines(runDir.resolve(RunDirectory.METRICS)).stream()
                .map(line -> String.join(",", List.of(line.split(",")).subList(0, 4)))
                .toList();
    }

    /** The bytes of the final model file (DJL's format) of a finished run. */
    public static byte[] modelBytes(Path runDir, int epochs) throws IOException {
        return Files.readAllBytes(runDir.resolve(String.format("model-%04d.params", epochs)));
    }

    public static TrainConfig config(String model, int epochs, int batchSize, float lr) {
        return config(ModelKind.parse(model), epochs, batchSize, 150, lr);
    }

    /** The assignment's run of a model but for these sizes and a constant rate of {@code lr}. */
    public static TrainConfig config(ModelKind model, int epochs, int batchSize, int hidden, float lr) {
        return TrainConfig.defaults(model).with(c -> {
            c.epochs = epochs;
            c.batchSize = batchSize;
            c.hiddenSize = hidden;
            c.recipe = Recipe.ASSIGNMENT;
            c.optimization = new TrainConfig.Optimization(LrSchedule.CONSTANT, lr, 0.0, 0, 0);
        });
    }

    /** Observer that does nothing. */
    static final Training.Observer QUIET = new Training.Observer() {};
}
