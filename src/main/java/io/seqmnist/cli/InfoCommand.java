package io.seqmnist.cli;

import io.seqmnist.UserError;
import io.seqmnist.data.EpochSampler;
import io.seqmnist.data.Mnist;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Question 1 items 1-3: the data as sequences, its mini-batches, and one image row by row. */
@Command(name = "info", description = "Show the dataset as sequences: sizes, batches, classes, one image.")
public final class InfoCommand implements Callable<Integer> {

    @Mixin DataOptions data;

    @Option(names = "--batch-size", defaultValue = "64", description = "mini-batch size (default: ${DEFAULT-VALUE})")
    int batchSize;

    @Option(names = "--index", defaultValue = "0", description = "training image to draw (default: ${DEFAULT-VALUE})")
    int index;

    @Override
    public Integer call() {
        Acceleration.Choice accel = Acceleration.choice(); // a bad mode fails first, not last
        if (batchSize < 1) {
            throw new UserError("--batch-size must be at least 1, got " + batchSize);
        }
        Mnist mnist = data.load();
        if (index < 0 || index >= mnist.train().size()) {
            throw new UserError("--index must be in 0.." + (mnist.train().size() - 1) + ", got " + index);
        }
        System.out.printf("dataset:            %s (%s)%n", mnist.name(), data.dataDir());
        System.out.printf("training images:    %d%n", mnist.train().size());
        System.out.printf("test images:        %d%n", mnist.test().size());
        System.out.printf("sequence length T:  %d (one time step per image row)%n", Mnist.SEQUENCE_LENGTH);
        System.out.printf("input size per step: %d (x[t] is one row of %d pixels, scaled to [0, 1])%n",
                Mnist.INPUT_SIZE, Mnist.INPUT_SIZE);
        System.out.printf("problem type:       many-to-one (one label, read at the last step)%n");
        long trainBatches = EpochSampler.batchesPerEpoch(mnist.train().size(), batchSize);
        long testBatches = EpochSampler.batchesPerEpoch(mnist.test().size(), batchSize);
        System.out.printf("mini-batches of %d: %d per training epoch (last holds %d), %d for the test set%n",
                batchSize, trainBatches, lastBatch(mnist.train().size()), testBatches);
        System.out.printf("class counts (train): %s%n", counts(mnist.train().classCounts()));
        System.out.printf("class counts (test):  %s%n", counts(mnist.test().classCounts()));
        Acceleration.start(accel).forEach(System.out::println); // "accelerator: on (why)", ...
        System.out.printf("%ntraining image %d, label %d, read top to bottom as x[1..28]:%n",
                index, mnist.train().label(index));
        System.out.print(Mnist.render(mnist.train(), index));
        return 0;
    }

    private int lastBatch(int size) {
        int rest = size % batchSize;
        return rest == 0 ? batchSize : rest;
    }

    private static String counts(int[] counts) {
        StringBuilder out = new StringBuilder();
        for (int c = 0; c < counts.length; c++) {
            out.append(c == 0 ? "" : "  ").append(c).append(':').append(counts[c]);
        }
        return out.toString();
    }
}
