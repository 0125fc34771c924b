package io.seqmnist.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.loss.Loss;

/**
 * The caller's loss, remembering the value of its last evaluation: the mini-batch loss that
 * {@code EasyTrain.trainBatch} computes and differentiates. {@link EpochMetrics} reads it there
 * instead of evaluating the loss a second time on every batch (a few engine calls per step).
 */
final class RecordingLoss extends Loss {

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
