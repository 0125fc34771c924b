package io.seqmnist.cli;

import ai.djl.Model;
import ai.djl.training.util.ProgressBar;
import io.seqmnist.UserError;
import io.seqmnist.data.Mnist;
import io.seqmnist.experiment.ChildRun;
import io.seqmnist.experiment.Launcher;
import io.seqmnist.model.ModelKind;
import io.seqmnist.train.Checkpoint;
import io.seqmnist.train.Recipe;
import io.seqmnist.train.EpochResult;
import io.seqmnist.experiment.RunDirectory;
import io.seqmnist.experiment.RunSummary;
import io.seqmnist.train.TrainConfig;
import io.seqmnist.experiment.TrainRun;
import io.seqmnist.train.Training;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Question 1 item 13, Question 2 item 4, Question 3 item 4: train one model. */
@Command(name = "train", description = {
        "Train one model and write metrics.csv, summary.json and the model.",
        "A checkpoint is saved after every epoch. A folder that already holds a run is refused:"
                + " --resume continues it (the same options; a larger --epochs extends a finished run at a constant rate),"
                + " --force replaces it. Ctrl-C keeps the last complete epoch and prints the resume command."})
public final class TrainCommand implements Callable<Integer> {

    @Option(names = "--model", required = true, description = "rnn, gru, lstm, fnn, scratch-rnn, scratch-gru or scratch-lstm")
    String model;

    @Option(names = "--seed", defaultValue = "" + TrainConfig.SEED, description = "random seed (default: ${DEFAULT-VALUE})")
    int seed;

    @Option(names = "--out", description = "run folder (default: runs/<model>-seed<seed>)")
    Path out;

    @Option(names = "--resume", description = "continue the run in --out (same options) from its last complete epoch; a finished run is left as it is")
    boolean resume;

    @Option(names = "--force", description = "replace the run in --out, if any, by a new one")
    boolean force;

    @Option(names = "--recipe", defaultValue = "assignment", paramLabel = "assignment|tuned",
            description = "the training settings: assignment (Adam at a constant 0.001) or tuned"
                    + " (the best found per model on a validation split; docs/RECIPE.md); the options"
                    + " below override single values (default: ${DEFAULT-VALUE})")
    String recipe;

    @Option(names = "--validation", defaultValue = "0", paramLabel = "N",
            description = "hold the last N training images out of training and measure them after"
                    + " each epoch instead of the test set, which is then never read (default: 0)")
    int validation;

    @Mixin TrainOptions options;

    /**
     * A folder that holds a run is refused unless --resume (a run of the same options: continue
     * it; already finished: nothing to do, exit 0) or --force (start over). A different run is
     * only ever replaced with --force. Exit status 3 when training diverges; on Ctrl-C the JVM
     * exits with 130 after TrainRun's one-line notice.
     */
    @Override
    public Integer call() {
        if (resume && force) {
            throw new UserError("--resume and --force contradict each other: --resume continues the run in the folder, --force replaces it");
        }
        ModelKind kind = options.start(List.of(model)).get(0);
        TrainConfig config = options.config(kind, seed, Recipe.parse(recipe), validation);
        // data first: bad data must not leave an empty run folder behind (TrainRun creates it)
        Mnist data = options.data.load();
        data.requireRoomForValidation(config.validation());
        RunDirectory dir = new RunDirectory(
                out != null ? out : Path.of("runs", config.model().cliName() + "-seed" + seed));
        System.out.printf("training %s on %s: %d epochs, batch %d, hidden %d, %s, seed %d, %d thread(s) -> %s%n",
                config.model().description(), config.dataset(), config.epochs(), config.batchSize(),
                config.hiddenSize(), describe(config), seed, config.threads(), dir.path());
        if (config.validation() > 0) {
            System.out.printf("validation: the last %d training images, held out of training; the test set is not read%n",
                    config.validation());
        }
        TrainRun.IfExists ifExists = force ? TrainRun.IfExists.REPLACE
                : resume ? TrainRun.IfExists.RESUME : TrainRun.IfExists.REFUSE;
        ConsoleProgress progress = new ConsoleProgress(config.epochs(), config.heldOutSplit());
        RunSummary summary = TrainRun.run(data, config, dir, progress,
                new TrainRun.Options(ifExists, resumeCommand(config, dir)));
        if (!progress.trained) {
            System.out.println("nothing to train: " + dir.path() + " already holds this run, finished");
        }
        System.out.printf("done: %s accuracy %.2f%% (best %.2f%% at epoch %d), %d parameters, %.1f s training, %.2f ms/step%n",
                summary.heldOutSplit(), 100 * summary.heldOutAccuracy(), 100 * summary.bestHeldOutAccuracy(),
                summary.bestEpoch(),
                summary.parameters(), summary.trainSeconds(), summary.msPerStep());
        return 0;
    }

    /** The recipe and its settings in words, e.g. "recipe tuned: Adam, lr 0.002 cosine, clip-norm 1". */
    static String describe(TrainConfig c) {
        TrainConfig.Optimization o = c.optimization();
        StringBuilder s = new StringBuilder("recipe " + c.recipe() + ": Adam, lr " + o.learningRate()
                + " " + o.schedule());
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

    /** The exact command that continues this run (printed when it is interrupted). */
    private String resumeCommand(TrainConfig config, RunDirectory dir) {
        List<String> args = new ArrayList<>(ChildRun.trainOptions(config));
        args.addAll(List.of("--out", dir.path().toString()));
        if (options.data.dataDir != null) {
            args.addAll(List.of("--data-dir", options.data.dataDir.toString()));
        }
        return Launcher.resumeCommand(args);
    }

    /** DJL's progress bar within an epoch, one line of metrics after it. */
    static final class ConsoleProgress implements Training.Observer {
        private final int epochs;
        private final String heldOut;
        private ProgressBar bar;
        boolean trained;

        @Override
        public void onResume(Checkpoint from) {
            trained = true;
            System.out.printf("resuming after epoch %d of %d%n", from.epoch(), epochs);
        }

        ConsoleProgress(int epochs, String heldOut) {
            this.epochs = epochs;
            this.heldOut = heldOut;
        }

        @Override
        public void onBatch(int epoch, long batch, long batches) {
            trained = true;
            if (System.console() == null) {
                return; // a log file gets the epoch lines only
            }
            if (batch == 1) {
                bar = new ProgressBar("Epoch " + epoch + "/" + epochs, batches);
            }
            bar.update(batch - 1);
        }

        @Override
        public void onEpoch(EpochResult r, Model model) {
            System.out.printf("epoch %2d: train loss %.4f, train accuracy %.2f%%, %s accuracy %.2f%%, %.1f s (+%.1f s %s)%n",
                    r.epoch(), r.trainLoss(), 100 * r.trainAccuracy(), heldOut, 100 * r.testAccuracy(),
                    r.trainSeconds(), r.testSeconds(), heldOut);
        }
    }
}
