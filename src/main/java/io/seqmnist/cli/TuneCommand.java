package io.seqmnist.cli;

import io.seqmnist.UserError;
import io.seqmnist.data.Mnist;
import io.seqmnist.experiment.Jobs;
import io.seqmnist.experiment.Launcher;
import io.seqmnist.experiment.RunSpec;
import io.seqmnist.experiment.Tuning;
import io.seqmnist.experiment.TuningGrid;
import io.seqmnist.experiment.TuningGrid.Point;
import io.seqmnist.model.ModelKind;
import io.seqmnist.report.CompareProgress;
import io.seqmnist.report.TuningTable;
import io.seqmnist.train.Recipe;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The search behind the tuned recipe ({@link TuningGrid}): every point trained on the training images less the last
 * {@code --validation}, once per seed, scored by the mean over its seeds of the accuracy on those held-out images,
 * never on the test set; writes TUNING.md and validation.csv. Runs already complete in its folder are kept, so an
 * interrupted search continues where it stopped.
 */
@Command(
        name = "tune",
        description = {
            "Search each model's training settings on a validation split, never the test set: stage 1 tries every"
                    + " schedule at every peak learning rate, stage 2 each clipping norm and weight decay on the best"
                    + " of stage 1 (--grid full: every combination in one stage). Writes TUNING.md and validation.csv"
                    + " (the validation accuracy of every run)."
        })
public final class TuneCommand implements Callable<Integer> {

    @Option(
            names = "--models",
            defaultValue = "rnn,gru,lstm,fnn",
            split = RunSpec.LIST_SPLIT,
            description = "models to tune (default: ${DEFAULT-VALUE})")
    List<String> models;

    @Option(
            names = "--validation",
            defaultValue = "5000",
            paramLabel = "N",
            description = "the last N training images are held out and score every point (default: ${DEFAULT-VALUE})")
    int validation;

    @Option(names = "--seed", defaultValue = "0", description = "the first seed (default: ${DEFAULT-VALUE})")
    int seed;

    @Option(
            names = "--seeds",
            defaultValue = "1",
            paramLabel = "N",
            description = "runs per point, seeds --seed to --seed + N - 1; a point scores the mean of its runs"
                    + " (default: ${DEFAULT-VALUE})")
    int seeds;

    @Option(
            names = "--grid",
            defaultValue = "staged",
            paramLabel = "staged|full",
            description = "staged: stage 2's clipping norms and weight decays one at a time around stage 1's best;"
                    + " full: every schedule, rate, clipping norm (or none) and weight decay (or none) together"
                    + " (default: ${DEFAULT-VALUE})")
    String gridKind;

    @Option(
            names = "--schedules",
            defaultValue = TuningGrid.SCHEDULES,
            split = ",",
            description = "stage 1's schedules (default: ${DEFAULT-VALUE})")
    List<String> schedules;

    @Option(
            names = "--lrs",
            defaultValue = TuningGrid.LEARNING_RATES,
            split = ",",
            description = "stage 1's peak learning rates (default: ${DEFAULT-VALUE})")
    List<String> learningRates;

    @Option(
            names = "--clip-norms",
            defaultValue = TuningGrid.CLIP_NORMS,
            split = ",",
            description = "stage 2's gradient-norm limits, or none (default: ${DEFAULT-VALUE})")
    List<String> clipNorms;

    @Option(
            names = "--weight-decays",
            defaultValue = TuningGrid.WEIGHT_DECAYS,
            split = ",",
            description = "stage 2's weight decays, or none (default: ${DEFAULT-VALUE})")
    List<String> weightDecays;

    @Option(
            names = "--jobs",
            description =
                    "runs trained at once (default: the free cores divided by --threads, at most one run per 750 MB of available memory)")
    Integer jobs;

    @Option(names = "--out", defaultValue = "tune", description = "output folder (default: ${DEFAULT-VALUE})")
    Path out;

    @Option(
            names = "--plan",
            paramLabel = "DIR",
            description = "with --grid full: write the search into DIR for a scheduler instead of training it"
                    + " (plan.json, slurm.sbatch, kubernetes-job.yaml); 'report DIR' then writes TUNING.md")
    Path planDir;

    @Mixin
    TrainOptions options;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        if (!gridKind.equals("staged") && !gridKind.equals("full")) {
            throw new UserError("--grid must be staged or full, got '" + gridKind + "'");
        }
        if (planDir != null && !gridKind.equals("full")) {
            throw new UserError(Tuning.PLAN_NEEDS_FULL_GRID);
        }
        if (planDir != null && spec.commandLine().getParseResult().hasMatchedOption("--out")) {
            throw new UserError(
                    "--plan and --out: give one (the plan's runs and its report go into the --plan folder)");
        }
        List<ModelKind> kinds = new ArrayList<>();
        for (RunSpec run : options.start(models, "--models")) {
            if (!run.settings().isEmpty()) {
                throw new UserError("--models " + run + ": tune searches one size for all models; give --hidden"
                        + " instead of a model's own settings");
            }
            kinds.add(run.model());
        }
        TuningGrid grid = TuningGrid.of(schedules, learningRates, clipNorms, weightDecays, gridKind.equals("full"));
        // a validation below 1 reaches Tuning as 0, which it refuses in one line
        Tuning tuning =
                new Tuning(options.config(kinds.get(0), seed, Recipe.ASSIGNMENT, Math.max(validation, 0)), seeds);
        if (planDir != null) {
            Mnist data = options.data.load(); // fetched now, once, not by every task at the same time
            data.requireRoomForValidation(Math.max(validation, 0));
            List<String> args = spec.commandLine().getParseResult().originalArgs();
            Path dir = planDir.toAbsolutePath().normalize();
            PlanFiles.write(
                    planDir,
                    "tune",
                    tuning.plan(dir, kinds, grid),
                    options.data.dataDir(),
                    options.engine.accel().mode(),
                    Launcher.commandLine(args),
                    tableArgs(args, dir, options.data.dataDir().toAbsolutePath().normalize()));
            return 0;
        }
        int parallel = Jobs.of(jobs, options.engine.threads);
        Mnist data = options.data.load();
        String command =
                Launcher.commandLine(spec.commandLine().getParseResult().originalArgs());
        var setup = new Tuning.Setup(
                data,
                options.data.dataDir(),
                out,
                parallel,
                options.engine.childCommand(),
                plan -> new CompareProgress(plan, parallel),
                System.out);
        Tuning.Result result = tuning.search(setup, kinds, grid);
        TuningTable table =
                new TuningTable(grid, result, validation, data.train().size(), seed, command, parallel);
        table.write(out);
        for (Point p : result.chosen().values()) {
            System.out.printf(
                    "tune: %s: best %s, validation accuracy %.2f%%%n",
                    p.model(),
                    TuningTable.settings(p),
                    100 * result.scores().get(p).mean());
        }
        System.out.printf("tune: done in %.1f min; table: %s%n", result.wallSeconds() / 60, out.resolve("TUNING.md"));
        return 0;
    }

    /**
     * The planning command's arguments as the command that writes TUNING.md once the plan's runs are finished: --out
     * for --plan, and the data folder absolute (it may run from another folder).
     */
    static List<String> tableArgs(List<String> args, Path dir, Path dataDir) {
        List<String> out = new java.util.ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("--plan") || a.equals("--data-dir")) {
                i++;
            } else if (!a.startsWith("--plan=") && !a.startsWith("--data-dir=")) {
                out.add(a);
            }
        }
        out.addAll(List.of("--out", dir.toString(), "--data-dir", dataDir.toString()));
        return out;
    }
}
