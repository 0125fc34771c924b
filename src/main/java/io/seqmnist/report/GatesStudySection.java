package io.seqmnist.report;

import io.seqmnist.experiment.GatesStudy;
import io.seqmnist.experiment.RunSpec;
import io.seqmnist.train.Recipe;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The answers of {@code compare --study gates}, at the top of its report, each from the runs: does an RNN of the GRU's
 * or the LSTM's size close the gap, how far the gradient reaches back, and what the recurrence buys over reading the
 * last row. Every comparison is a {@link Verdict} over the seeds.
 */
final class GatesStudySection {

    private final List<Report.ModelRuns> all;
    private final StringBuilder md = new StringBuilder();

    GatesStudySection(List<Report.ModelRuns> all) {
        this.all = all;
    }

    /** The section; empty when the runs are not the study's. */
    String markdown() {
        List<String> specs = GatesStudy.models().stream().map(RunSpec::toString).toList();
        if (!all.stream().map(m -> m.spec().toString()).toList().containsAll(specs)) {
            return "";
        }
        line("## The study: is it the gates or the parameters?");
        line("");
        line(
                "Every model below ran %s; numbers are final test accuracy, mean ± sd over the seeds, and every"
                        + " comparison is decided by Welch's t-test on the per-seed figures (%s).",
                recipesInWords(), "p < " + Verdict.ALPHA + " to rank");
        line("");
        line("| model | parameters |%s", recipeHeader());
        line("|---|---:|%s", "---:|".repeat(recipes().size()));
        for (String spec : specs) {
            Report.ModelRuns any = find(spec, recipes().get(0)).orElseThrow();
            StringBuilder row = new StringBuilder(String.format(
                    Locale.ROOT, "| %s | %,d |", spec, any.summaries().get(0).parameters()));
            for (Recipe r : recipes()) {
                row.append(' ')
                        .append(find(spec, r)
                                .map(m -> m.finalAccuracy().percent())
                                .orElse(""))
                        .append(" |");
            }
            line("%s", row);
        }
        line("");
        line("**1. Does an RNN of equal size close the gap?**");
        line("");
        for (Recipe r : recipes()) {
            compare(r, "gru", "rnn:h=268");
            compare(r, "lstm", "rnn:h=312");
            compare(r, "rnn:h=268", "rnn");
        }
        line("");
        line("**2. How far does the gradient reach back?** ||dL/dh_1|| / ||dL/dh_28||, mean ± sd over the seeds"
                + " (the section on gradient flow below has the curves):");
        line("");
        for (Recipe r : recipes()) {
            StringBuilder s = new StringBuilder("- " + r + ": ");
            String sep = "";
            for (String spec : List.of("rnn", "rnn:h=268", "rnn:h=312", "gru", "lstm")) {
                Optional<Report.ModelRuns> m = find(spec, r);
                if (m.isEmpty() || m.get().gradientFlow().isEmpty()) {
                    continue;
                }
                int last = m.get().gradientFlow().get(0).size();
                s.append(sep)
                        .append(String.format(
                                Locale.ROOT,
                                "%s %s after epoch 1, %s after epoch %d",
                                spec,
                                GradientFlowSection.text(GradientFlowSection.ratioStats(m.get(), 0)),
                                GradientFlowSection.text(GradientFlowSection.ratioStats(m.get(), -1)),
                                last));
                sep = "; ";
            }
            line("%s.", s);
        }
        line("");
        line("**3. What does the recurrence buy over reading only the last row?**");
        line("");
        for (Recipe r : recipes()) {
            compare(r, "rnn", "rnn-row-mean");
            compare(r, "rnn-row-mean", "rnn-last-row");
            compare(r, "rnn", "fnn:h=36");
            compare(r, "fnn", "fnn:h=36");
        }
        line("");
        line("rnn-last-row is the RNN without W_hh read literally: its output layer sees h[28], computed from row"
                + " 28 alone, which is nearly blank. rnn-row-mean holds W_hh at zero and gives the output layer"
                + " the mean of the 28 states: every row is seen, but not their order, and no row is"
                + " remembered while reading the next. fnn:h=36 is the feed-forward net at the RNN's"
                + " parameter count.");
        line("");
        return md.toString();
    }

    private void compare(Recipe recipe, String a, String b) {
        Optional<Report.ModelRuns> ma = find(a, recipe);
        Optional<Report.ModelRuns> mb = find(b, recipe);
        if (ma.isEmpty() || mb.isEmpty()) {
            return;
        }
        line(
                "- %s: %s.",
                recipe,
                Verdict.headline(List.of(ReportText.entry(ma.get()), ReportText.entry(mb.get())))
                        .replace("**", ""));
    }

    private Optional<Report.ModelRuns> find(String spec, Recipe recipe) {
        return all.stream()
                .filter(m -> m.spec().toString().equals(spec) && m.recipe() == recipe)
                .findFirst();
    }

    private List<Recipe> recipes() {
        return all.stream().map(Report.ModelRuns::recipe).distinct().toList();
    }

    private String recipeHeader() {
        StringBuilder h = new StringBuilder();
        for (Recipe r : recipes()) {
            h.append(' ').append(r).append(" |");
        }
        return h.toString();
    }

    private String recipesInWords() {
        int seeds = all.get(0).summaries().size();
        return "with " + seeds + " seed" + (seeds > 1 ? "s" : "") + " under the "
                + String.join(" and ", recipes().stream().map(Recipe::toString).toList()) + " recipe"
                + (recipes().size() > 1 ? "s" : "");
    }

    private void line(String format, Object... args) {
        md.append(String.format(Locale.ROOT, format, args)).append('\n');
    }
}
