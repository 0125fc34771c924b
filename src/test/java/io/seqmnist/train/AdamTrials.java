package io.seqmnist.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.EasyTrain;
import ai.djl.training.Trainer;
import ai.djl.training.TrainingConfig;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.training.dataset.Batch;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import io.seqmnist.Backend;
import io.seqmnist.data.EpochSampler;
import io.seqmnist.data.Mnist;
import io.seqmnist.data.SequenceBatches;
import io.seqmnist.experiment.RunFixtures;
import io.seqmnist.model.ModelKind;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiFunction;

/**
 * An Adam with saveable state, stepped by training's one-device trainer, against DJL's Adam stepped by DJL's own
 * trainer: three epochs of an LSTM (its four parameter kinds), 30 steps, must end in the same bits: at the assignment's
 * constant rate, and under a schedule with warm-up and weight decay. And two Adams against each other under global-norm
 * clipping, which DJL's Adam has not.
 */
public final class AdamTrials {

    public static final float LR = 0.001f;
    private static final int STEPS = 30; // 3 epochs of 10 batches
    /** Warm-up over 5 updates, then cosine to 0 at update 30. */
    private static final Tracker SCHEDULE = LrSchedule.COSINE.tracker(3e-3f, 5, STEPS);

    private static final float WEIGHT_DECAY = 1e-3f;

    private AdamTrials() {}

    public static void assertTrainsAsDjlsAdam(Backend.AdamFactory ours) throws Exception {
        Mnist data = RunFixtures.smallMnist(320, 1);
        assertSameBits(
                train(
                        data,
                        Optimizer.adam()
                                .optLearningRateTracker(Tracker.fixed(LR))
                                .build(),
                        Model::newTrainer),
                trainCounting(data, (SaveableAdam) ours.create(Tracker.fixed(LR), 0, 0), 0));
        assertSameBits(
                train(
                        data,
                        Optimizer.adam()
                                .optLearningRateTracker(SCHEDULE)
                                .optWeightDecays(WEIGHT_DECAY)
                                .build(),
                        Model::newTrainer),
                trainCounting(data, (SaveableAdam) ours.create(SCHEDULE, 0, WEIGHT_DECAY), 0));
    }

    /**
     * Two Adams give the same bits under a schedule, weight decay and global-norm clipping at a norm small enough to
     * clip most steps.
     */
    public static void assertSameBitsUnderClipping(Backend.AdamFactory one, Backend.AdamFactory other)
            throws Exception {
        Mnist data = RunFixtures.smallMnist(320, 1);
        float clipNorm = 0.05f;
        List<float[]> clipped = trainCounting(data, (SaveableAdam) one.create(SCHEDULE, 0, WEIGHT_DECAY), clipNorm);
        assertSameBits(clipped, trainCounting(data, (SaveableAdam) other.create(SCHEDULE, 0, WEIGHT_DECAY), clipNorm));
        List<float[]> unclipped = trainCounting(data, (SaveableAdam) one.create(SCHEDULE, 0, WEIGHT_DECAY), 0);
        assertFalse(Arrays.equals(unclipped.get(0), clipped.get(0)), "the clipping clipped");
    }

    private static List<float[]> trainCounting(Mnist data, SaveableAdam adam, float clipNorm) throws Exception {
        List<float[]> parameters = train(data, adam, (model, config) -> new OneDeviceTrainer(model, config, clipNorm));
        assertEquals(STEPS, adam.steps(), "3 epochs of 10 batches");
        return parameters;
    }

    private static void assertSameBits(List<float[]> expected, List<float[]> actual) {
        assertEquals(expected.size(), actual.size());
        for (int i = 0; i < expected.size(); i++) {
            assertArrayEquals(expected.get(i), actual.get(i), "parameter " + i);
        }
        assertFalse(Arrays.equals(initialFirstParameter(), actual.get(0)), "training changed the parameters");
    }

    private static List<float[]> train(
            Mnist data, Optimizer optimizer, BiFunction<Model, TrainingConfig, Trainer> trainers) throws Exception {
        try (Model model = Model.newInstance("adam-test")) {
            model.setBlock(ModelKind.LSTM.create(150));
            Engine.getInstance().setRandomSeed(7);
            EpochSampler sampler = EpochSampler.shuffled(32, 7);
            DefaultTrainingConfig config =
                    new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss()).optOptimizer(optimizer);
            try (NDManager manager = model.getNDManager().newSubManager();
                    Trainer trainer = trainers.apply(model, config)) {
                ArrayDataset set = SequenceBatches.training(manager, data.train(), sampler);
                trainer.initialize(new Shape(32, Mnist.SEQUENCE_LENGTH, Mnist.INPUT_SIZE));
                for (int epoch = 0; epoch < 3; epoch++) {
                    sampler.setNextEpoch(epoch);
                    for (Batch batch : trainer.iterateDataset(set)) {
                        try (batch) {
                            EasyTrain.trainBatch(trainer, batch);
                            trainer.step();
                        }
                    }
                }
            }
            List<float[]> parameters = new ArrayList<>();
            model.getBlock()
                    .getParameters()
                    .forEach(p -> parameters.add(p.getValue().getArray().toFloatArray()));
            return parameters;
        }
    }

    private static float[] initialFirstParameter() {
        try (Model model = Model.newInstance("adam-test")) {
            model.setBlock(ModelKind.LSTM.create(150));
            Engine.getInstance().setRandomSeed(7);
            model.getBlock()
                    .initialize(
                            model.getNDManager(),
                            DataType.FLOAT32,
                            new Shape(32, Mnist.SEQUENCE_LENGTH, Mnist.INPUT_SIZE));
            return model.getBlock().getParameters().get(0).getValue().getArray().toFloatArray();
        }
    }
}
