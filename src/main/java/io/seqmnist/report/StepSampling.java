package io.seqmnist.report;

/**
 * Series of one value per step, brought to a common length so that models read in different numbers of steps share a
 * chart: point r of n is the value after the step that completes the first r/n of the sequence (for 28 points, r rows'
 * worth of pixels). A series of n steps is returned as it is.
 */
final class StepSampling {

    private StepSampling() {}

    /** The step (0-based) that completes the first {@code point}/{@code points} of {@code steps} steps. */
    static int stepAt(int point, int points, int steps) {
        return (int) Math.min(steps, ((long) point * steps + points - 1) / points) - 1;
    }

    static double[] atPoints(double[] perStep, int points) {
        if (perStep.length == points) {
            return perStep;
        }
        double[] out = new double[points];
        for (int r = 1; r <= points; r++) {
            out[r - 1] = perStep[stepAt(r, points, perStep.length)];
        }
        return out;
    }

    static float[][] atPoints(float[][] perStep, int points) {
        if (perStep.length == points) {
            return perStep;
        }
        float[][] out = new float[points][];
        for (int r = 1; r <= points; r++) {
            out[r - 1] = perStep[stepAt(r, points, perStep.length)];
        }
        return out;
    }
}
