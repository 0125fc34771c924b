package io.seqmnist.train;

/**
 * One epoch's metrics. Epochs count from 1; accuracies are fractions in [0, 1]. {@code testAccuracy} and
 * {@code testSeconds} are measured on the images the run holds out: the test set, or the validation images of a run
 * with a validation split.
 */
public record EpochResult(
        int epoch,
        double trainLoss,
        double trainAccuracy,
        double testAccuracy,
        double trainSeconds,
        double testSeconds) {}
