package io.seqmnist.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.Trainer;
import ai.djl.training.listener.TrainingListenerAdapter;

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
}
