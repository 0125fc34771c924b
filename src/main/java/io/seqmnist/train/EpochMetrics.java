package io.seqmnist.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.Trainer;
import ai.djl.training.listener.TrainingListenerAdapter;
import ai.djl.training.loss.Loss;

/**
 * Training loss and accuracy over an epoch, each mini-batch weighted by the images it holds, so
 * the short last batch counts for what it holds. (DJL's own loss accumulator averages batch
 * means with equal weights.)
 */
final class EpochMetrics extends TrainingListenerAdapter {

    private double lossSum;
    private long correct;
    private long seen;
    private int batches;
    private float lastBatchLoss = Float.NaN;

    @Override
    public void onTrainingBatch(Trainer trainer, BatchData batchData) {
        batchData.getPredictions().forEach((device, predictions) -> {
            NDList labels = batchData.getLabels().get(device);
            long n = labels.head().getShape().get(0);
            lastBatchLoss = lossOf(trainer, labels, predictions,
                    batchData.getPredictions().size() == 1);
            lossSum += (double) lastBatchLoss * n;
            correct += Accuracy.correct(predictions.head(), labels.head());
            seen += n;
        });
        batches++;
    }

    /**
     * The batch's loss: the value the training step computed when the trainer recorded it (one
     * device: one value per batch), otherwise evaluated again.
     */
    private static float lossOf(
            Trainer trainer, NDList labels, NDList predictions, boolean oneDevice) {
        if (trainer.getLoss() instanceof RecordingLoss recorded) {
            NDArray last = recorded.takeLast();
            if (last != null && oneDevice) {
                // the scalar's one value: one engine call, where getFloat() indexes (a copy) first
                return last.toFloatArray()[0];
            }
        }
        try (NDArray loss = trainer.getLoss().evaluate(labels, predictions)) {
            return loss.getFloat();
        }
    }

    void reset() {
        lossSum = 0;
        correct = 0;
        seen = 0;
        batches = 0;
    }

    double loss() {
        return lossSum / seen;
    }

    double accuracy() {
        return (double) correct / seen;
    }

    int batches() {
        return batches;
    }

    float lastBatchLoss() {
        return lastBatchLoss;
    }

    /**
     * The caller's loss, remembering the value of its last evaluation: the mini-batch loss that
     * {@code EasyTrain.trainBatch} computes and differentiates. {@link EpochMetrics} reads it there
     * instead of evaluating the loss a second time on every batch (a few engine calls per step).
     */
    static final class RecordingLoss extends Loss {

        private final Loss loss;
        private NDArray last;

        RecordingLoss(Loss loss) {
            super(loss.getName());
            this.loss = loss;
        }

        @Override
        public NDArray evaluate(NDList labels, NDList predictions) {
            last = loss.evaluate(labels, predictions);
            return last;
        }

        /** The value of the last evaluation (of the batch being trained), once; then null. */
        NDArray takeLast() {
            NDArray value = last;
            last = null;
            return value;
        }
    }
}
