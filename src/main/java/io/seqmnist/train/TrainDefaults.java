package io.seqmnist.train;

/** Every training default in one visible place: the assignment's settings. */
public final class TrainDefaults {
    public static final int EPOCHS = 10;
    public static final int BATCH_SIZE = 64;
    public static final float LEARNING_RATE = 0.001f; // Adam
    public static final int SEED = 0;
    public static final int THREADS = 1; // one intra-op thread: see FIELD-NOTES on OpenMP spin-waits
    /** Evaluation needs no gradients, so large batches cost nothing in accuracy and save time. */
    public static final int EVAL_BATCH_SIZE = 1000;

    private TrainDefaults() {}
}
