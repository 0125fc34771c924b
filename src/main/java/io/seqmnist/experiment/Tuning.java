package io.seqmnist.experiment;

import io.seqmnist.InvalidSetting;
import io.seqmnist.UserError;
import io.seqmnist.data.Mnist;
import io.seqmnist.experiment.TuningGrid.Point;
import io.seqmnist.model.ModelKind;
import io.seqmnist.train.Recipe;
import io.seqmnist.train.TrainConfig;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * The search behind the tuned recipe ({@link TuningGrid}): every point trained on the training images less the last
 * {@code validation}, once per seed, scored by the mean over its seeds of the accuracy on those held-out images, never
 * on the test set. Runs already complete in its folder are kept, so an interrupted search continues where it stopped.
 */
public final class Tuning {

    /** A point's runs, one per seed (null: the run failed), and its score, their mean. */
    public record Score(List<RunSummary> bySeed) {
        public boolean failed() {
            return bySeed.stream().anyMatch(Objects::isNull);
        }

        /** The seeds' validation accuracies. */
        public double[] accuracies() {
            return bySeed.stream().mapToDouble(RunSummary::validationAccuracy).toArray();
        }

        public double mean() {
            return Arrays.stream(accuracies()).average().orElse(Double.NaN);
        }
    }

    /** Every point's score, and each model's best point. */
    public record Result(Map<Point, Score> scores, Map<ModelKind, Point> chosen, double wallSeconds) {}

    /**
     * How the search runs: its runs go under {@code out/runs}, {@code jobs} at a time, in child processes made by
     * {@code childCommand}; {@code progress} follows each stage's plan.
     */
    public record Setup(
            Mnist data,
            Path dataDir,
            Path out,
            int jobs,
            UnaryOperator<List<String>> childCommand,
            Function<RunPlan, RunPlan.Listener> progress,
            PrintStream log) {}

    /** Why a staged search is not planned: its second stage depends on the first's results. */
    public static final String PLAN_NEEDS_FULL_GRID = "--plan needs --grid full: the staged search chooses its stage 2"
            + " from stage 1's results, which a plan cannot know ahead";

    private final TrainConfig base;
    private final int seeds;

    /**
     * @param base every run's config but its model, seed and settings: the first seed, and the validation split that
     *     scores the points
     */
    public Tuning(TrainConfig base, int seeds) {
        if (base.validation() < 1) {
            throw new InvalidSetting("{validation} must be at least 1: tune scores on"
                    + " held-out training images, never on the test set");
        }
        if (seeds < 1) {
            throw new InvalidSetting("{seeds} must be at least 1, got " + seeds);
        }
        this.base = base;
        this.seeds = seeds;
    }

    /** Stage 1 for every model, then stage 2 around each model's best; returns the scores. */
    public Result search(Setup setup, List<ModelKind> kinds, TuningGrid grid) {
        setup.data().requireRoomForValidation(base.validation());
        long start = System.nanoTime();
        List<Point> stage1 = stage1(kinds, grid);
        setup.log()
                .printf(
                        "tune: stage 1, %d points x %d seed(s) (%s), validation on the last %d training images,"
                                + " %d job(s) -> %s%n",
                        stage1.size(),
                        seeds,
                        String.join(", ", kinds.stream().map(ModelKind::cliName).toList()),
                        base.validation(),
                        setup.jobs(),
                        setup.out());
        Map<Point, Score> scores = new LinkedHashMap<>(train(setup, stage1));
        List<Point> stage2 = new ArrayList<>();
        for (ModelKind kind : kinds) {
            stage2.addAll(grid.stage2(bestOf(kind, scores)));
        }
        if (!stage2.isEmpty()) {
            setup.log().printf("tune: stage 2, %d points around each model's best of stage 1%n", stage2.size());
            scores.putAll(train(setup, stage2));
        }
        Map<ModelKind, Point> chosen = new LinkedHashMap<>();
        kinds.forEach(kind -> chosen.put(kind, bestOf(kind, scores)));
        return new Result(scores, chosen, (System.nanoTime() - start) / 1e9);
    }

    /**
     * The runs of a search in one stage ({@code --grid full}), to be written down as a plan: every point once per seed,
     * in the folders {@link #search} would train them in, so {@code tune} on the same folder afterwards trains nothing
     * and writes its table. A staged grid chooses stage 2 from stage 1's results and cannot be planned ahead.
     */
    public RunPlan plan(Path out, List<ModelKind> kinds, TuningGrid grid) {
        if (!grid.full()) {
            throw new UserError(PLAN_NEEDS_FULL_GRID);
        }
        return RunPlan.of(runsOf(out, stage1(kinds, grid)));
    }

    /** Stage 1's points of every model, interleaved: long and short runs mix. */
    private static List<Point> stage1(List<ModelKind> kinds, TuningGrid grid) {
        List<Point> stage1 = new ArrayList<>();
        List<List<Point>> perModel = kinds.stream().map(grid::stage1).toList();
        for (int i = 0; i < perModel.get(0).size(); i++) {
            for (List<Point> points : perModel) {
                stage1.add(points.get(i));
            }
        }
        return stage1;
    }

    /**
     * Trains every point once per seed (runs complete in their folders are kept) and returns their scores; a run that
     * failed (diverged) is null in its point's list.
     */
    private Map<Point, Score> train(Setup setup, List<Point> points) {
        RunPlan plan = RunPlan.of(runsOf(setup.out(), points));
        List<RunSummary> summaries = plan.execute(
                setup.data(), setup.dataDir(), setup.jobs(), setup.progress().apply(plan), setup.childCommand(), false);
        Map<Point, Score> byPoint = new LinkedHashMap<>();
        for (int i = 0; i < points.size(); i++) {
            List<RunSummary> bySeed = new ArrayList<>();
            for (int s = 0; s < seeds; s++) {
                bySeed.add(summaries.get(s * points.size() + i));
            }
            byPoint.put(points.get(i), new Score(bySeed));
        }
        return byPoint;
    }

    /** Every point once per seed, seed by seed, each in {@code out/runs/<point>-seed<k>}. */
    private List<RunPlan.Run> runsOf(Path out, List<Point> points) {
        List<RunPlan.Run> runs = new ArrayList<>();
        for (int s = base.seed();
                s < base.seed() + seeds;
                s++) { // seed by seed: a search stopped early has whole seeds
            for (Point p : points) {
                int seed = s;
                TrainConfig config = base.with(c -> {
                    c.model = p.model();
                    c.seed = seed;
                    c.recipe = Recipe.ASSIGNMENT;
                    c.optimization = p.settings();
                });
                runs.add(new RunPlan.Run(
                        config, new RunDirectory(out.resolve("runs").resolve(p.name() + "-seed" + s))));
            }
        }
        return runs;
    }

    private static Point bestOf(ModelKind kind, Map<Point, Score> scores) {
        List<Point> tried = scores.keySet().stream()
                .filter(p -> p.model().equals(kind) && !scores.get(p).failed())
                .toList();
        if (tried.isEmpty()) {
            throw new UserError("tune: every point of " + kind + " had a failed run; see the train.log of each");
        }
        return TuningGrid.best(tried, p -> scores.get(p).mean());
    }
}
