package io.seqmnist.report;

import ai.djl.Model;
import ai.djl.training.util.ProgressBar;
import io.seqmnist.experiment.RunDirectory;
import io.seqmnist.experiment.RunSummary;
import io.seqmnist.train.Checkpoint;
import io.seqmnist.train.EpochResult;
import io.seqmnist.train.TrainConfig;
import io.seqmnist.train.Training;
import java.util.Locale;

/**
 * What {@code train} prints of one run: what it trains, DJL's progress bar within an epoch (on a console), one line of
 * metrics after each epoch, and the result.
 */
public final class TrainProgress implements Training.Observer {
    private final TrainConfig config;
    private final RunDirectory dir;
    private ProgressBar bar;
    private boolean trained;
    private String gradientFlow; // the line of the epoch being reported

    public TrainProgress(TrainConfig config, RunDirectory dir) {
        this.config = config;
        this.dir = dir;
    }

    /** What the run trains, how, and where. */
    public void start() {
        System.out.printf(
                "training %s on %s: %d epochs, batch %d, hidden %d, %s, seed %d, %d thread(s) -> %s%n",
                config.model().description(),
                config.dataset(),
                config.epochs(),
                config.batchSize(),
                config.hiddenSize(),
                describe(config),
                config.seed(),
                config.threads(),
                dir.path());
        if (config.validation() > 0) {
            System.out.printf(
                    "validation: the last %d training images, held out of training; the test set is not read%n",
                    config.validation());
        }
    }

    /** The recipe and its settings in words, e.g. "recipe tuned: Adam, lr 0.002 cosine, clip-norm 1". */
    static String describe(TrainConfig c) {
        TrainConfig.Optimization o = c.optimization();
        StringBuilder s =
                new StringBuilder("recipe " + c.recipe() + ": Adam, lr " + o.learningRate() + " " + o.schedule());
        if (o.warmupEpochs() > 0) {
            s.append(", warm-up ").append(o.warmupEpochs()).append(" epochs");
        }
        if (o.clipNorm() > 0) {
            s.append(", clip-norm ").append(o.clipNorm());
        }
        if (o.weightDecay() > 0) {
            s.append(", weight decay ").append(o.weightDecay());
        }
        return s.toString();
    }

    @Override
    public void onResume(Checkpoint from) {
        trained = true;
        if (from.batchesIntoEpoch() == 0) {
            System.out.printf("resuming after epoch %d of %d%n", from.epoch(), config.epochs());
        } else {
            System.out.printf(
                    "resuming after epoch %d of %d and %d batches of epoch %d%n",
                    from.epoch(), config.epochs(), from.batchesIntoEpoch(), from.epoch() + 1);
        }
    }

    @Override
    public void onBatch(int epoch, long batch, long batches) {
        trained = true;
        if (System.console() == null) {
            return; // a log file gets the epoch lines only
        }
        if (batch == 1) {
            bar = new ProgressBar("Epoch " + epoch + "/" + config.epochs(), batches);
        }
        bar.update(batch - 1);
    }

    @Override
    public void onGradientFlow(int epoch, double seconds, double trainSeconds) {
        gradientFlow = String.format(
                Locale.ROOT,
                "          gradient flow %.2f s (%.1f%% of the epoch's training)",
                seconds,
                100 * seconds / trainSeconds);
    }

    @Override
    public void onEpoch(EpochResult r, Model model) {
        String heldOut = config.heldOutSplit();
        System.out.printf(
                "epoch %2d: train loss %.4f, train accuracy %.2f%%, %s accuracy %.2f%%, %.1f s (+%.1f s %s)%n",
                r.epoch(),
                r.trainLoss(),
                100 * r.trainAccuracy(),
                heldOut,
                100 * r.testAccuracy(),
                r.trainSeconds(),
                r.testSeconds(),
                heldOut);
        if (gradientFlow != null) {
            System.out.println(gradientFlow);
            gradientFlow = null;
        }
    }

    /** The result; a run that was already finished says so first. */
    public void end(RunSummary summary) {
        if (!trained) {
            System.out.println("nothing to train: " + dir.path() + " already holds this run, finished");
        }
        System.out.printf(
                "done: %s accuracy %.2f%% (best %.2f%% at epoch %d), %d parameters, %.1f s training, %.2f ms/step%n",
                summary.heldOutSplit(),
                100 * summary.heldOutAccuracy(),
                100 * summary.bestHeldOutAccuracy(),
                summary.bestEpoch(),
                summary.parameters(),
                summary.trainSeconds(),
                summary.msPerStep());
    }
}
