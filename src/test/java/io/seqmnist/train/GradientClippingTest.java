package io.seqmnist.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.EasyTrain;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.training.dataset.Batch;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import io.seqmnist.data.EpochSampler;
import io.seqmnist.data.Mnist;
import io.seqmnist.data.SequenceBatches;
import io.seqmnist.experiment.RunFixtures;
import io.seqmnist.model.ModelKind;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Global-norm clipping against a hand computation, alone and in the trainer's step. */
class GradientClippingTest {

    @Test
    void scalesEveryGradientByMaxNormOverTheGlobalNorm() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray a = manager.create(new float[] {3, 4});
            NDArray b = manager.create(new float[] {12}, new Shape(1, 1));
            // sqrt(3^2 + 4^2 + 12^2) = 13: above 6.5, so both scale by 6.5 / (13 + 1e-6)
            double norm = GradientClipping.clip(List.of(a, b), 6.5f);
            assertEquals(13.0, norm, 0.0);
            float scale = (float) (6.5 / (13 + 1e-6));
            assertArrayEquals(new float[] {3 * scale, 4 * scale}, a.toFloatArray());
            assertArrayEquals(new float[] {12 * scale}, b.toFloatArray());
            assertEquals(6.5, GradientClipping.globalNorm(List.of(a, b)), 1e-5);
        }
    }

    @Test
    void leavesGradientsWithinTheNormAsTheyAre() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray a = manager.create(new float[] {3, -4});
            assertEquals(5.0, GradientClipping.clip(List.of(a), 5.5f), 0.0);
            assertArrayEquals(new float[] {3, -4}, a.toFloatArray());
        }
    }

    /**
     * One real training step of an RNN: the gradients the optimizer receives from a clipping trainer are those of a
     * trainer that does not clip, each times max / (norm + 1e-6), the norm computed here by hand from the unclipped
     * gradients.
     */
    @Test
    void theTrainersStepHandsTheOptimizerTheClippedGradients() throws Exception {
        List<float[]> unclipped = gradientsOfOneStep(0);
        double sumOfSquares = 0;
        for (float[] g : unclipped) {
            for (float v : g) {
                sumOfSquares += (double) v * v;
            }
        }
        double norm = Math.sqrt(sumOfSquares);
        float maxNorm = (float) (norm / 3);
        float scale = (float) (maxNorm / (norm + 1e-6));
        List<float[]> clipped = gradientsOfOneStep(maxNorm);
        assertEquals(6, unclipped.size(), "every parameter of the RNN and its output layer");
        assertEquals(unclipped.size(), clipped.size());
        for (int p = 0; p < unclipped.size(); p++) {
            float[] expected = unclipped.get(p).clone();
            for (int i = 0; i < expected.length; i++) {
                expected[i] *= scale;
            }
            assertArrayEquals(expected, clipped.get(p), "parameter " + p);
        }
        List<float[]> notClipped = gradientsOfOneStep((float) (norm * 2));
        for (int p = 0; p < unclipped.size(); p++) {
            assertArrayEquals(unclipped.get(p), notClipped.get(p), "parameter " + p + ", norm below the limit");
        }
    }

    /** The gradients an optimizer receives in the first step of an RNN (copies, in order). */
    private static List<float[]> gradientsOfOneStep(float clipNorm) throws Exception {
        Mnist data = RunFixtures.smallMnist(64, 1);
        List<float[]> received = new ArrayList<>();
        Optimizer recorder = new Optimizer(new Recorder()) {
            @Override
            public void update(String parameterId, NDArray weight, NDArray grad) {
                received.add(grad.toFloatArray());
            }
        };
        try (Model model = Model.newInstance("clip-test")) {
            model.setBlock(ModelKind.RNN.create(32));
            Engine.getInstance().setRandomSeed(3);
            EpochSampler sampler = EpochSampler.shuffled(64, 3);
            DefaultTrainingConfig config =
                    new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss()).optOptimizer(recorder);
            try (NDManager manager = model.getNDManager().newSubManager();
                    Trainer trainer = new OneDeviceTrainer(model, config, clipNorm)) {
                ArrayDataset set = SequenceBatches.training(manager, data.train(), sampler);
                trainer.initialize(new Shape(64, Mnist.SEQUENCE_LENGTH, Mnist.INPUT_SIZE));
                sampler.setNextEpoch(0);
                try (Batch batch = trainer.iterateDataset(set).iterator().next()) {
                    EasyTrain.trainBatch(trainer, batch);
                    trainer.step();
                }
            }
        }
        return received;
    }

    private static final class Recorder extends Optimizer.OptimizerBuilder<Recorder> {
        @Override
        protected Recorder self() {
            return this;
        }
    }
}
