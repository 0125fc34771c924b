package io.seqmnist.data;

import io.seqmnist.InvalidSetting;
import io.seqmnist.UserError;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32;

/**
 * MNIST (or Fashion-MNIST) as the assignment reads it: each 28 x 28 image is a sequence of {@link #SEQUENCE_LENGTH}
 * rows x[1..T], each row a vector in R^{@link #INPUT_SIZE}, with one label for the whole sequence (many-to-one). Pixels
 * stay as bytes here; {@link SequenceBatches} scales them to [0, 1] when it moves them into the engine.
 */
public record Mnist(String name, Split train, Split test) {

    public static final int SEQUENCE_LENGTH = 28;
    public static final int INPUT_SIZE = 28;
    public static final int PIXELS = SEQUENCE_LENGTH * INPUT_SIZE;
    public static final int CLASSES = 10;

    /** One split: {@code size} images of {@link #PIXELS} bytes each, and their labels. */
    public record Split(byte[] pixels, byte[] labels) {
        public int size() {
            return labels.length;
        }

        public int label(int index) {
            return labels[index];
        }

        /** Pixel (row, col) of an image, 0-255. */
        public int pixel(int index, int row, int col) {
            return Byte.toUnsignedInt(pixels[index * PIXELS + row * INPUT_SIZE + col]);
        }

        public int[] classCounts() {
            int[] counts = new int[CLASSES];
            for (byte label : labels) {
                counts[label]++;
            }
            return counts;
        }

        /** confusion[true][predicted]: how often each class was taken for each. */
        public int[][] confusion(int[] predicted) {
            int[][] matrix = new int[CLASSES][CLASSES];
            for (int i = 0; i < predicted.length; i++) {
                matrix[labels[i]][predicted[i]]++;
            }
            return matrix;
        }

        /** The first {@code n} images (all of them when n is at least the size). */
        public Split first(int n) {
            return n >= size() ? this : slice(0, n);
        }

        /** Images {@code from} (inclusive) to {@code to} (exclusive). */
        public Split slice(int from, int to) {
            byte[] p = new byte[(to - from) * PIXELS];
            System.arraycopy(pixels, from * PIXELS, p, 0, p.length);
            byte[] l = new byte[to - from];
            System.arraycopy(labels, from, l, 0, l.length);
            return new Split(p, l);
        }
    }

    /**
     * The images a run trains on: the training set less the last {@code validation} images, held out, then the first
     * {@code limit} of those (0: all).
     */
    public Split training(int validation, int limit) {
        requireRoomForValidation(validation);
        Split kept = train.first(train.size() - validation);
        return limit > 0 ? kept.first(limit) : kept;
    }

    /** The last {@code validation} training images, held out of training. */
    public Split validation(int validation) {
        requireRoomForValidation(validation);
        return train.slice(train.size() - validation, train.size());
    }

    /** A one-line error when the validation images would leave nothing to train on. */
    public void requireRoomForValidation(int validation) {
        if (validation >= train.size()) {
            throw new InvalidSetting("{validation} " + validation + " leaves no image to train on: the"
                    + " training set holds " + train.size());
        }
    }

    /** CRC32 of every image and label: a run resumes only on the same data. */
    public long fingerprint() {
        CRC32 crc = new CRC32();
        crc.update(train.pixels());
        crc.update(train.labels());
        crc.update(test.pixels());
        crc.update(test.labels());
        return crc.getValue();
    }

    /** Loads the four standard IDX files (raw or .gz) from a directory. */
    public static Mnist load(String name, Path dir) {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new UserError(dir + ": is a file, expected the data directory");
        }
        if (!Files.isDirectory(dir)) {
            throw new UserError(dir + ": data directory not found (seqmnist fetch-data --dataset " + name
                    + " --data-dir " + dir + " fetches it)");
        }
        return new Mnist(name, split(dir, "train"), split(dir, "t10k"));
    }

    private static Split split(Path dir, String prefix) {
        Path imagesFile = find(dir, prefix + "-images-idx3-ubyte");
        Path labelsFile = find(dir, prefix + "-labels-idx1-ubyte");
        IdxFile.Images images = IdxFile.readImages(imagesFile, SEQUENCE_LENGTH, INPUT_SIZE);
        byte[] labels = IdxFile.readLabels(labelsFile, CLASSES);
        if (images.count() != labels.length) {
            throw new UserError(imagesFile + ": holds " + images.count() + " images but " + labelsFile + " holds "
                    + labels.length + " labels");
        }
        if (labels.length == 0) {
            throw new UserError(imagesFile + ": holds no images");
        }
        return new Split(images.pixels(), labels);
    }

    private static Path find(Path dir, String base) {
        Path raw = dir.resolve(base);
        if (Files.exists(raw)) {
            return raw;
        }
        Path gz = dir.resolve(base + ".gz");
        if (Files.exists(gz)) {
            return gz;
        }
        throw new UserError(raw + ": file not found (nor " + gz.getFileName() + ")");
    }

    /**
     * An image as text, one line per time step (row), darker pixels as denser characters; each line ends in the
     * system's line separator, as the console's other lines do.
     */
    public static String render(Split split, int index) {
        String shades = " .:-=+*#%@";
        StringBuilder out = new StringBuilder();
        for (int row = 0; row < SEQUENCE_LENGTH; row++) {
            out.append(String.format("t=%2d |", row + 1));
            for (int col = 0; col < INPUT_SIZE; col++) {
                int v = split.pixel(index, row, col);
                char c = shades.charAt(v * (shades.length() - 1) / 255);
                out.append(c).append(c);
            }
            out.append('|').append(System.lineSeparator());
        }
        return out.toString();
    }
}
