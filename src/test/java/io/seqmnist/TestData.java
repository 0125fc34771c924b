package io.seqmnist;

import io.seqmnist.data.IdxFile;
import io.seqmnist.data.Mnist;
import io.seqmnist.data.fetch.DatasetFetch;
import io.seqmnist.data.fetch.DatasetFiles;
import io.seqmnist.data.fetch.Source;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import java.util.zip.GZIPOutputStream;

/** Data for tests: the real MNIST through the product's own fetch, or small IDX files made here. */
public final class TestData {

    private static Mnist mnist;

    private TestData() {}

    /** The project folder (Maven runs tests in it). */
    public static Path projectHome() {
        return Path.of("").toAbsolutePath();
    }

    /** The real MNIST, fetched and verified by the product's own fetch (seqmnist fetch-data). */
    public static synchronized Mnist realMnist() {
        if (mnist == null) {
            Path dir = realMnistDir();
            new DatasetFetch(DatasetFiles.MNIST, dir, System.err)
                    .fetch(Source.defaults(DatasetFiles.MNIST, Duration.ofSeconds(30)));
            mnist = Mnist.load("mnist", dir);
        }
        return mnist;
    }

    /** Where {@link #realMnist()} keeps MNIST: the project's data/mnist, as bin/seqmnist does. */
    public static Path realMnistDir() {
        return projectHome().resolve("data/mnist");
    }

    /** Writes an IDX image file of random pixels; gzipped when the name ends in .gz. */
    public static byte[] writeImages(Path file, int count, int rows, int cols, long seed) throws IOException {
        byte[] pixels = new byte[count * rows * cols];
        new Random(seed).nextBytes(pixels);
        ByteBuffer header = ByteBuffer.allocate(16)
                .putInt(IdxFile.IMAGES_MAGIC)
                .putInt(count)
                .putInt(rows)
                .putInt(cols);
        write(file, header.array(), pixels);
        return pixels;
    }

    /** Writes an IDX label file of labels in 0-9; gzipped when the name ends in .gz. */
    public static byte[] writeLabels(Path file, int count, long seed) throws IOException {
        byte[] labels = new byte[count];
        Random random = new Random(seed);
        for (int i = 0; i < count; i++) {
            labels[i] = (byte) random.nextInt(10);
        }
        write(
                file,
                ByteBuffer.allocate(8)
                        .putInt(IdxFile.LABELS_MAGIC)
                        .putInt(count)
                        .array(),
                labels);
        return labels;
    }

    /** A folder with the four MNIST files, {@code train} and {@code test} images of random noise. */
    public static Path writeDataset(Path dir, int train, int test, boolean gzip) throws IOException {
        Files.createDirectories(dir);
        String gz = gzip ? ".gz" : "";
        writeImages(dir.resolve("train-images-idx3-ubyte" + gz), train, 28, 28, 1);
        writeLabels(dir.resolve("train-labels-idx1-ubyte" + gz), train, 2);
        writeImages(dir.resolve("t10k-images-idx3-ubyte" + gz), test, 28, 28, 3);
        writeLabels(dir.resolve("t10k-labels-idx1-ubyte" + gz), test, 4);
        return dir;
    }

    public static void write(Path file, byte[] header, byte[] body) throws IOException {
        try (OutputStream out = file.toString().endsWith(".gz")
                ? new GZIPOutputStream(Files.newOutputStream(file))
                : Files.newOutputStream(file)) {
            out.write(header);
            out.write(body);
        }
    }
}
