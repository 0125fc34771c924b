package io.seqmnist.train;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.EasyTrain;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.training.dataset.Batch;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.translate.TranslateException;
import io.seqmnist.data.EpochSampler;
import io.seqmnist.data.Mnist;
import io.seqmnist.data.SequenceBatches;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Question 1 item 12: {@code train(model, loss, epochs)} trains a model with the given loss for
 * the given number of epochs, with Adam, on shuffled mini-batches; after each epoch it measures
 * the full test set. The loop is DJL's own ({@link EasyTrain#trainBatch}, {@link Trainer#step}).
 */
public final class Training {

    /** Told about progress; every method is optional. */
    public interface Observer {
        /** The trainer is initialised and about to take its first step (the bench reads its metrics). */
        default void onTrainerReady(Trainer trainer) {}

        default void onBatch(int epoch, long batch, long batchesPerEpoch) {}

        default void onEpoch(EpochResult result, Model model) {}
    }

    private final Mnist data;
    private final TrainConfig config;
    private final Observer observer;

    public Training(Mnist data, TrainConfig config, Observer observer) {
        this.data = data;
        this.config = config;
        this.observer = observer;
    }

    /** Trains for {@code epochs} epochs from a fresh initialisation seeded by the config. */
    public List<EpochResult> train(Model model, Loss loss, int epochs) {
        Mnist.Split trainSplit =
                config.limit() > 0 ? data.train().first(config.limit()) : data.train();
        EpochSampler sampler = EpochSampler.shuffled(config.batchSize(), config.seed());
        EpochMetrics metrics = new EpochMetrics();
        DefaultTrainingConfig trainingConfig =
                new DefaultTrainingConfig(loss)
                        .optOptimizer(
                                Optimizer.adam()
                                        .optLearningRateTracker(
                                                Tracker.fixed(config.learningRate()))
                                        .build())
                        .addTrainingListeners(
                                metrics, new HandWrittenBackwardListener(model.getBlock()));
        Engine.getInstance().setRandomSeed(config.seed());
        List<EpochResult> results = new ArrayList<>();
        try (NDManager dataManager = model.getNDManager().newSubManager();
                Trainer trainer = model.newTrainer(trainingConfig)) {
            ArrayDataset trainSet = SequenceBatches.training(dataManager, trainSplit, sampler);
            ArrayDataset testSet =
                    SequenceBatches.inOrder(
                            dataManager, data.test(), TrainDefaults.EVAL_BATCH_SIZE);
            trainer.initialize(
                    new Shape(config.batchSize(), Mnist.SEQUENCE_LENGTH, Mnist.INPUT_SIZE));
            observer.onTrainerReady(trainer);
            long batchesPerEpoch = EpochSampler.batchesPerEpoch(trainSplit.size(),
                    config.batchSize());
            for (int epoch = 0; epoch < epochs; epoch++) {
                sampler.setNextEpoch(epoch);
                metrics.reset();
                long start = System.nanoTime();
                for (Batch batch : trainer.iterateDataset(trainSet)) {
                    try (batch) {
                        EasyTrain.trainBatch(trainer, batch);
                        trainer.step();
                    }
                    observer.onBatch(epoch + 1, metrics.batches(), batchesPerEpoch);
                }
                double trainSeconds = (System.nanoTime() - start) / 1e9;
                start = System.nanoTime();
                double testAccuracy =
                        Evaluation.accuracy(
                                model.getBlock(), dataManager, testSet, data.test().labels());
                double testSeconds = (System.nanoTime() - start) / 1e9;
                EpochResult result =
                        new EpochResult(
                                epoch + 1,
                                metrics.loss(),
                                metrics.accuracy(),
                                testAccuracy,
                                trainSeconds,
                                testSeconds);
                results.add(result);
                trainer.notifyListeners(listener -> listener.onEpoch(trainer));
                model.setProperty("Epoch", String.valueOf(epoch + 1));
                observer.onEpoch(result, model);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (TranslateException e) {
            throw new IllegalStateException(e);
        }
        return results;
    }
}
