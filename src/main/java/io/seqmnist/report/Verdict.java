package io.seqmnist.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.apache.commons.math3.stat.inference.TTest;

/**
 * The words of a ranking, taken from the seeds: one model is said to be above another only when Welch's two-sided
 * t-test on their per-seed final accuracies gives p below {@link #ALPHA}; otherwise the two are "not distinguishable
 * over N seeds". With one seed per model no ranking is drawn at all.
 */
public final class Verdict {

    /** The significance level of the rule. */
    public static final double ALPHA = 0.05;

    /** One model's final accuracies, one per seed. */
    public record Entry(String name, double[] accuracies) {
        Stats stats() {
            return Stats.of(accuracies);
        }
    }

    private Verdict() {}

    /**
     * Welch's two-sided p-value for the difference of two models' means; NaN when either has fewer than two seeds. Two
     * sets of seeds without any spread: 0 when their means differ, 1 when they are equal.
     */
    public static double pValue(double[] a, double[] b) {
        if (a.length < 2 || b.length < 2) {
            return Double.NaN;
        }
        if (Stats.of(a).sd() == 0 && Stats.of(b).sd() == 0) {
            return Stats.of(a).mean() == Stats.of(b).mean() ? 1 : 0;
        }
        return new TTest().tTest(a, b);
    }

    /** Whether the seeds tell {@code a} and {@code b} apart. */
    public static boolean distinguishable(double[] a, double[] b) {
        double p = pValue(a, b);
        return !Double.isNaN(p) && p < ALPHA;
    }

    /**
     * The sentence that ranks the entries, best mean first: "gru 98.70% ± 0.12 ≈ lstm 98.58% ± 0.11 > rnn 96.90% ±
     * 0.30", where {@code >} means the neighbours' seeds tell them apart and {@code ≈} that they do not.
     */
    public static String ranking(List<Entry> entries) {
        List<Entry> ranked = sorted(entries);
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < ranked.size(); i++) {
            if (i > 0) {
                s.append(
                        distinguishable(
                                        ranked.get(i - 1).accuracies(),
                                        ranked.get(i).accuracies())
                                ? " > "
                                : " ≈ ");
            }
            s.append(ranked.get(i).name())
                    .append(' ')
                    .append(ranked.get(i).stats().percent());
        }
        return s.toString();
    }

    /** The verdict on the two best means, in words: who is ahead, or that the seeds cannot tell them apart. */
    public static String headline(List<Entry> entries) {
        List<Entry> ranked = sorted(entries);
        Entry first = ranked.get(0);
        int seeds = Math.min(
                first.accuracies().length,
                ranked.size() > 1 ? ranked.get(1).accuracies().length : first.accuracies().length);
        if (ranked.size() == 1) {
            return String.format(
                    Locale.ROOT,
                    "%s: %s final test accuracy",
                    first.name(),
                    first.stats().percent());
        }
        Entry second = ranked.get(1);
        double gap = 100 * (first.stats().mean() - second.stats().mean());
        if (seeds < 2) {
            return String.format(
                    Locale.ROOT,
                    "**one seed: no ranking can be drawn**; %s scored %s and %s %s (%.2f points apart), and a"
                            + " model's figure moves from seed to seed",
                    first.name(),
                    first.stats().percent(),
                    second.name(),
                    second.stats().percent(),
                    gap);
        }
        double p = pValue(first.accuracies(), second.accuracies());
        if (p < ALPHA) {
            return String.format(
                    Locale.ROOT,
                    "**%s is ahead**: %s final test accuracy, %.2f points above %s (%s); Welch's t-test over"
                            + " %d seeds: %s",
                    first.name(),
                    first.stats().percent(),
                    gap,
                    second.name(),
                    second.stats().percent(),
                    seeds,
                    p(p));
        }
        return String.format(
                Locale.ROOT,
                "**%s and %s are not distinguishable over %d seeds**: %s against %s, %.2f points apart, within"
                        + " their seed-to-seed spread (Welch's t-test: %s)",
                first.name(),
                second.name(),
                seeds,
                first.stats().percent(),
                second.stats().percent(),
                gap,
                p(p));
    }

    /** The rule, for a report to state under its ranking. */
    public static String rule() {
        return "`>` means Welch's two-sided t-test on the per-seed final accuracies of the two neighbours gives"
                + " p < " + ALPHA + "; `≈` means it does not: the gap is within seed-to-seed noise.";
    }

    private static String p(double p) {
        return p < 0.001 ? "p < 0.001" : String.format(Locale.ROOT, "p = %.3f", p);
    }

    private static List<Entry> sorted(List<Entry> entries) {
        List<Entry> ranked = new ArrayList<>(entries);
        ranked.sort(Comparator.comparingDouble((Entry e) -> e.stats().mean()).reversed());
        return ranked;
    }
}
