package io.seqmnist.accel;

import ai.djl.ndarray.NDArray;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.tracker.ParameterTracker;
import io.seqmnist.train.SaveableAdam;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.HashMap;
import java.util.Map;

/**
 * Adam computed in Java on the engine's own memory of each weight and gradient. It computes exactly what DJL's
 * {@link ai.djl.training.optimizer.Adam} computes (JavaAdamTest asserts the same bits, step after step): the same float
 * operations in the same order as the engine's update ({@code adamUpdate} in DJL's PyTorch JNI), g = g + wd w (with
 * weight decay), m = b1 m + (1 - b1) g, v = b2 v + (1 - b2) g g, w = w - (lr_t m) / (sqrt(v) + eps), the square root
 * being the engine's own ({@link EngineSqrt}, oneMKL's).
 *
 * <p>Why not the engine's update: it runs a dozen libtorch operations per parameter, each with its dispatch and a
 * temporary array, where the arithmetic is a few thousand values. In the training loop, with OneDeviceTrainer's step,
 * the optimizer step takes 133-158 us for the RNN against 365-500 with DJL's step and update, 351-400 against 594-735
 * for the GRU (bench/README.md).
 */
public final class JavaAdam extends SaveableAdam {

    private final Map<String, float[][]> moments = new HashMap<>(); // id -> {mean, variance}
    private float[] gradient = new float[0]; // scratch copies, reused by every update
    private float[] weights = new float[0];
    private float[] roots = new float[0];
    private FloatBuffer squares = FloatBuffer.allocate(0); // direct: the engine's square root reads
    private FloatBuffer squareRoots = FloatBuffer.allocate(0); // and writes native memory

    public JavaAdam(ParameterTracker learningRate, long stepsDone, float weightDecay) {
        super(learningRate, stepsDone, weightDecay);
    }

    @Override
    protected synchronized void update(
            String parameterId, NDArray weight, NDArray grad, float learningRate, float learningRateBiasCorrection) {
        int n = Math.toIntExact(weight.size());
        boolean first = !moments.containsKey(parameterId);
        float[][] state = moments.computeIfAbsent(parameterId, k -> new float[][] {new float[n], new float[n]});
        if (gradient.length < n) {
            gradient = new float[n];
            weights = new float[n];
            roots = new float[n];
            squares = direct(n);
            squareRoots = direct(n);
        }
        // a gradient is laid out as its parameter (autograd's layout contract): contiguous, so
        // this reads the engine's memory and copies nothing on the engine's side
        grad.toByteBuffer(true).asFloatBuffer().get(gradient, 0, n);
        // the weight's own memory (checked once per parameter: an update written elsewhere would
        // be lost)
        FloatBuffer live = weight.toByteBuffer(true).asFloatBuffer();
        live.get(weights, 0, n);
        step(state[0], state[1], gradient, weights, n, learningRateBiasCorrection);
        live.rewind();
        live.put(weights, 0, n);
        if (first) {
            checkWritten(parameterId, weight, n);
        }
        JniUtils.zeroGrad((PtNDArray) weight); // as the engine's update does: gradients add up
    }

    /**
     * One Adam update of n values, in the engine's float operations and order: {@code mean.mul_(b1) .add_(g, 1 - b1)}
     * and {@code variance.mul_(b2).addcmul_(g, g, 1 - b2)} are each one fused multiply-add after a product,
     * {@code w.sub_(mean.mul(lr_t).div(variance.sqrt().add(eps)))} takes the engine's square root ({@link EngineSqrt}).
     */
    private void step(float[] mean, float[] variance, float[] g, float[] w, int n, float learningRateBiasCorrection) {
        float oneMinusBeta1 = 1 - BETA1;
        float oneMinusBeta2 = 1 - BETA2;
        float weightDecay = weightDecay();
        if (weightDecay != 0) { // grad.add_(weight, wd): one fused multiply-add
            for (int i = 0; i < n; i++) {
                g[i] = Math.fma(w[i], weightDecay, g[i]);
            }
        }
        for (int i = 0; i < n; i++) {
            float gi = g[i];
            mean[i] = Math.fma(gi, oneMinusBeta1, mean[i] * BETA1);
            variance[i] = Math.fma(oneMinusBeta2 * gi, gi, variance[i] * BETA2);
        }
        squares.clear().put(variance, 0, n).flip(); // JNA passes a buffer from its position
        EngineSqrt.sqrt(squares, squareRoots.clear(), n);
        squareRoots.get(roots, 0, n);
        for (int i = 0; i < n; i++) {
            w[i] = w[i] - mean[i] * learningRateBiasCorrection / (roots[i] + EPSILON);
        }
    }

    private static FloatBuffer direct(int n) {
        return ByteBuffer.allocateDirect(Float.BYTES * n)
                .order(ByteOrder.nativeOrder())
                .asFloatBuffer();
    }

    /** The weight read back from the engine must be what was written into its memory. */
    private void checkWritten(String parameterId, NDArray weight, int n) {
        float[] read = weight.toFloatArray();
        for (int i = 0; i < n; i++) {
            if (Float.floatToRawIntBits(read[i]) != Float.floatToRawIntBits(weights[i])) {
                throw new IllegalStateException("Adam: parameter " + parameterId
                        + " does not share its memory (not contiguous?); its update was lost");
            }
        }
    }

    @Override
    public synchronized float[] mean(String parameterId) {
        float[][] state = moments.get(parameterId);
        return state == null ? null : state[0].clone();
    }

    @Override
    public synchronized float[] variance(String parameterId) {
        float[][] state = moments.get(parameterId);
        return state == null ? null : state[1].clone();
    }

    @Override
    public synchronized void setMoments(String parameterId, float[] mean, float[] variance) {
        requireSameLength(mean, variance);
        moments.put(parameterId, new float[][] {mean.clone(), variance.clone()});
    }
}
