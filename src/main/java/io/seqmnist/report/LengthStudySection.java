package io.seqmnist.report;

import io.seqmnist.experiment.LengthStudy;
import io.seqmnist.experiment.RunSpec;
import io.seqmnist.experiment.RunSummary;
import io.seqmnist.train.Recipe;
import java.io.IOException;
import java.nio.file.Path;
import java.util.IntSummaryStatistics;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The answers of {@code compare --study length}, at the top of its report: final test accuracy against T, one line per
 * model, and how far the gradient reaches back at each T, log10(||dL/dh_1|| / ||dL/dh_T||) after the last epoch, both
 * as a table (mean ± sd over the seeds) and a chart.
 */
final class LengthStudySection {

    static final String ACCURACY_CHART = "length-accuracy.png";
    static final String GRADIENT_CHART = "length-gradient-flow.png";

    private final Path out;
    private final List<Report.ModelRuns> runs;
    private final List<Integer> lengths;
    /** The lines: each spec less its seq-len ({@code rnn}, {@code rnn:h=258}, {@code gru:permute=0}), as first met. */
    private final List<RunSpec> series;

    private final StringBuilder md = new StringBuilder();

    LengthStudySection(Path out, List<Report.ModelRuns> all) {
        this.out = out;
        Recipe recipe = all.isEmpty() ? Recipe.ASSIGNMENT : Report.primaryRecipe(all);
        this.runs = all.stream()
                .filter(m -> m.recipe() == recipe
                        && LengthStudy.MODELS.contains(m.spec().model())
                        && m.spec().settings().containsKey("seq-len"))
                .toList();
        this.lengths = List.copyOf(new TreeSet<>(
                runs.stream().map(m -> m.spec().settings().get("seq-len")).toList()));
        this.series = runs.stream().map(LengthStudySection::line).distinct().toList();
    }

    private static RunSpec line(Report.ModelRuns m) {
        return m.spec().without("seq-len");
    }

    /** The section with its charts written; empty unless the runs hold two lengths or more. */
    String write() throws IOException {
        if (lengths.size() < 2) {
            return "";
        }
        double[] x = lengths.stream().mapToDouble(Integer::doubleValue).toArray();
        Map<String, double[]> accuracy = new LinkedHashMap<>();
        Map<String, double[]> reach = new LinkedHashMap<>();
        for (RunSpec s : series) {
            double[] a = new double[x.length];
            double[] g = new double[x.length];
            for (int i = 0; i < x.length; i++) {
                Optional<Report.ModelRuns> m = find(s, lengths.get(i));
                a[i] = m.map(r -> 100 * r.finalAccuracy().mean()).orElse(Double.NaN);
                g[i] = m.map(LengthStudySection::log10Reach).orElse(Double.NaN);
            }
            accuracy.put(s.toString(), a);
            reach.put(s.toString(), g);
        }
        // T runs from 28 to 784 in factors of 2 to 7: a logarithmic axis spaces them evenly enough to read
        boolean logT = lengths.get(lengths.size() - 1) >= 8 * lengths.get(0);
        Charts.lines(
                out.resolve(ACCURACY_CHART),
                "Final test accuracy against the sequence length T (784/T pixels a step)",
                logT ? "T (steps, log scale)" : "T (steps)",
                "test accuracy (%)",
                x,
                logT,
                accuracy,
                0,
                100);
        double lo = reach.values().stream()
                .flatMapToDouble(java.util.Arrays::stream)
                .filter(Double::isFinite)
                .min()
                .orElse(-1);
        double hi = reach.values().stream()
                .flatMapToDouble(java.util.Arrays::stream)
                .filter(Double::isFinite)
                .max()
                .orElse(1);
        Charts.lines(
                out.resolve(GRADIENT_CHART),
                "Gradient reach after the last epoch: log10(||dL/dh_1|| / ||dL/dh_T||)",
                logT ? "T (steps, log scale)" : "T (steps)",
                "log10 of the ratio (0: reaches h_1 undiminished)",
                x,
                logT,
                reach,
                Math.floor(Math.min(lo, 0)) - 0.5,
                Math.ceil(Math.max(hi, 0)) + 0.5);

        line("## The study: the same networks over longer sequences");
        line("");
        line(
                "Each network reads every image in T steps of 784/T consecutive pixels (T = 28 is the rows, T = 784"
                        + " pixel by pixel); a line per network, its settings but T in its name. Final test accuracy,"
                        + " mean ± sd over the seeds (%d run%s per cell), after %s:",
                runs.get(0).summaries().size(), runs.get(0).summaries().size() == 1 ? "" : "s", trainedFor());
        line("");
        table(m -> m.finalAccuracy().percent());
        line("");
        line("![Test accuracy against T](%s)", ACCURACY_CHART);
        line("");
        line("How far the gradient reaches back: log10(||dL/dh_1|| / ||dL/dh_T||) after the last epoch, on the"
                + " first 1,000 held-out images (gradient-flow.csv of each run), mean ± sd over the seeds;"
                + " 0 means h_1 gets as much as h_T, -3 a thousandth.");
        line("");
        table(m -> m.gradientFlow().isEmpty() ? "" : log10ReachText(m));
        line("");
        line("![Gradient reach against T](%s)", GRADIENT_CHART);
        line("");
        return md.toString();
    }

