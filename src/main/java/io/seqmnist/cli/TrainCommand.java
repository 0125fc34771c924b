package io.seqmnist.cli;

import io.seqmnist.UserError;
import io.seqmnist.data.Mnist;
import io.seqmnist.experiment.ChildRun;
import io.seqmnist.experiment.Launcher;
import io.seqmnist.experiment.RunDirectory;
import io.seqmnist.experiment.RunSpec;
import io.seqmnist.experiment.TrainRun;
import io.seqmnist.report.TrainProgress;
import io.seqmnist.train.Recipe;
import io.seqmnist.train.TrainConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Question 1 item 13, Question 2 item 4, Question 3 item 4: train one model. */
@Command(
        name = "train",
        description = {
            "Train one model and write metrics.csv, summary.json and the model.",
            "A checkpoint is saved after every epoch. A folder that already holds a run is refused:"
                    + " --resume continues it (the same options; a larger --epochs extends a finished run at a constant rate),"
                    + " --force replaces it. Ctrl-C or SIGTERM saves a checkpoint at the next mini-batch and prints the"
                    + " resume command."
        })
public final class TrainCommand implements Callable<Integer> {

    @Option(
            names = "--model",
            required = true,
            paramLabel = "MODEL[:h=N]",
            description = "rnn, gru, lstm, fnn, scratch-rnn, scratch-gru, scratch-lstm (or another of compare's),"
                    + " with its own settings if any, as in rnn:h=268")
    String model;

    @Option(
            names = "--seed",
            defaultValue = "" + TrainConfig.SEED,
            description = "random seed (default: ${DEFAULT-VALUE})")
    int seed;

    @Option(names = "--out", description = "run folder (default: runs/<model>-seed<seed>)")
    Path out;

    @Option(
            names = "--resume",
            description =
                    "continue the run in --out (same options) from its last complete epoch; a finished run is left as it is")
    boolean resume;

    @Option(names = "--force", description = "replace the run in --out, if any, by a new one")
    boolean force;

    @Option(
            names = "--recipe",
            defaultValue = "assignment",
            paramLabel = "assignment|tuned",
            description = "the training settings: assignment (Adam at a constant 0.001) or tuned"
                    + " (the best found per model on a validation split; docs/RECIPE.md); the options"
                    + " below override single values (default: ${DEFAULT-VALUE})")
    String recipe;

    @Option(
            names = "--validation",
            defaultValue = "0",
            paramLabel = "N",
            description = "hold the last N training images out of training and measure them after"
                    + " each epoch instead of the test set, which is then never read (default: 0)")
    int validation;

    @Option(
            names = "--checkpoint-minutes",
            defaultValue = "5",
            paramLabel = "M",
            description = "also checkpoint within an epoch every M minutes (fractions allowed; 0: only at the end of"
                    + " each epoch), and on SIGTERM or Ctrl-C at the next mini-batch (default: ${DEFAULT-VALUE})")
    double checkpointMinutes;

    @Mixin
    TrainOptions options;

    /**
     * A folder that holds a run is refused unless --resume (a run of the same options: continue it; already finished:
     * nothing to do, exit 0) or --force (start over). A different run is only ever replaced with --force. Exit status 3
     * when training diverges; on Ctrl-C the JVM exits with 130 after TrainRun's one-line notice.
     */
    @Override
    public Integer call() {
        if (resume && force) {
            throw new UserError(
                    "--resume and --force contradict each other: --resume continues the run in the folder, --force replaces it");
        }
        if (!(checkpointMinutes >= 0) || Double.isInfinite(checkpointMinutes)) {
            throw new UserError(
                    "--checkpoint-minutes must be 0 or a positive number of minutes, got " + checkpointMinutes);
        }
        RunSpec run = options.start(List.of(model), "--model").get(0);
        TrainConfig config = options.config(run, seed, Recipe.parse(recipe), validation);
        // data first: bad data must not leave an empty run folder behind (TrainRun creates it)
        Mnist data = options.data.load();
        data.requireRoomForValidation(config.validation());
        RunDirectory dir = new RunDirectory(out != null ? out : Path.of("runs", run.folderName() + "-seed" + seed));
        TrainRun.IfExists ifExists =
                force ? TrainRun.IfExists.REPLACE : resume ? TrainRun.IfExists.RESUME : TrainRun.IfExists.REFUSE;
        TrainProgress progress = new TrainProgress(config, dir);
        progress.start();
        Duration every = Duration.ofMillis(Math.round(checkpointMinutes * 60_000));
        progress.end(TrainRun.run(
                data, config, dir, progress, new TrainRun.Options(ifExists, resumeCommand(config, dir), every)));
        return 0;
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
}
