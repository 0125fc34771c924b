package io.seqmnist.report;

import io.seqmnist.experiment.RunDirectory;
import io.seqmnist.experiment.RunSummary;
import io.seqmnist.experiment.Tuning;
import io.seqmnist.experiment.TuningGrid;
import io.seqmnist.experiment.TuningGrid.Point;
import io.seqmnist.model.ModelKind;
import io.seqmnist.train.LrSchedule;
import io.seqmnist.train.TrainConfig.Optimization;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** What {@code tune} writes: every point's validation accuracy, as TUNING.md and validation.csv. */
public final class TuningTable {

    private final TuningGrid grid;
    private final Map<Point, Tuning.Score> scores;
    private final Map<ModelKind, Point> chosen;
    private final int validation;
    private final int trainImages;
    private final int firstSeed;
    private final String command;
    private final double wallSeconds;
    private final int jobs;
    private final StringBuilder md = new StringBuilder();

    /** @param trainImages the dataset's training images, validation ones included */
    public TuningTable(
            TuningGrid grid,
            Tuning.Result result,
            int validation,
            int trainImages,
            int firstSeed,
            String command,
            int jobs) {
        this(
                grid,
                result.scores(),
                result.chosen(),
                validation,
                trainImages,
                firstSeed,
                command,
                result.wallSeconds(),
                jobs);
    }

    private TuningTable(
            TuningGrid grid,
            Map<Point, Tuning.Score> scores,
            Map<ModelKind, Point> chosen,
            int validation,
            int trainImages,
            int firstSeed,
            String command,
            double wallSeconds,
            int jobs) {
        this.trainImages = trainImages;
        this.firstSeed = firstSeed;
        this.grid = grid;
        this.scores = scores;
        this.chosen = chosen;
        this.validation = validation;
        this.command = command;
        this.wallSeconds = wallSeconds;
        this.jobs = jobs;
    }

    /** A point's settings in words: "cosine, peak 0.002, clip-norm 1". */
    public static String settings(Point p) {
        Optimization s = p.settings();
        StringBuilder text = new StringBuilder(s.schedule() + ", "
                + (s.schedule() == LrSchedule.CONSTANT ? "" : "peak ") + TuningGrid.number(s.learningRate()));
        if (s.clipNorm() > 0) {
            text.append(", clip-norm ").append(TuningGrid.number(s.clipNorm()));
        }
        if (s.weightDecay() > 0) {
            text.append(", weight decay ").append(TuningGrid.number(s.weightDecay()));
        }
        return text.toString();
    }

    /** One row per run: a point's settings, its seed and the run's validation accuracy. */
    /** TUNING.md and validation.csv in the folder. */
    public void write(Path folder) {
        RunDirectory.writeAtomically(folder.resolve("validation.csv"), csv());
        RunDirectory.writeAtomically(folder.resolve("TUNING.md"), markdown());
    }

    String csv() {
        StringBuilder csv = new StringBuilder("model,stage,schedule,lr,warmup_epochs,clip_norm,weight_decay,seed,"
                + "validation_accuracy,best_validation_accuracy,best_epoch\n");
        scores.forEach((p, score) -> {
            Optimization t = p.settings();
            for (int i = 0; i < score.bySeed().size(); i++) {
                RunSummary s = score.bySeed().get(i);
                csv.append(String.format(
                        Locale.ROOT,
                        "%s,%d,%s,%s,%s,%s,%s,%d,",
                        p.model(),
                        p.stage(),
                        t.schedule(),
                        TuningGrid.number(t.learningRate()),
                        s == null ? "" : TuningGrid.number((float) s.warmupEpochs()),
                        TuningGrid.number(t.clipNorm()),
                        TuningGrid.number(t.weightDecay()),
                        firstSeed + i));
                csv.append(
                        s == null
                                ? "failed,,\n"
                                : String.format(
                                        Locale.ROOT,
                                        "%.4f,%.4f,%d%n",
                                        s.validationAccuracy(),
                                        s.bestValidationAccuracy(),
                                        s.bestEpoch()));
            }
        });
        return csv.toString();
    }

