package io.seqmnist.train;

import io.seqmnist.InvalidSetting;
import io.seqmnist.data.Mnist;
import io.seqmnist.data.SequenceLayout;
import io.seqmnist.model.ModelDefaults;
import io.seqmnist.model.ModelKind;
import java.util.function.Consumer;

/**
 * What a training run is: the model, the data, the loop's sizes and how Adam is driven ({@link Optimization}).
 * Immutable; {@link #defaults} is the assignment's run, {@link #with} changes single values. Every default is here, in
 * one visible place; the recipes are one table in {@link Recipe}.
 *
 * @param epochs the run's length: what the experiment passes to {@code train(model, loss, epochs)}; the loop itself
 *     reads only that argument
 * @param limit train on the first N training images only (0: all)
 * @param validation the last N training images held out of training and evaluated after each epoch instead of the test
 *     set (0: train on all, evaluate on the test set)
 * @param recipe the recipe the optimization started from (options may have changed single values)
 * @param seqLen T, the steps an image is read in: 784/T consecutive pixels a step ({@link SequenceLayout}); 28, the
 *     rows, unless set (0 in a file written before it existed reads as 28)
 * @param permute the seed of the fixed pixel permutation applied to every image before it is cut into steps
 *     ({@link SequenceLayout#permutation}); null for none
 */
