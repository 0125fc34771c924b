package io.seqmnist.data;

import java.nio.file.Path;

/**
 * A dataset described as the assignment reads it (Question 1 items 1-2, the {@code info} command): its sizes, the
 * sequence each image becomes, its mini-batches and its classes. Here, beside {@link Mnist} and {@link EpochSampler},
 * so the numbers are the ones training uses.
 */
public final class DatasetInfo {

    private DatasetInfo() {}

    /** The description, one fact a line, of {@code mnist} read from {@code dir} in batches of {@code batchSize}. */
    public static String text(Mnist mnist, Path dir, int batchSize) {
        return text(mnist, dir, batchSize, SequenceLayout.DEFAULT);
    }

    /** The description with each image read as {@code layout} says. */
    public static String text(Mnist mnist, Path dir, int batchSize, SequenceLayout layout) {
        int width = layout.stepWidth();
        String step = layout.steps() == Mnist.SEQUENCE_LENGTH
                ? "one time step per image row"
                : width == 1 ? "one pixel per time step, raster order" : width + " consecutive pixels per time step";
        String input = layout.steps() == Mnist.SEQUENCE_LENGTH
                ? String.format("x[t] is one row of %d pixels", width)
                : String.format("x[t] is %d pixel%s", width, width == 1 ? "" : "s");
        int trainSize = mnist.train().size();
        int testSize = mnist.test().size();
        int rest = trainSize % batchSize;
        return String.format("dataset:            %s (%s)%n", mnist.name(), dir)
                + String.format("training images:    %d%n", trainSize)
                + String.format("test images:        %d%n", testSize)
                + String.format("sequence length T:  %d (%s)%n", layout.steps(), step)
                + (layout.permuted()
                        ? String.format("pixel order:        one fixed permutation, applied to every image first%n")
                        : "")
                + String.format("input size per step: %d (%s, scaled to [0, 1])%n", width, input)
                + String.format("problem type:       many-to-one (one label, read at the last step)%n")
                + String.format(
                        "mini-batches of %d: %d per training epoch (last holds %d), %d for the test set%n",
                        batchSize,
                        EpochSampler.batchesPerEpoch(trainSize, batchSize),
                        rest == 0 ? batchSize : rest,
                        EpochSampler.batchesPerEpoch(testSize, batchSize))
                + String.format(
                        "class counts (train): %s%n", counts(mnist.train().classCounts()))
                + String.format(
                        "class counts (test):  %s%n", counts(mnist.test().classCounts()));
    }

    private static String counts(int[] counts) {
        StringBuilder out = new StringBuilder();
        for (int c = 0; c < counts.length; c++) {
            out.append(c == 0 ? "" : "  ").append(c).append(':').append(counts[c]);
        }
        return out.toString();
    }
}