    String markdown() {
        int seeds = scores.values().iterator().next().bySeed().size();
        RunSummary any = scores.values().stream()
                .flatMap(sc -> sc.bySeed().stream())
                .filter(java.util.Objects::nonNull)
                .findFirst()
                .orElseThrow();
        line("# Tuning on a validation split");
        line("");
        line(
                "Every point below is %s of %d epoch%s, %s, trained on the first %,d training images and scored by "
                        + "%s accuracy on the last %,d, held out (never trained on), after the last epoch. The test set is "
                        + "not read. %s The chosen point is the best (a tie goes to the point tried first).",
                seeds == 1 ? "one run" : seeds + " runs",
                any.epochs(),
                any.epochs() == 1 ? "" : "s",
                seeds == 1 ? "seed " + firstSeed : "seeds " + firstSeed + " to " + (firstSeed + seeds - 1),
                any.limit() > 0 ? Math.min(any.limit(), trainImages - validation) : trainImages - validation,
                seeds == 1 ? "its" : "the mean of their",
                validation,
                grid.full()
                        ? "The grid is full: every schedule at every peak learning rate, without clipping and with "
                                + "each clipping norm, times without weight decay and with each weight decay."
                        : "Stage 1 tries every schedule at every peak learning rate, without clipping or weight "
                                + "decay; stage 2 tries each clipping norm and each weight decay, one at a time, on "
                                + "each model's best point of stage 1.");
        if (seeds > 1) {
            line("");
            line("Each cell: mean ± standard deviation over the %d seeds; validation.csv has every run.", seeds);
        }
        line("");
        line("```");
        line("%s", command);
        line("```");
        line("");
        line(
                "Wall time: %.1f minutes for %d points (%d runs), %d job%s at once (runs already complete in the folder "
                        + "are kept, not retrained).",
                wallSeconds / 60, scores.size(), scores.size() * seeds, jobs, jobs > 1 ? "s" : "");
        line("");
        for (Map.Entry<ModelKind, Point> e : chosen.entrySet()) {
            model(e.getKey(), e.getValue());
        }
        return md.toString();
    }

    private void model(ModelKind kind, Point best) {
        line("## %s", kind.cliName());
        line("");
        // one table per clipping norm and weight decay: a staged grid's stage 1 has only (0, 0)
        List<List<Float>> extras = scores.keySet().stream()
                .filter(p -> p.model().equals(kind) && p.stage() == 1)
                .map(p -> List.of(p.settings().clipNorm(), p.settings().weightDecay()))
                .distinct()
                .toList();
        for (int k = 0; k < extras.size(); k++) {
            float clip = extras.get(k).get(0);
            float wd = extras.get(k).get(1);
            String with = clip == 0 && wd == 0
                    ? "without clipping or weight decay"
                    : "with " + (clip > 0 ? "clip-norm " + TuningGrid.number(clip) : "")
                            + (clip > 0 && wd > 0 ? " and " : "")
                            + (wd > 0 ? "weight decay " + TuningGrid.number(wd) : "");
            if (k == 0) {
                line(
                        "%s, validation accuracy after the last epoch, %s (rows: schedule; columns: peak learning rate; "
                                + "constant at 0.001 without either is the assignment's recipe):",
                        grid.full() ? "Grid" : "Stage 1", with);
            } else {
                line("The same %s:", with);
            }
            line("");
            StringBuilder header = new StringBuilder("| schedule |");
            StringBuilder rule = new StringBuilder("|---|");
            for (float lr : grid.learningRates()) {
                header.append(' ').append(TuningGrid.number(lr)).append(" |");
                rule.append("---:|");
            }
            line("%s", header);
            line("%s", rule);
            for (LrSchedule schedule : grid.schedules()) {
                StringBuilder row = new StringBuilder("| " + schedule + " |");
                for (float lr : grid.learningRates()) {
                    Point p = find(kind, 1, schedule, lr, clip, wd);
                    row.append(' ').append(p == null ? "" : percent(p)).append(" |");
                }
                line("%s", row);
            }
            line("");
        }
        List<Point> stage2 = scores.keySet().stream()
                .filter(p -> p.model().equals(kind) && p.stage() == 2)
                .toList();
        if (!stage2.isEmpty()) {
            Point base = stage2Base(kind);
            line("Stage 2, around %s (%s):", settings(base), percent(base));
            line("");
            line("| change | validation accuracy |");
            line("|---|---:|");
            for (Point p : stage2) {
                String change = p.settings().clipNorm() > 0
                        ? "clip-norm " + TuningGrid.number(p.settings().clipNorm())
                        : "weight decay " + TuningGrid.number(p.settings().weightDecay());
                line("| %s | %s |", change, percent(p));
            }
            line("");
        }
        line("**Chosen for %s: %s**, validation accuracy %s.", kind.cliName(), settings(best), percent(best));
        line("");
    }

    /** The stage-1 point stage 2 was built around: stage 2's settings without clipping or decay. */
    private Point stage2Base(ModelKind kind) {
        Point any = scores.keySet().stream()
                .filter(p -> p.model().equals(kind) && p.stage() == 2)
                .findFirst()
                .orElseThrow();
        return find(kind, 1, any.settings().schedule(), any.settings().learningRate(), 0, 0);
    }

    private Point find(ModelKind kind, int stage, LrSchedule schedule, float lr, float clip, float wd) {
        return scores.keySet().stream()
                .filter(p -> p.model().equals(kind)
                        && p.stage() == stage
                        && p.settings().schedule() == schedule
                        && p.settings().learningRate() == lr
                        && p.settings().clipNorm() == clip
                        && p.settings().weightDecay() == wd)
                .findFirst()
                .orElse(null);
    }

    private String percent(Point p) {
        Tuning.Score s = scores.get(p);
        return s.failed() ? "failed (diverged?)" : Stats.of(s.accuracies()).percent();
    }

    private void line(String format, Object... args) {
        md.append(String.format(Locale.ROOT, format, args)).append('\n');
    }
}
