package io.seqmnist.cli;

import io.seqmnist.UserError;
import io.seqmnist.data.Mnist;
import io.seqmnist.model.ModelKind;
import io.seqmnist.train.RunDirectory;
import io.seqmnist.train.RunPlan;
import io.seqmnist.train.RunSummary;
import io.seqmnist.train.TrainConfig;
import io.seqmnist.train.Recipe;
import io.seqmnist.train.TuningGrid;
import io.seqmnist.train.TuningGrid.Point;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The search behind the tuned recipe ({@link TuningGrid}): every point trained on the training
 * images less the last {@code --validation}, once per seed, scored by the mean over its seeds of
 * the accuracy on those held-out images, never on the test set; writes TUNING.md and
 * validation.csv. Runs already complete in its folder are kept, so an interrupted search
 * continues where it stopped.
 */
@Command(name = "tune", description = {
        "Search each model's training settings on a validation split, never the test set: stage 1 tries every"
                + " schedule at every peak learning rate, stage 2 each clipping norm and weight decay on the best"
                + " of stage 1 (--grid full: every combination in one stage). Writes TUNING.md and validation.csv"
                + " (the validation accuracy of every run)."})
public final class TuneCommand implements Callable<Integer> {

    @Option(names = "--models", defaultValue = "rnn,gru,lstm,fnn", split = ",",
            description = "models to tune (default: ${DEFAULT-VALUE})")
    List<String> models;

    @Option(names = "--validation", defaultValue = "5000", paramLabel = "N",
            description = "the last N training images are held out and score every point (default: ${DEFAULT-VALUE})")
    int validation;

    @Option(names = "--seed", defaultValue = "0", description = "the first seed (default: ${DEFAULT-VALUE})")
    int seed;

    @Option(names = "--seeds", defaultValue = "1", paramLabel = "N",
            description = "runs per point, seeds --seed to --seed + N - 1; a point scores the mean of its runs"
                    + " (default: ${DEFAULT-VALUE})")
    int seeds;

    @Option(names = "--grid", defaultValue = "staged", paramLabel = "staged|full",
            description = "staged: stage 2's clipping norms and weight decays one at a time around stage 1's best;"
                    + " full: every schedule, rate, clipping norm (or none) and weight decay (or none) together"
                    + " (default: ${DEFAULT-VALUE})")
    String gridKind;

    @Option(names = "--schedules", defaultValue = TuningGrid.SCHEDULES, split = ",",
            description = "stage 1's schedules (default: ${DEFAULT-VALUE})")
    List<String> schedules;

    @Option(names = "--lrs", defaultValue = TuningGrid.LEARNING_RATES, split = ",",
            description = "stage 1's peak learning rates (default: ${DEFAULT-VALUE})")
    List<String> learningRates;

    @Option(names = "--clip-norms", defaultValue = TuningGrid.CLIP_NORMS, split = ",",
            description = "stage 2's gradient-norm limits, or none (default: ${DEFAULT-VALUE})")
    List<String> clipNorms;

    @Option(names = "--weight-decays", defaultValue = TuningGrid.WEIGHT_DECAYS, split = ",",
            description = "stage 2's weight decays, or none (default: ${DEFAULT-VALUE})")
    List<String> weightDecays;

    @Option(names = "--jobs", description = "runs trained at once (default: 2 when two cores are free, else 1)")
    Integer jobs;

    @Option(names = "--out", defaultValue = "tune", description = "output folder (default: ${DEFAULT-VALUE})")
    Path out;

    @Mixin TrainOptions options;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        if (validation < 1) {
            throw new UserError("--validation must be at least 1: tune scores on held-out training images,"
                    + " never on the test set");
        }
        if (seeds < 1) {
            throw new UserError("--seeds must be at least 1, got " + seeds);
        }
        if (!gridKind.equals("staged") && !gridKind.equals("full")) {
            throw new UserError("--grid must be staged or full, got '" + gridKind + "'");
        }
        List<ModelKind> kinds = models.stream().map(String::trim).map(ModelKind::parse).distinct().toList();
        TuningGrid grid = TuningGrid.of(schedules, learningRates, clipNorms, weightDecays, gridKind.equals("full"));
        TrainConfig base = options.config(kinds.get(0), seed).withValidation(validation);
        kinds.forEach(ModelKind::requireAvailable);
        int parallel = jobs != null ? jobs : CompareCommand.defaultJobs();
        if (parallel < 1) {
            throw new UserError("--jobs must be at least 1, got " + parallel);
        }
        Mnist data = options.data.load();
        io.seqmnist.train.Training.requireRoomForValidation(data.train().size(), validation);
        String command = TrainCommand.programName() + " " + String.join(" ", spec.commandLine().getParseResult().originalArgs());
        long start = System.nanoTime();

