package io.seqmnist.report;

import io.seqmnist.experiment.EpochGradientFlow;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The report's section on how far the training signal reaches back through time: per recurrent model, the mean
 * ||dL/dh_t|| for t = 1..T after the first and the last epoch (gradient-flow.csv of each run), drawn on a log scale,
 * and the ratio ||dL/dh_1|| / ||dL/dh_T|| per model and recipe over the seeds.
 */
final class GradientFlowSection {

    static final String FIRST_EPOCH_CHART = "gradient-flow-epoch-1.png";
    static final String LAST_EPOCH_CHART = "gradient-flow-last-epoch.png";

    private final Path out;
    private final List<Report.ModelRuns> all;
    private final List<Report.ModelRuns> primary;
    private final StringBuilder md = new StringBuilder();

    /**
     * @param all every model's runs under every recipe
     * @param primary the runs the charts draw: one recipe's
     */
    GradientFlowSection(Path out, List<Report.ModelRuns> all, List<Report.ModelRuns> primary) {
        this.out = out;
        this.all = all.stream().filter(m -> !m.gradientFlow().isEmpty()).toList();
        this.primary = primary.stream().filter(m -> !m.gradientFlow().isEmpty()).toList();
    }

    /** The section's markdown, with its charts written; empty when no run measured its gradient flow. */
    String write() throws IOException {
        if (all.isEmpty() || primary.isEmpty()) {
            return "";
        }
        int lastEpoch = primary.get(0).gradientFlow().get(0).size();
        // runs of different T share the charts at the shortest T's points (StepSampling)
        int steps = primary.stream()
                .mapToInt(m -> m.gradientFlow().get(0).get(0).gradH().length)
                .min()
                .orElseThrow();
        boolean mixed =
                primary.stream().anyMatch(m -> m.gradientFlow().get(0).get(0).gradH().length != steps);
        double[] t = new double[steps];
        for (int i = 0; i < steps; i++) {
            t[i] = i + 1;
        }
        Charts.logLines(
                out.resolve(FIRST_EPOCH_CHART),
                "Gradient reaching each step, after epoch 1 (mean over seeds)",
                mixed ? "step t (of " + steps + "; a longer run at its step completing as much)" : "step t",
                "mean ||dL/dh_t|| (log scale)",
                t,
                meanCurves(0, steps));
        Charts.logLines(
                out.resolve(LAST_EPOCH_CHART),
                "Gradient reaching each step, after epoch " + lastEpoch + " (mean over seeds)",
                mixed ? "step t (of " + steps + "; a longer run at its step completing as much)" : "step t",
                "mean ||dL/dh_t|| (log scale)",
                t,
                meanCurves(-1, steps));

        line("## Gradient flow through time");
        line("");
        line(
                "After each epoch, on the first 1,000 held-out images, every recurrent run measures for each step t"
                        + " = 1..%s the mean over images of ||dL/dh_t||, L the summed cross-entropy of the last step's"
                        + " output (and, for the LSTM, ||dL/dc_t||, its cell's path): the measure of Pascanu, Mikolov"
                        + " and Bengio (2013). It is computed by the from-scratch equations on the trained weights, in"
                        + " float32, or again in float64 when a gradient nears float32's underflow, and written to"
                        + " gradient-flow.csv in each run folder. A ratio"
                        + " ||dL/dh_1|| / ||dL/dh_%s|| below 1 means the signal shrinks on its way back to the first"
                        + " row; above 1, that it grows.",
                mixed ? "T" : "" + steps, mixed ? "T" : "" + steps);
        line("");
        line(
                "| model | recipe | after epoch 1 | after epoch %d | LSTM cell, epoch 1 | LSTM cell, epoch %d |",
                lastEpoch, lastEpoch);
        line("|---|---|---:|---:|---:|---:|");
        for (Report.ModelRuns m : all) {
            line(
                    "| %s | %s | %s | %s | %s | %s |",
                    m.spec(),
                    m.recipe(),
                    ratio(m, 0, false),
                    ratio(m, -1, false),
                    ratio(m, 0, true),
                    ratio(m, -1, true));
        }
        line("");
        line(
                "||dL/dh_1|| / ||dL/dh_%s|| (mean ± sd over seeds; each seed's ratio of its means over images).",
                mixed ? "T" : "" + steps);
        line("");
        line("![Gradient per step after epoch 1](%s)", FIRST_EPOCH_CHART);
        line("");
        line("![Gradient per step after the last epoch](%s)", LAST_EPOCH_CHART);
        line("");
        return md.toString();
    }

    /** Per model of the primary recipe, ||dL/dh_t|| at an epoch (-1: the last) averaged over the seeds. */
    private Map<String, double[]> meanCurves(int epoch, int points) {
        Map<String, double[]> curves = new LinkedHashMap<>();
        for (Report.ModelRuns m : primary) {
            List<double[]> seeds = new ArrayList<>();
            for (List<EpochGradientFlow> run : m.gradientFlow()) {
                seeds.add(at(run, epoch).gradH());
            }
            double[] mean = new double[seeds.get(0).length];
            for (double[] s : seeds) {
                for (int i = 0; i < mean.length; i++) {
                    mean[i] += s[i] / seeds.size();
                }
            }
            curves.put(m.spec().toString(), StepSampling.atPoints(mean, points));
        }
        return curves;
    }

    /** The first-to-last ratio over the seeds, "1.93 ± 0.12"; "" for the cell of a model without one. */
    static String ratio(Report.ModelRuns m, int epoch, boolean cell) {
        double[] ratios = ratios(m, epoch, cell);
        return ratios == null ? "" : text(Stats.of(ratios));
    }

    /** First-to-last ratio of ||dL/dh|| over the seeds, for the study's text. */
    static Stats ratioStats(Report.ModelRuns m, int epoch) {
        return Stats.of(ratios(m, epoch, false));
    }

    /** Each seed's ||dL/dh_1|| / ||dL/dh_T|| (or the cell's) at an epoch (-1: the last); null without a cell. */
    private static double[] ratios(Report.ModelRuns m, int epoch, boolean cell) {
        List<EpochGradientFlow> at =
                m.gradientFlow().stream().map(run -> at(run, epoch)).toList();
        if (cell && at.stream().anyMatch(e -> e.gradC() == null)) {
            return null;
        }
        return at.stream()
                .mapToDouble(e -> cell ? e.gradC()[0] / e.gradC()[e.gradC().length - 1] : e.firstToLast())
                .toArray();
    }

    /** "1.93 ± 0.12" over several seeds, "1.93" for one. */
    static String text(Stats s) {
        return s.n() > 1 ? format(s.mean()) + " ± " + format(s.sd()) : format(s.mean());
    }

    static String format(double v) {
        return Math.abs(v) >= 0.01 && Math.abs(v) < 1000
                ? String.format(Locale.ROOT, "%.3g", v)
                : String.format(Locale.ROOT, "%.2e", v);
    }

    private static EpochGradientFlow at(List<EpochGradientFlow> run, int epoch) {
        return run.get(epoch < 0 ? run.size() + epoch : epoch);
    }

    private void line(String format, Object... args) {
        md.append(String.format(Locale.ROOT, format, args)).append('\n');
    }
}
