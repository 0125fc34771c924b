package io.seqmnist.experiment;

import ai.djl.ndarray.NDManager;
import io.seqmnist.data.Mnist;
import io.seqmnist.data.SequenceBatches;
import io.seqmnist.model.GradientFlow;
import io.seqmnist.model.RecurrentClassifier;
import java.util.ArrayList;
import java.util.List;

/**
 * A recurrent run's gradient-flow.csv: {@link GradientFlow} measured after each epoch on the same images, the first
 * {@link #IMAGES} the run holds out, with the rows of all epochs so far.
 */
final class GradientFlowLog {

    /** How many held-out images are measured (all of them when there are fewer). */
    static final int IMAGES = 1000;

    private final Mnist.Split images;
    private final int steps;
    private final RunDirectory out;
    private final List<EpochGradientFlow> epochs;

    private GradientFlowLog(Mnist.Split images, int steps, RunDirectory out, List<EpochGradientFlow> epochs) {
        this.images = images;
        this.steps = steps;
        this.out = out;
        this.epochs = epochs;
    }

    /**
     * @param heldOut the held-out images, as the run reads them (permuted if it permutes)
     * @param steps T, the steps each image is read in
     * @param epochsDone the epochs the run continues after (0 for a fresh run): their rows come from the file, and rows
     *     of later epochs there (written before a checkpoint that a killed run did not save) are dropped
     */
    static GradientFlowLog open(Mnist.Split heldOut, int steps, RunDirectory out, int epochsDone) {
        List<EpochGradientFlow> kept = new ArrayList<>();
        if (epochsDone > 0) {
            for (EpochGradientFlow e : out.readGradientFlow()) {
                if (e.epoch() <= epochsDone) {
                    kept.add(e);
                }
            }
        }
        return new GradientFlowLog(heldOut.first(IMAGES), steps, out, kept);
    }

    /**
     * Measures the classifier as it is after {@code epoch} and rewrites the file with its rows.
     *
     * @return the seconds the measurement took
     */
    double record(int epoch, RecurrentClassifier classifier, NDManager parent) {
        long start = System.nanoTime();
        GradientFlow.Norms norms;
        try (NDManager scope = parent.newSubManager()) {
            norms = GradientFlow.measure(
                    classifier, SequenceBatches.images(scope, images, steps), SequenceBatches.labels(scope, images));
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        epochs.add(new EpochGradientFlow(epoch, norms.h(), norms.c()));
        out.writeGradientFlow(epochs);
        return seconds;
    }
}
