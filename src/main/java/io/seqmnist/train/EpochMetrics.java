package io.seqmnist.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.Trainer;
import ai.djl.training.listener.TrainingListenerAdapter;
import ai.djl.training.loss.Loss;

/**
 * Training loss and accuracy over an epoch, each mini-batch weighted by the images it holds, so the short last batch
 * counts for what it holds. (DJL's own loss accumulator averages batch means with equal weights.) The loss the trainer
 * differentiates is {@link #recording} the caller's: it keeps the value of each batch, which is read here instead of
 * evaluating the loss a second time on every batch (a few engine calls per step).
 */
final class EpochMetrics extends TrainingListenerAdapter {

    private final RecordingLoss recording;
    private double lossSum;
    private long correct;
    private long seen;
    private int batches;
    private float lastBatchLoss = Float.NaN;

    EpochMetrics(Loss loss) {
        recording = new RecordingLoss(loss);
    }

    /** The loss to train with: the caller's, its last value kept for these metrics. */
    Loss recording() {
        return recording;
    }

    @Override
    public void onTrainingBatch(Trainer trainer, BatchData batchData) {
        batchData.getPredictions().forEach((device, predictions) -> {
            NDList labels = batchData.getLabels().get(device);
            long n = labels.head().getShape().get(0);
            // the scalar's one value: one engine call, where getFloat() indexes (a copy) first
            lastBatchLoss = recording.last.toFloatArray()[0];
            lossSum += (double) lastBatchLoss * n;
            correct += Accuracy.correct(predictions.head(), labels.head());
            seen += n;
        });
        batches++;
    }

    void reset() {
        lossSum = 0;
        correct = 0;
        seen = 0;
        batches = 0;
    }

    /** The sums of the epoch so far, to be saved in a checkpoint within the epoch. */
    Checkpoint.Partial partial(double trainSeconds) {
        return new Checkpoint.Partial(batches, lossSum, correct, seen, trainSeconds);
    }

    /** Continues the sums of an epoch a run was stopped in, exactly as saved. */
    void restore(Checkpoint.Partial partial) {
        lossSum = partial.lossSum();
        correct = partial.correct();
        seen = partial.seen();
        batches = partial.batches();
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

    /** The caller's loss, remembering the value of its last evaluation: the batch being trained. */
    private static final class RecordingLoss extends Loss {
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
    }
}