        List<Point> stage1 = new ArrayList<>();
        List<List<Point>> perModel = kinds.stream().map(grid::stage1).toList();
        for (int i = 0; i < perModel.get(0).size(); i++) { // interleaved: long and short runs mix
            for (List<Point> points : perModel) {
                stage1.add(points.get(i));
            }
        }
        System.out.printf("tune: stage 1, %d points x %d seed(s) (%s), validation on the last %d training images,"
                        + " %d job(s) -> %s%n", stage1.size(), seeds,
                String.join(", ", kinds.stream().map(ModelKind::cliName).toList()), validation, parallel, out);
        Map<Point, TuningTable.Score> scores = new LinkedHashMap<>(train(stage1, base, data, parallel));

        List<Point> stage2 = new ArrayList<>();
        for (ModelKind kind : kinds) {
            stage2.addAll(grid.stage2(bestOf(kind, scores)));
        }
        if (!stage2.isEmpty()) {
            System.out.printf("tune: stage 2, %d points around each model's best of stage 1%n", stage2.size());
            scores.putAll(train(stage2, base, data, parallel));
        }
        double wall = (System.nanoTime() - start) / 1e9;
        Map<ModelKind, Point> chosen = new LinkedHashMap<>();
        kinds.forEach(kind -> chosen.put(kind, bestOf(kind, scores)));
        TuningTable table = new TuningTable(grid, scores, chosen, validation, data.train().size(), seed,
                command.trim(), wall, parallel);
        RunDirectory.writeAtomically(out.resolve("validation.csv"), table.csv());
        RunDirectory.writeAtomically(out.resolve("TUNING.md"), table.markdown());
        for (Point p : chosen.values()) {
            System.out.printf("tune: %s: best %s, validation accuracy %.2f%%%n", p.model(), TuningTable.settings(p),
                    100 * scores.get(p).mean());
        }
        System.out.printf("tune: done in %.1f min; table: %s%n", wall / 60, out.resolve("TUNING.md"));
        return 0;
    }

    /**
     * Trains every point once per seed (runs complete in their folders are kept) and returns
     * their scores; a run that failed (diverged) is null in its point's list.
     */
    private Map<Point, TuningTable.Score> train(List<Point> points, TrainConfig base, Mnist data, int parallel) {
        List<RunPlan.Run> runs = new ArrayList<>();
        for (int s = seed; s < seed + seeds; s++) { // seed by seed: a search stopped early has whole seeds
            for (Point p : points) {
                TrainConfig config = base.withModel(p.model()).withSeed(s).with(Recipe.ASSIGNMENT, p.settings());
                runs.add(new RunPlan.Run(config, new RunDirectory(
                        out.resolve("runs").resolve(p.name() + "-seed" + s))));
            }
        }
        RunPlan plan = RunPlan.of(runs);
        List<RunSummary> summaries = plan.execute(data, options.data.dataDir(), parallel,
                new CompareProgress(plan, parallel), CompareCommand.childCommand(options), false);
        Map<Point, TuningTable.Score> byPoint = new LinkedHashMap<>();
        for (int i = 0; i < points.size(); i++) {
            List<RunSummary> bySeed = new ArrayList<>();
            for (int s = 0; s < seeds; s++) {
                bySeed.add(summaries.get(s * points.size() + i));
            }
            byPoint.put(points.get(i), new TuningTable.Score(bySeed));
        }
        return byPoint;
    }

    private static Point bestOf(ModelKind kind, Map<Point, TuningTable.Score> scores) {
        List<Point> tried = scores.keySet().stream()
                .filter(p -> p.model() == kind && !scores.get(p).failed()).toList();
        if (tried.isEmpty()) {
            throw new UserError("tune: every point of " + kind + " had a failed run; see the train.log of each");
        }
        return TuningGrid.best(tried, p -> scores.get(p).mean());
    }
}
