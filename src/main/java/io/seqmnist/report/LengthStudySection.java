package io.seqmnist.report;

import io.seqmnist.experiment.LengthStudy;
import io.seqmnist.model.ModelKind;
import io.seqmnist.train.Recipe;
import java.io.IOException;
import java.nio.file.Path;
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
    }

    /** The section with its charts written; empty unless the runs hold the three models at two lengths or more. */
    String write() throws IOException {
        if (lengths.size() < 2) {
            return "";
        }
        double[] x = lengths.stream().mapToDouble(Integer::doubleValue).toArray();
        Map<String, double[]> accuracy = new LinkedHashMap<>();
        Map<String, double[]> reach = new LinkedHashMap<>();
        for (ModelKind kind : LengthStudy.MODELS) {
            double[] a = new double[x.length];
            double[] g = new double[x.length];
            for (int i = 0; i < x.length; i++) {
                Optional<Report.ModelRuns> m = find(kind, lengths.get(i));
                a[i] = m.map(r -> 100 * r.finalAccuracy().mean()).orElse(Double.NaN);
                g[i] = m.map(LengthStudySection::log10Reach).orElse(Double.NaN);
            }
            accuracy.put(kind.cliName(), a);
            reach.put(kind.cliName(), g);
        }
        Charts.lines(
                out.resolve(ACCURACY_CHART),
                "Final test accuracy against the sequence length T (784/T pixels a step)",
                "T (steps)",
                "test accuracy (%)",
                x,
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
                "T (steps)",
                "log10 of the ratio (0: reaches h_1 undiminished)",
                x,
                reach,
                Math.floor(Math.min(lo, 0)) - 0.5,
                Math.ceil(Math.max(hi, 0)) + 0.5);

        line("## The study: the same networks over longer sequences");
        line("");
        line(
                "rnn, gru and lstm, each reading every image in T steps of 784/T consecutive pixels (T = 28 is the"
                        + " rows, T = 784 pixel by pixel). Final test accuracy, mean ± sd over the seeds (%d run%s per"
                        + " cell):",
                runs.get(0).summaries().size(), runs.get(0).summaries().size() == 1 ? "" : "s");
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

    private void header() {
        StringBuilder h = new StringBuilder("| model |");
        StringBuilder rule = new StringBuilder("|---|");
        for (int t : lengths) {
            h.append(" T = ").append(t).append(" |");
            rule.append("---:|");
        }
        line("%s", h);
        line("%s", rule);
    }

    /** The header, then a row per model: {@code cell} of its runs at each T (blank where there are none). */
    private void table(java.util.function.Function<Report.ModelRuns, String> cell) {
        header();
        for (ModelKind kind : LengthStudy.MODELS) {
            StringBuilder row = new StringBuilder("| " + kind.cliName() + " |");
            for (int t : lengths) {
                row.append(' ').append(find(kind, t).map(cell).orElse("")).append(" |");
            }
            line("%s", row);
        }
    }

    private Optional<Report.ModelRuns> find(ModelKind kind, int t) {
        return runs.stream()
                .filter(m ->
                        m.spec().model().equals(kind) && m.spec().settings().get("seq-len") == t)
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
