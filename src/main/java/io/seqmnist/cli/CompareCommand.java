package io.seqmnist.cli;

import io.seqmnist.UserError;
import io.seqmnist.data.Mnist;
import io.seqmnist.experiment.GatesStudy;
import io.seqmnist.experiment.Jobs;
import io.seqmnist.experiment.Launcher;
import io.seqmnist.experiment.LengthStudy;
import io.seqmnist.experiment.RunPlan;
import io.seqmnist.experiment.RunSpec;
import io.seqmnist.experiment.WallTimes;
import io.seqmnist.report.CompareProgress;
import io.seqmnist.report.Report;
import io.seqmnist.train.Recipe;
import io.seqmnist.train.TrainConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The main job: trains every model for every seed with the same train() and writes the report (Question 1 item 13,
 * Question 2 items 4-5, Question 3 items 4-5, and item 14's evidence).
 */
@Command(name = "compare", description = "Train several models (and seeds) the same way and write REPORT.md.")
public final class CompareCommand implements Callable<Integer> {

    static final String DEFAULT_MODELS = "rnn,gru,lstm,scratch-rnn,fnn";

    @Option(
            names = "--models",
            defaultValue = DEFAULT_MODELS,
            split = RunSpec.LIST_SPLIT,
            paramLabel = "MODEL[:h=N],...",
            description = "models to compare, each with its own settings if any, as in rnn:h=268 (default:"
                    + " ${DEFAULT-VALUE})")
    List<String> models;

    @Option(names = "--seeds", defaultValue = "1", description = "seeds 0..K-1 per model (default: ${DEFAULT-VALUE})")
    int seeds;

    @Option(
            names = {"--recipes", "--recipe"},
            defaultValue = "assignment",
            split = ",",
            paramLabel = "assignment,tuned",
            description = "the training recipes, each run for every model and seed; the report puts"
                    + " them side by side (default: ${DEFAULT-VALUE})")
    List<String> recipes;

    @Option(
            names = "--jobs",
            description =
                    "runs trained at once (default: the free cores divided by --threads, at most one run per 750 MB of available memory)")
    Integer jobs;

    @Option(names = "--out", description = "output folder (default: results, or studies/NAME for a --study)")
    Path out;

    @Option(
            names = "--plan",
            paramLabel = "DIR",
            description = "write the sweep into DIR for a scheduler instead of training it: plan.json (the runs),"
                    + " slurm.sbatch, kubernetes-job.yaml; each run is then one 'task DIR INDEX', and 'report DIR'"
                    + " writes the report from their folders")
    Path planDir;

    @Option(
            names = "--study",
            paramLabel = "gates|length",
            description = "run a study instead of --models: gates = rnn, gru, lstm, RNNs with the GRU's and the"
                    + " LSTM's parameter counts, the RNN without W_hh (last row; mean of the rows), fnn and fnn"
                    + " of the RNN's size, under both recipes; length = rnn, gru and lstm at each T of --seq-lens,"
                    + " their accuracy and gradient reach drawn against T")
    String study;

    @Option(
            names = "--seq-lens",
            split = ",",
            paramLabel = "T,...",
            description = "with --study length: the sequence lengths, each a divisor of 784 (default: 28,56,112,196;"
                    + " add 784 for pixel by pixel: 20 min (gru) to an hour (lstm) an epoch on one core)")
    List<Integer> seqLens;

    @Mixin
    TrainOptions options;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        if (planDir != null && spec.commandLine().getParseResult().hasMatchedOption("--out")) {
            throw new UserError(
                    "--plan and --out: give one (the plan's runs and its report go into the --plan folder)");
        }
        boolean studying = study != null;
        if (studying && !study.equals(GatesStudy.NAME) && !study.equals(LengthStudy.NAME)) {
            throw new UserError(
                    "--study must be " + GatesStudy.NAME + " or " + LengthStudy.NAME + ", got '" + study + "'");
        }
        boolean length = studying && study.equals(LengthStudy.NAME);
        CommandLine.ParseResult given = spec.commandLine().getParseResult();
        if (studying && given.hasMatchedOption("--models")) {
            throw new UserError("--study " + study + " names its own models; leave out --models");
        }
        if (seqLens != null && !length) {
            throw new UserError("--seq-lens goes with --study length; for one T give --seq-len");
        }
        if (length && given.hasMatchedOption("--seq-len")) {
            throw new UserError("--study length sets each run's T from --seq-lens; leave out --seq-len");
        }
        if (out == null) {
            out = studying ? Path.of("studies", study) : Path.of("results");
        }
        List<RunSpec> kinds;
        if (studying) {
            kinds = length
                    ? LengthStudy.models(seqLens == null ? LengthStudy.DEFAULT_LENGTHS : seqLens, "--seq-lens")
                    : GatesStudy.models();
            options.startEngine();
        } else {
            kinds = options.start(models, "--models");
        }
        List<Recipe> chosen = studying && !length && !given.hasMatchedOption("--recipes")
                ? GatesStudy.RECIPES
                : recipes.stream().map(Recipe::parse).distinct().toList();
        if (chosen.size() > 1 && !options.settings.given().isEmpty()) {
            throw new UserError(options.settings.given().get(0) + " overrides one recipe's setting; with"
                    + " --recipes naming " + chosen.size() + ", leave it out (or compare one recipe)");
        }
        RunPlan plan = RunPlan.of(
                kinds,
                seeds,
                chosen,
                (model, seed, recipe) -> options.config(model, seed, recipe, 0),
                planDir != null ? planDir : out);
        TrainConfig base = plan.runs().get(0).config();
        if (planDir != null) {
            options.data.load(); // fetched now, once, not by every task at the same time
            PlanFiles.write(
                    planDir,
                    "compare",
                    plan,
                    options.data.dataDir(),
                    options.engine.accel().mode(),
                    Launcher.commandLine(spec.commandLine().getParseResult().originalArgs()),
                    List.of());
            return 0;
        }
        int parallel = Jobs.of(jobs, options.engine.threads);
        Mnist data = options.data.load();
        CompareProgress.announce(plan, parallel, out);
        // originalArgs() holds the whole command line, "compare" included
        String command =
                Launcher.commandLine(spec.commandLine().getParseResult().originalArgs());
        long start = System.nanoTime();
        CompareProgress progress = new CompareProgress(plan, parallel);
        plan.execute(data, options.data.dataDir(), parallel, progress, options.engine.childCommand(), command);
        double wall = (System.nanoTime() - start) / 1e9;
        WallTimes.append(out, plan.runs().size() - progress.keptRuns(), parallel, wall);
        System.out.println("compare: writing the report ...");
        new Report(out, data, plan.runs())
                .write(new Report.Provenance(
                        command, parallel, base.threads(), wall, progress.keptRuns(), options.engine.setup()));
        if (studying) {
            System.out.println("compare: the study's answers are at the top of the report");
        }
        System.out.printf(
                "compare: done in %.1f min; report: %s, table: %s%n",
                wall / 60, out.resolve("REPORT.md"), out.resolve("summary.csv"));
        return 0;
    }
}
