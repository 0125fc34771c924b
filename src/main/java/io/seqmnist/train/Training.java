package io.seqmnist.train;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.EasyTrain;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.training.dataset.Batch;
import ai.djl.training.loss.Loss;
import ai.djl.training.tracker.Tracker;
import ai.djl.translate.TranslateException;
import ai.djl.util.Pair;
import io.seqmnist.data.EpochSampler;
import io.seqmnist.data.Mnist;
import io.seqmnist.data.SequenceBatches;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Question 1 item 12: {@code train(model, loss, epochs)} trains a model with the given loss for the given number of
 * epochs, with Adam, on shuffled mini-batches; after each epoch it measures the full test set (or, with
 * {@code --validation N}, the last N training images, held out of training, and never the test set). The loop is DJL's
 * own ({@link EasyTrain#trainBatch}, {@link Trainer#step}), with a trainer that hands gradients straight to the
 * optimizer ({@link OneDeviceTrainer}).
 */
public final class Training {

    /** Told about progress; every method is optional. */
    public interface Observer {
        /** The trainer is initialised and about to take its first step (the bench reads its metrics). */
        default void onTrainerReady(Trainer trainer) {}

        default void onBatch(int epoch, long batch, long batchesPerEpoch) {}

        default void onEpoch(EpochResult result, Model model) {}

        /**
         * After each epoch, before {@link #onEpoch}, and within an epoch (between two mini-batches) every
         * {@link #checkpointEvery interval} and when {@link #requestCheckpoint asked}: the state to resume from.
         */
        default void onCheckpoint(Checkpoint checkpoint) {}

        /** Before the first batch of a resumed run. */
        default void onResume(Checkpoint from) {}

        /**
         * After an epoch's gradient flow was measured, before {@link #onEpoch}; called by experiment.TrainRun, which
         * measures it, not by this class.
         *
         * @param seconds how long the measurement took
         * @param trainSeconds how long the epoch's training took
         */
        default void onGradientFlow(int epoch, double seconds, double trainSeconds) {}
    }

    private final Mnist data;
    private final TrainConfig config;
    private final Observer observer;
    private final AtomicBoolean checkpointRequested = new AtomicBoolean();
    private long checkpointNanos;

    public Training(Mnist data, TrainConfig config, Observer observer) {
        this.data = data;
        this.config = config;
        this.observer = observer;
    }

    /**
     * Also checkpoints within an epoch, at the first mini-batch boundary once {@code interval} has passed since the
     * last checkpoint (zero: at the end of each epoch only). A preempted run then loses minutes, not an epoch.
     */
    public Training checkpointEvery(Duration interval) {
        if (interval.isNegative()) {
            throw new IllegalArgumentException("checkpoint interval: " + interval);
        }
        checkpointNanos = interval.toNanos();
        return this;
    }

    /**
     * Asks for a checkpoint at the next mini-batch boundary (or the end of the epoch, whichever comes first); safe from
     * any thread, such as a shutdown hook on SIGTERM.
     */
    public void requestCheckpoint() {
        checkpointRequested.set(true);
    }

    /**
     * Trains for {@code epochs} epochs from a fresh initialisation seeded by the config; a learning-rate schedule is
     * laid out over these epochs.
     */
    public List<EpochResult> train(Model model, Loss loss, int epochs) {
        return train(model, loss, epochs, null);
    }

    /**
     * Trains until {@code epochs} epochs are complete, continuing from a checkpoint of the same config and data (null:
     * from the start), also one taken within an epoch: from the batch after it, with the epoch's sums as they were.
     * Returns the results of all epochs, the checkpoint's included. Stops with {@link TrainingDiverged} when the loss
     * or a parameter stops being finite, before the bad state is applied or reported.
     */
    public List<EpochResult> train(Model model, Loss loss, int epochs, Checkpoint resumeFrom) {
        Mnist.Split trainSplit = config.layout().apply(data.training(config.validation(), config.limit()));
        Mnist.Split heldOut = heldOut(data, config);
        EpochSampler sampler = EpochSampler.shuffled(config.batchSize(), config.seed());
        EpochMetrics metrics = new EpochMetrics(loss);
        long batchesPerEpoch = EpochSampler.batchesPerEpoch(trainSplit.size(), config.batchSize());
        TrainConfig.Optimization optimization = config.optimization();
        SaveableAdam adam = SaveableAdam.create(
                learningRates(optimization, epochs, batchesPerEpoch),
                resumeFrom == null ? 0 : resumeFrom.header().steps(),
                optimization.weightDecay());
        long dataFingerprint = data.fingerprint();
        DefaultTrainingConfig trainingConfig = new DefaultTrainingConfig(metrics.recording())
                .optOptimizer(adam)
                .addTrainingListeners(metrics);
        Engine.getInstance().setRandomSeed(config.seed());
        List<EpochResult> results = new ArrayList<>(
                resumeFrom == null ? List.of() : resumeFrom.header().results());
        try (NDManager dataManager = model.getNDManager().newSubManager();
                Trainer trainer = new OneDeviceTrainer(model, trainingConfig, optimization.clipNorm())) {
            int steps = config.seqLen();
            ArrayDataset trainSet = SequenceBatches.training(dataManager, trainSplit, sampler, steps);
            ArrayDataset heldOutSet = SequenceBatches.inOrder(dataManager, heldOut, TrainConfig.EVAL_BATCH_SIZE, steps);
            trainer.initialize(new Shape(config.batchSize(), steps, Mnist.PIXELS / steps));
            if (resumeFrom != null) {
                resumeFrom.restore(model.getBlock(), adam, dataManager);
                observer.onResume(resumeFrom);
            }
            observer.onTrainerReady(trainer);
            Checkpoint.Partial partial =
                    resumeFrom == null ? null : resumeFrom.header().partial();
            long lastCheckpoint = System.nanoTime();
            for (int epoch = results.size(); epoch < epochs; epoch++) {
                sampler.setNextEpoch(epoch, partial == null ? 0 : partial.batches());
                metrics.reset();
                double earlierSeconds = 0;
                if (partial != null) {
                    metrics.restore(partial);
                    earlierSeconds = partial.trainSeconds();
                    partial = null;
                }
                long start = System.nanoTime();
                for (Batch batch : trainer.iterateDataset(trainSet)) {
                    try (batch) {
                        EasyTrain.trainBatch(trainer, batch);
                        if (!Float.isFinite(metrics.lastBatchLoss())) {
                            throw TrainingDiverged.at(
                                    "the loss is " + metrics.lastBatchLoss(),
                                    epoch + 1,
                                    metrics.batches(),
                                    batchesPerEpoch,
                                    optimization.learningRate());
                        }
                        trainer.step();
                    }
                    observer.onBatch(epoch + 1, metrics.batches(), batchesPerEpoch);
                    long now = System.nanoTime();
                    boolean due = checkpointNanos > 0 && now - lastCheckpoint >= checkpointNanos;
                    if (metrics.batches() < batchesPerEpoch && (checkpointRequested.getAndSet(false) || due)) {
                        requireFiniteParameters(
                                model, epoch + 1, metrics.batches(), batchesPerEpoch, optimization.learningRate());
                        double seconds = earlierSeconds + (now - start) / 1e9;
                        observer.onCheckpoint(Checkpoint.capture(
                                config, dataFingerprint, results, model.getBlock(), adam, metrics.partial(seconds)));
                        lastCheckpoint = System.nanoTime();
                        start += lastCheckpoint - now; // writing it is not training time
                    }
                }
                double trainSeconds = earlierSeconds + (System.nanoTime() - start) / 1e9;
                requireFiniteParameters(
                        model, epoch + 1, metrics.batches(), batchesPerEpoch, optimization.learningRate());
                start = System.nanoTime();
                double testAccuracy = Accuracy.of(model.getBlock(), dataManager, heldOutSet, heldOut.labels());
                double testSeconds = (System.nanoTime() - start) / 1e9;
                EpochResult result = new EpochResult(
                        epoch + 1, metrics.loss(), metrics.accuracy(), testAccuracy, trainSeconds, testSeconds);
                results.add(result);
                trainer.notifyListeners(listener -> listener.onEpoch(trainer));
                model.setProperty("Epoch", String.valueOf(epoch + 1));
                checkpointRequested.set(false); // this one answers a request made during the epoch
                observer.onCheckpoint(Checkpoint.capture(config, dataFingerprint, results, model.getBlock(), adam));
                lastCheckpoint = System.nanoTime();
                observer.onEpoch(result, model);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (TranslateException e) {
            throw new IllegalStateException(e);
        }
        return results;
    }

    /**
     * The images a run measures after each epoch: the test set, or its validation split, if it has one; permuted as the
     * run permutes its images.
     */
    public static Mnist.Split heldOut(Mnist data, TrainConfig config) {
        return config.layout().apply(config.validation() > 0 ? data.validation(config.validation()) : data.test());
    }

    /** The learning rate by update count: the schedule laid out over a run of {@code epochs}. */
    static Tracker learningRates(TrainConfig.Optimization o, int epochs, long batchesPerEpoch) {
        int updates = Math.toIntExact(batchesPerEpoch * epochs);
        int warmup = (int) Math.min(Math.round(o.warmupEpochs() * batchesPerEpoch), updates - 1L);
        return o.schedule().tracker(o.learningRate(), warmup, updates);
    }

    /** Nothing saved or measured from a model with a parameter that is NaN or infinite: the run has diverged. */
    private static void requireFiniteParameters(Model model, int epoch, long batch, long batches, float lr) {
        String bad = nonFiniteParameter(model);
        if (bad != null) {
            throw TrainingDiverged.at("parameter " + bad + " is not finite", epoch, batch, batches, lr);
        }
    }

    /** The name of a parameter holding NaN or an infinity, or null. */
    private static String nonFiniteParameter(Model model) {
        for (Pair<String, Parameter> p : model.getBlock().getParameters()) {
            for (float v : p.getValue().getArray().toFloatArray()) {
                if (!Float.isFinite(v)) {
                    return p.getKey();
                }
            }
        }
        return null;
    }
}
