package io.seqmnist.train;

import ai.djl.ndarray.NDArray;
import java.nio.FloatBuffer;
import java.util.List;

/**
 * Global gradient-norm clipping, as PyTorch's {@code clip_grad_norm_}: the norm of all parameters' gradients taken
 * together, and when it exceeds the limit every gradient scaled by {@code maxNorm / (norm + 1e-6)}, so the update keeps
 * its direction. (DJL's {@code optClipGrad} clips each value on its own, which changes the direction.) The norm is
 * summed in Java, in double precision and a fixed order, so it is the same wherever it runs.
 */
public final class GradientClipping {

    /** PyTorch's guard against a division by a zero norm. */
    static final double EPSILON = 1e-6;

    private GradientClipping() {}

    /** The 2-norm of all the arrays' values taken together. */
    public static double globalNorm(List<NDArray> gradients) {
        double sumOfSquares = 0;
        for (NDArray gradient : gradients) {
            // a gradient is laid out as its parameter: read in place, nothing copied in the engine
            FloatBuffer values = gradient.toByteBuffer(true).asFloatBuffer();
            while (values.hasRemaining()) {
                double v = values.get();
                sumOfSquares += v * v;
            }
        }
        return Math.sqrt(sumOfSquares);
    }

    /**
     * Scales the gradients in place so that their global norm is at most {@code maxNorm}. A gradient that is not finite
     * stays so, and training stops as diverged.
     *
     * @return the global norm before clipping
     */
    public static double clip(List<NDArray> gradients, float maxNorm) {
        double norm = globalNorm(gradients);
        double scale = maxNorm / (norm + EPSILON);
        if (scale < 1) {
            float factor = (float) scale;
            for (NDArray gradient : gradients) {
                gradient.muli(factor);
            }
        }
        return norm;
    }
}
