package io.seqmnist.train;

/** Every training default in one visible place: the assignment's settings. */
public final class TrainDefaults {
    public static final int EPOCHS = 10;
    public static final int BATCH_SIZE = 64;
    public static final float LEARNING_RATE = 0.001f; // Adam
    public static final int SEED = 0;
    /**
     * One intra-op engine thread: with two, any other busy process on a 2-core machine made every
     * step 20-200x slower (OpenMP's threads spin-wait for each other).
     */
    public static final int THREADS = 1;
    /**
     * Evaluation needs no gradients, so batches larger than training's cost nothing in accuracy
     * and save time. Not much larger: at 1000 an RNN's hidden sequence is a 16.8 MB buffer (an
     * LSTM's gates 67 MB, past malloc's mmap threshold, so faulted in anew every batch); such
     * blocks fragment the heap and resident memory grew 10% over 10 epochs, where at 250 it
     * grows 3% and evaluation is faster for every model (bench/README.md).
     */
    public static final int EVAL_BATCH_SIZE = 250;

    private TrainDefaults() {}
}
