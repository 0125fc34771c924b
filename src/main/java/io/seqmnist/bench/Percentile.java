package io.seqmnist.bench;

import java.util.Arrays;

/** Percentiles by linear interpolation between order statistics (numpy's default method). */
public final class Percentile {

    private Percentile() {}

    /** The p-th percentile (0-100) of the values. */
    public static double of(double[] values, double p) {
        if (values.length == 0) {
            throw new IllegalArgumentException("no values");
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        double rank = p / 100 * (sorted.length - 1);
        int below = (int) Math.floor(rank);
        int above = Math.min(below + 1, sorted.length - 1);
        return sorted[below] + (rank - below) * (sorted[above] - sorted[below]);
    }
}