    /** "10 epochs" when every run trained as long, else the range ("1 to 10 epochs"). */
    private String trainedFor() {
        IntSummaryStatistics epochs = runs.stream()
                .flatMap(m -> m.summaries().stream())
                .mapToInt(RunSummary::epochs)
                .summaryStatistics();
        String count = epochs.getMin() == epochs.getMax()
                ? String.valueOf(epochs.getMin())
                : epochs.getMin() + " to " + epochs.getMax();
        return count + (epochs.getMax() == 1 ? " epoch" : " epochs");
    }

    private void header() {
        StringBuilder h = new StringBuilder("| network |");
        StringBuilder rule = new StringBuilder("|---|");
        for (int t : lengths) {
            h.append(" T = ").append(t).append(" |");
            rule.append("---:|");
        }
        line("%s", h);
        line("%s", rule);
    }

    /** The header, then a row per line: {@code cell} of its runs at each T (blank where there are none). */
    private void table(java.util.function.Function<Report.ModelRuns, String> cell) {
        header();
        for (RunSpec s : series) {
            StringBuilder row = new StringBuilder("| " + s + " |");
            for (int t : lengths) {
                row.append(' ').append(find(s, t).map(cell).orElse("")).append(" |");
            }
            line("%s", row);
        }
    }

    private Optional<Report.ModelRuns> find(RunSpec s, int t) {
        return runs.stream()
                .filter(m -> line(m).equals(s) && m.spec().settings().get("seq-len") == t)
                .findFirst();
    }

    /** log10 of each seed's first-to-last ratio after its last epoch, averaged; NaN when a ratio is 0 or none. */
    static double log10Reach(Report.ModelRuns m) {
        Stats s = log10Stats(m);
        return s == null ? Double.NaN : s.mean();
    }

    private static String log10ReachText(Report.ModelRuns m) {
        Stats s = log10Stats(m);
        if (s == null) {
            return "h_1 got exactly 0";
        }
        return s.n() > 1
                ? String.format(Locale.ROOT, "%.2f ± %.2f", s.mean(), s.sd())
                : String.format(Locale.ROOT, "%.2f", s.mean());
    }

    private static Stats log10Stats(Report.ModelRuns m) {
        if (m.gradientFlow().isEmpty()) {
            return null;
        }
        double[] logs = m.gradientFlow().stream()
                .mapToDouble(run -> Math.log10(run.get(run.size() - 1).firstToLast()))
                .toArray();
        for (double v : logs) {
            if (!Double.isFinite(v)) {
                return null;
            }
        }
        return Stats.of(logs);
    }

    private void line(String format, Object... args) {
        md.append(String.format(Locale.ROOT, format, args)).append('\n');
    }
}