public record TrainConfig(
        ModelKind model,
        String dataset,
        int epochs,
        int batchSize,
        int hiddenSize,
        int seed,
        int limit,
        int validation,
        int threads,
        Recipe recipe,
        Optimization optimization,
        int seqLen,
        Integer permute) {

    // the assignment's settings
    public static final int EPOCHS = 10;
    public static final int BATCH_SIZE = 64;
    public static final float LEARNING_RATE = 0.001f; // Adam
    public static final int SEED = 0;
    /** The rows: 28 steps of 28 pixels. */
    public static final int SEQ_LEN = SequenceLayout.ROWS;

    /**
     * One intra-op engine thread: with two, any other busy process on a 2-core machine made every step 20-200x slower
     * (OpenMP's threads spin-wait for each other).
     */
    public static final int THREADS = 1;

    /**
     * Evaluation needs no gradients, so batches larger than training's cost nothing in accuracy and save time. Not much
     * larger: at 1000 an RNN's hidden sequence is a 16.8 MB buffer (an LSTM's gates 67 MB, past malloc's mmap
     * threshold, so faulted in anew every batch); such blocks fragment the heap and resident memory grew 10% over 10
     * epochs, where at 250 it grows 3% and evaluation is faster for every model (bench/README.md).
     */
    public static final int EVAL_BATCH_SIZE = 250;

    /**
     * How Adam is driven beyond the assignment's constant rate.
     *
     * @param learningRate Adam's learning rate: the peak of the schedule
     * @param warmupEpochs epochs of linear warm-up (fractions allowed); null in a recipe's table for the schedule's own
     *     ({@link LrSchedule#defaultWarmupEpochs}), resolved in a config
     * @param clipNorm the largest global gradient norm (0: no clipping)
     * @param weightDecay Adam's L2 weight decay, {@code wd * w} added to each gradient (0: none)
     */
    public record Optimization(
            LrSchedule schedule, float learningRate, Double warmupEpochs, float clipNorm, float weightDecay) {

        /** The assignment's: Adam at a constant 1e-3, nothing else. */
        public static final Optimization ASSIGNMENT = new Optimization(LrSchedule.CONSTANT, LEARNING_RATE, 0.0, 0, 0);

        public Optimization {
            schedule = schedule == null ? LrSchedule.CONSTANT : schedule;
        }
    }

    public TrainConfig {
        // configs saved before recipes existed hold none of the training settings: the assignment's
        recipe = recipe == null ? Recipe.ASSIGNMENT : recipe;
        optimization = optimization == null ? Optimization.ASSIGNMENT : optimization;
        // configs saved before sequence lengths existed read their images as rows
        seqLen = seqLen == 0 ? SEQ_LEN : seqLen;
        if (seqLen < 1 || Mnist.PIXELS % seqLen != 0) {
            throw new InvalidSetting("{seqLen} must divide " + Mnist.PIXELS + " (" + lengths() + "), got " + seqLen);
        }
        require(permute == null || permute >= 0, "permute", "0 or more", permute);
        require(epochs >= 1, "epochs", "at least 1", epochs);
        if (optimization.warmupEpochs() == null) {
            optimization = new Optimization(
                    optimization.schedule(),
                    optimization.learningRate(),
                    optimization.schedule().defaultWarmupEpochs(epochs),
                    optimization.clipNorm(),
                    optimization.weightDecay());
        }
        require(batchSize >= 1, "batchSize", "at least 1", batchSize);
        require(hiddenSize >= 1, "hiddenSize", "at least 1", hiddenSize);
        require(seed >= 0, "seed", "0 or more", seed);
        require(limit >= 0, "limit", "0 (all) or more", limit);
        require(validation >= 0, "validation", "0 (none) or more", validation);
        require(threads >= 1, "threads", "at least 1", threads);
        float lr = optimization.learningRate();
        require(lr > 0 && Float.isFinite(lr), "learningRate", "a positive number", lr);
        double warmup = optimization.warmupEpochs();
        require(warmup >= 0 && warmup < epochs, "warmupEpochs", "0 or more and less than {epochs} " + epochs, warmup);
        float clip = optimization.clipNorm();
        require(clip >= 0 && Float.isFinite(clip), "clipNorm", "0 (no clipping) or a positive number", clip);
        float wd = optimization.weightDecay();
        require(wd >= 0 && Float.isFinite(wd), "weightDecay", "0 (none) or a positive number", wd);
    }

    private static String lengths() {
        return java.util.Arrays.stream(SequenceLayout.LENGTHS)
                .mapToObj(String::valueOf)
                .collect(java.util.stream.Collectors.joining(", "));
    }

    /** How this run's images become sequences: T steps, permuted or not. */
    public SequenceLayout layout() {
        return SequenceLayout.of(seqLen, permute);
    }

    private static void require(boolean ok, String setting, String rule, Object value) {
        if (!ok) {
            throw new InvalidSetting("{" + setting + "} must be " + rule + ", got " + value);
        }
    }

    /** The assignment's run of a model on MNIST. */
    public static TrainConfig defaults(ModelKind model) {
        return new TrainConfig(
                model,
                "mnist",
                EPOCHS,
                BATCH_SIZE,
                ModelDefaults.HIDDEN_SIZE,
                SEED,
                0,
                0,
                THREADS,
                Recipe.ASSIGNMENT,
                Optimization.ASSIGNMENT,
                SEQ_LEN,
                null);
    }

    /** The split evaluated after each epoch: "validation" with a validation split, else "test". */
    public String heldOutSplit() {
        return validation > 0 ? "validation" : "test";
    }

    /** A copy with some values changed: {@code config.with(c -> c.seed = 3)}. */
    public TrainConfig with(Consumer<Changes> change) {
        Changes c = new Changes(this);
        change.accept(c);
        return new TrainConfig(
                c.model,
                c.dataset,
                c.epochs,
                c.batchSize,
                c.hiddenSize,
                c.seed,
                c.limit,
                c.validation,
                c.threads,
                c.recipe,
                c.optimization,
                c.seqLen,
                c.permute);
    }

    /**
     * A config's values, to change in {@link #with}: checked when the new config is made. A recipe's optimization with
     * a null warm-up gets the schedule's own, laid out over the epochs the new config has.
     */
    public static final class Changes {
        public ModelKind model;
        public String dataset;
        public int epochs, batchSize, hiddenSize, seed, limit, validation, threads;
        public Recipe recipe;
        public Optimization optimization;
        public int seqLen;
        public Integer permute;

        private Changes(TrainConfig c) {
            model = c.model;
            dataset = c.dataset;
            epochs = c.epochs;
            batchSize = c.batchSize;
            hiddenSize = c.hiddenSize;
            seed = c.seed;
            limit = c.limit;
            validation = c.validation;
            threads = c.threads;
            recipe = c.recipe;
            optimization = c.optimization;
            seqLen = c.seqLen;
            permute = c.permute;
        }
    }
}
