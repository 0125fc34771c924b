package io.seqmnist.experiment;

import io.seqmnist.UserError;
import io.seqmnist.model.ModelKind;
import io.seqmnist.train.LrSchedule;
import io.seqmnist.train.TrainConfig.Optimization;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The search behind the tuned recipe, each point scored by its accuracy on the validation images after the last epoch.
 * Staged (the default), in two stages. Stage 1: every schedule at every peak learning rate, without clipping or weight
 * decay. Stage 2, on each model's best point of stage 1: each clipping norm, then each weight decay, one at a time.
 * Full ({@code full}): one stage of every schedule at every peak rate, with no clipping and each clipping norm, times
 * no weight decay and each weight decay, so that clipping can meet a higher rate. The winner is the best point tried;
 * ties go to the point tried first.
 */
public record TuningGrid(
        List<LrSchedule> schedules,
        List<Float> learningRates,
        List<Float> clipNorms,
        List<Float> weightDecays,
        boolean full) {

    // the grid of docs/RECIPE.md, as tune's options default to it
    public static final String SCHEDULES = "constant,cosine,onecycle";
    public static final String LEARNING_RATES = "0.001,0.002,0.004";
    public static final String CLIP_NORMS = "0.5,1,2,5";
    public static final String WEIGHT_DECAYS = "0.0001,0.001";

    /** A grid from lists of values ("none": no point of that kind in stage 2). */
    public static TuningGrid of(
            List<String> schedules,
            List<String> learningRates,
            List<String> clipNorms,
            List<String> weightDecays,
            boolean full) {
        return new TuningGrid(
                schedules.stream().map(LrSchedule::parse).distinct().toList(),
                numbers("--lrs", learningRates),
                numbers("--clip-norms", clipNorms),
                numbers("--weight-decays", weightDecays),
                full);
    }

    public TuningGrid {
        if (schedules.isEmpty() || learningRates.isEmpty()) {
            throw new UserError("tune: stage 1 needs a schedule and a learning rate");
        }
    }

    private static List<Float> numbers(String option, List<String> values) {
        List<Float> out = new ArrayList<>();
        for (String v : values) {
            if (v.isBlank() || v.trim().equals("none")) {
                continue;
            }
            float f;
            try {
                f = Float.parseFloat(v.trim());
            } catch (NumberFormatException e) {
                throw new UserError(option + ": '" + v + "' is not a number");
            }
            if (!(f > 0) || !Float.isFinite(f)) {
                throw new UserError(option + ": every value must be a positive number, got " + v);
            }
            out.add(f);
        }
        return List.copyOf(out);
    }

    /** One point of the search for one model. */
    public record Point(ModelKind model, int stage, Optimization settings) {
        /** A folder name that says what the point is, e.g. {@code rnn-cosine-lr0.002-clip1}. */
        public String name() {
            StringBuilder s = new StringBuilder(
                    model.cliName() + "-" + settings.schedule() + "-lr" + number(settings.learningRate()));
            if (settings.clipNorm() > 0) {
                s.append("-clip").append(number(settings.clipNorm()));
            }
            if (settings.weightDecay() > 0) {
                s.append("-wd").append(number(settings.weightDecay()));
            }
            return s.toString();
        }
    }

    /**
     * Stage 1 for one model: every schedule (with its own warm-up) at every peak rate; in a full grid, each of those
     * with every clipping norm and weight decay too (0: none).
     */
    public List<Point> stage1(ModelKind model) {
        List<Float> clips = full ? withNone(clipNorms) : List.of(0f);
        List<Float> decays = full ? withNone(weightDecays) : List.of(0f);
        List<Point> points = new ArrayList<>();
        for (float clip : clips) {
            for (float wd : decays) {
                for (LrSchedule schedule : schedules) {
                    for (float lr : learningRates) {
                        points.add(new Point(model, 1, new Optimization(schedule, lr, null, clip, wd)));
                    }
                }
            }
        }
        return points;
    }

    private static List<Float> withNone(List<Float> values) {
        List<Float> out = new ArrayList<>(List.of(0f));
        out.addAll(values);
        return out;
    }

    /**
     * Stage 2 for one model, around its best point of stage 1: one change at a time; nothing in a full grid, whose one
     * stage tried every combination.
     */
    public List<Point> stage2(Point best) {
        List<Point> points = new ArrayList<>();
        if (full) {
            return points;
        }
        Optimization s = best.settings();
        for (float clip : clipNorms) {
            points.add(new Point(
                    best.model(),
                    2,
                    new Optimization(s.schedule(), s.learningRate(), s.warmupEpochs(), clip, s.weightDecay())));
        }
        for (float wd : weightDecays) {
            points.add(new Point(
                    best.model(),
                    2,
                    new Optimization(s.schedule(), s.learningRate(), s.warmupEpochs(), s.clipNorm(), wd)));
        }
        return points;
    }

    /** The point with the highest score; the first such in the list on a tie. */
    public static <T> T best(List<T> points, java.util.function.ToDoubleFunction<T> score) {
        return points.stream()
                .max(Comparator.comparingDouble(score)
                        .thenComparing(Comparator.comparingInt(points::indexOf).reversed()))
                .orElseThrow();
    }

    /** A number as written in folder names and tables: 0.002, 1, 1e-05 as 0.00001. */
    public static String number(float value) {
        return new BigDecimal(Float.toString(value)).stripTrailingZeros().toPlainString();
    }
}
