package io.seqmnist.accel;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.nio.FloatBuffer;

/**
 * The Elman unit h[t] = tanh(W_ih x[t] + b_ih + W_hh h[t-1] + b_hh), written by hand over OpenBLAS with its backward
 * pass (backpropagation through time) written out too, instead of libtorch's autograd. Same contract and parameter
 * names as DJL's RNN: input (x (B,T,in), h0 (1,B,H)), output (sequence (B,T,H), h_T (1,B,H)).
 *
 * <p>Why it is faster: the input projection of all T steps is one matrix product; the recurrence needs one small
 * product per step forward and one backward; the weight gradients are one large product over all steps instead of one
 * small product per step; and OpenBLAS runs these shapes faster on this AMD processor than libtorch's oneMKL does
 * (bench/README.md).
 *
 * <p>Inside it works time-major: everything of step t is one contiguous (B, H) block.
 */
final class BlasElman extends BlasUnit {

    private final Workspace workspace = new Workspace(5);
    private Pending pending;

    BlasElman(int hidden) {
        super(hidden, 1);
    }

    /** What the backward pass needs of a training forward pass. */
    private record Pending(
            NDArray leaf,
            FloatBuffer x,
            FloatBuffer h0,
            float[] states,
            FloatBuffer statesNative,
            NDArray[] weights,
            int batch,
            int steps,
            int in) {}

    @Override
    protected NDList forwardInternal(
            ParameterStore parameters, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.get(0);
        NDManager manager = x.getManager();
        Device device = x.getDevice();
        int batch = (int) x.size(0);
        int steps = (int) x.size(1);
        int in = (int) x.size(2);
        int h = hidden;
        int block = batch * h;
        NDArray[] weights = weights(parameters, device, training);
        FloatBuffer wIh = floats(weights[0]);
        FloatBuffer wHh = floats(weights[1]);
        FloatBuffer bIh = floats(weights[2]);
        FloatBuffer bHh = floats(weights[3]);
        FloatBuffer xs = floats(x.transpose(1, 0, 2)); // (T, B, in)
        FloatBuffer h0 = floats(inputs.get(1)); // (1, B, H)

        // The states live in the engine array the unit returns: no copy on the way out. They
        // start as the biases, so every loop below runs over flat ranges, which the JIT
        // vectorises (a loop over (row, column) with bias[column] it does not).
        NDArray sequence = manager.create(new Shape(steps, batch, h));
        FloatBuffer s = floats(sequence);
        float[] states = new float[steps * block];
        for (int j = 0; j < h; j++) {
            states[j] = bIh.get(j) + bHh.get(j);
        }
        for (int filled = h; filled < states.length; filled *= 2) {
            System.arraycopy(states, 0, states, filled, Math.min(filled, states.length - filled));
        }
        s.put(0, states);
        Blas.gemm(false, true, steps * batch, h, in, 1, xs, in, wIh, in, 1, s, h); // + x W_ih^T
        for (int t = 0; t < steps; t++) {
            int from = t * block;
            FloatBuffer now = Blas.at(s, from, block);
            FloatBuffer before = t == 0 ? h0 : Blas.at(s, from - block, block);
            Blas.gemm(false, true, batch, h, h, 1, before, h, wHh, h, 1, now, h);
            now.get(0, states, from, block);
            FastMath.tanhInPlace(states, from, from + block);
            now.put(0, states, from, block);
        }
        if (training) {
            sequence.setRequiresGradient(true);
            pending = new Pending(sequence, xs, h0, states, s, weights, batch, steps, in);
        }
        return outputs(sequence);
    }

    @Override
    public void completeBackward() {
        Pending p = pending;
        pending = null;
        if (p == null || !p.leaf().hasGradient()) {
            return;
        }
        int h = hidden;
        int batch = p.batch();
        int steps = p.steps();
        int block = batch * h;
        float[] upstream = new float[steps * block]; // dL/dh[t] from the engine, (T, B, H)
        floats(p.leaf().getGradient()).get(upstream);
        float[] states = p.states();
        FloatBuffer wHh = floats(p.weights()[1]);
        FloatBuffer g = workspace.get(0, steps * block); // dL/d(pre-activation), (T, B, H)
        FloatBuffer carry = workspace.get(1, block); // dL/dh[t-1] through W_hh
        float[] carried = new float[block];
        float[] gt = new float[block];
        for (int t = steps - 1; t >= 0; t--) {
            int from = t * block;
            tanhBackward(upstream, carried, states, from, gt);
            g.put(from, gt, 0, block);
            if (t > 0) {
                Blas.gemm(false, false, batch, h, h, 1, Blas.at(g, from, block), h, wHh, h, 0, carry, h);
                carry.get(0, carried, 0, block);
            }
        }
        FloatBuffer dWhh = workspace.get(2, h * h);
        FloatBuffer dWih = workspace.get(3, h * p.in());
        FloatBuffer s = p.statesNative();
        recurrentWeightGradient(g, h, s, p.h0(), batch, steps, h, dWhh);
        Blas.gemm(true, false, h, p.in(), steps * batch, 1, g, h, p.x(), p.in(), 0, dWih, p.in());
        FloatBuffer dBias = workspace.get(4, h); // both biases: the sum of g over steps and rows
        Blas.columnSums(steps * batch, h, g, ones(steps * batch), dBias);
        GradientInjection.add(p.leaf().getManager(), p.weights(), new FloatBuffer[] {dWih, dWhh, dBias, dBias});
    }

    /** g = (dL/dh[t] from above + dL/dh[t] through h[t+1]) * tanh'(pre) = ... * (1 - h^2). */
    private static void tanhBackward(float[] upstream, float[] carried, float[] states, int from, float[] g) {
        for (int i = 0; i < g.length; i++) {
            float st = states[from + i];
            g[i] = (upstream[from + i] + carried[i]) * (1 - st * st);
        }
    }
}
