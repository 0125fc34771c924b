package io.seqmnist.report;

import java.util.Arrays;
import java.util.Locale;

/** Mean, sample standard deviation and median of accuracies over seeds. */
public record Stats(double mean, double sd, int n, double median) {

    public static Stats of(double[] v) {
        double mean = Arrays.stream(v).average().orElse(Double.NaN);
        double ss = Arrays.stream(v).map(x -> (x - mean) * (x - mean)).sum();
        double[] sorted = Arrays.stream(v).sorted().toArray();
        int n = sorted.length;
        double median = n == 0 ? Double.NaN : n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
        return new Stats(mean, n > 1 ? Math.sqrt(ss / (n - 1)) : 0, n, median);
    }

    /** "98.43% ± 0.16" over several values, "98.43%" for one. */
    public String percent() {
        return n > 1
                ? String.format(Locale.ROOT, "%.2f%% ± %.2f", 100 * mean, 100 * sd)
                : String.format(Locale.ROOT, "%.2f%%", 100 * mean);
    }
}
