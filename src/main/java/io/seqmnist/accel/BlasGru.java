package io.seqmnist.accel;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.seqmnist.UserError;
import java.nio.FloatBuffer;

/**
 * PyTorch's GRU, written by hand over OpenBLAS with its backward pass written out too, instead of libtorch's autograd.
 * With the gates stacked r, z, n as in nn.GRU:
 *
 * <pre>
 * r = sigmoid(W_ir x + b_ir + W_hr h + b_hr)      gx = x W_ih^T + b_ih  (all steps at once)
 * z = sigmoid(W_iz x + b_iz + W_hz h + b_hz)      gh = h W_hh^T + b_hh  (one product a step)
 * n = tanh(W_in x + b_in + r * (W_hn h + b_hn))
 * h' = (1 - z) * n + z * h
 * </pre>
 *
 * Same contract and parameter names as DJL's GRU: input (x (B,T,in), h0 (1,B,H)), output (sequence (B,T,H), h_T
 * (1,B,H)). Faster for the reasons {@link BlasElman} gives: the input projection of all steps is one product, and each
 * weight gradient is one product over all steps, where autograd computes one per step and adds them up. Inside it works
 * time-major.
 */
final class BlasGru extends BlasUnit {

    private final Workspace workspace = new Workspace(9);
    private Pending pending;

    BlasGru(int hidden) {
        super(hidden, 3);
    }

    /**
     * What the backward pass needs of a training forward pass; r, z, n and hn (= W_hn h + b_hn) and the states are (T,
     * B, H), time-major.
     */
    private record Pending(
            NDArray leaf,
            FloatBuffer x,
            FloatBuffer h0,
            float[] h0Values,
            float[] states,
            FloatBuffer statesNative,
            float[] r,
            float[] z,
            float[] n,
            float[] hn,
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
        int gates = 3 * h;
        NDArray[] weights = weights(parameters, device, training);
        FloatBuffer wIh = floats(weights[0]);
        FloatBuffer wHh = floats(weights[1]);
        FloatBuffer xs = floats(x.transpose(1, 0, 2)); // (T, B, in)
        FloatBuffer h0 = floats(inputs.get(1)); // (1, B, H)
        float[] h0Values = new float[block];
        h0.get(0, h0Values);

        // gx = x W_ih^T + b_ih for every step at once: rows start as the bias, the product adds
        FloatBuffer gxNative = workspace.get(0, steps * batch * gates);
        fillRows(gxNative, weights[2].toFloatArray(), gates, steps * batch);
        Blas.gemm(false, true, steps * batch, gates, in, 1, xs, in, wIh, in, 1, gxNative, gates);
        float[] gx = grow(training, 0, steps * batch * gates);
        gxNative.get(0, gx, 0, steps * batch * gates);
        float[] hBias = weights[3].toFloatArray();

        NDArray sequence = manager.create(new Shape(steps, batch, h));
        FloatBuffer s = floats(sequence);
        float[] states = grow(training, 1, steps * block);
        float[] r = grow(training, 2, steps * block);
        float[] z = grow(training, 3, steps * block);
        float[] n = grow(training, 4, steps * block);
        float[] hn = grow(training, 5, steps * block);
        float[] gh = grow(training, 6, batch * gates);
        float[] previous = grow(training, 7, block); // h[t-1], apart from the states (see below)
        System.arraycopy(h0Values, 0, previous, 0, block);
        FloatBuffer ghNative = workspace.get(1, batch * gates);
        for (int t = 0; t < steps; t++) {
            int from = t * block;
            FloatBuffer before = t == 0 ? h0 : Blas.at(s, from - block, block);
            fillRows(ghNative, hBias, gates, batch);
            Blas.gemm(false, true, batch, gates, h, 1, before, h, wHh, h, 1, ghNative, gates);
            ghNative.get(0, gh, 0, batch * gates);
            // the nonlinearities in flat loops over the step's block, which the JIT vectorises
            // (a loop with all three inlined it does not unroll, so does not vectorise: 20 ns a
            // value)
            for (int b = 0; b < batch; b++) {
                preActivations(gx, (t * batch + b) * gates, gh, b * gates, r, z, hn, from + b * h, h);
            }
            FastMath.sigmoidInPlace(r, from, from + block);
            FastMath.sigmoidInPlace(z, from, from + block);
            for (int b = 0; b < batch; b++) {
                int c = (t * batch + b) * gates + 2 * h; // the row's candidate gate in gx
                int o = from + b * h;
                for (int j = 0; j < h; j++) {
                    n[o + j] = gx[c + j] + r[o + j] * hn[o + j];
                }
            }
            FastMath.tanhInPlace(n, from, from + block);
            // h[t-1] read from a copy of its own, not from the states array at a distance the
            // JIT cannot see: a flat loop over separate arrays, which it vectorises
            for (int i = 0; i < block; i++) {
                float zi = z[from + i];
                states[from + i] = (1 - zi) * n[from + i] + zi * previous[i];
            }
            System.arraycopy(states, from, previous, 0, block);
            s.put(from, states, from, block);
        }
        if (training) {
            sequence.setRequiresGradient(true);
            pending = new Pending(sequence, xs, h0, h0Values, states, s, r, z, n, hn, weights, batch, steps, in);
        }
        return outputs(sequence);
    }

    /** The pre-activations of r and z and the value hn of one row (H each), from gx and gh. */
    private static void preActivations(
            float[] gx, int x, float[] gh, int g, float[] r, float[] z, float[] hn, int o, int h) {
        for (int j = 0; j < h; j++) {
            r[o + j] = gx[x + j] + gh[g + j];
        }
        for (int j = 0; j < h; j++) {
            z[o + j] = gx[x + h + j] + gh[g + h + j];
        }
        System.arraycopy(gh, g + 2 * h, hn, o, h);
    }

    /**
     * Java arrays reused from call to call; a backward pass reads those of its forward, so an evaluation in between
     * gets arrays of its own.
     */
    private final float[][][] scratch = {new float[9][], new float[9][]};

    private float[] grow(boolean training, int index, int size) {
        float[][] set = scratch[training ? 0 : 1];
        if (set[index] == null || set[index].length < size) {
            set[index] = null; // the smaller array may go before the larger one is made
            try {
                set[index] = new float[size];
            } catch (OutOfMemoryError e) {
                java.util.Arrays.fill(set, null);
                // at T = 784 an evaluation batch of 250 needs about 1 GB of them
                throw new UserError("fast-gru keeps its gates of every step in Java arrays, and this sequence needs"
                        + " more Java heap than the " + Runtime.getRuntime().maxMemory() / (1 << 20)
                        + " MB this JVM has (one array of " + size + " floats): set SEQMNIST_HEAP, e.g. 4g, or"
                        + " train gru");
            }
        }
        return set[index];
    }

    /** Every one of {@code rows} rows of {@code target} (each {@code width} long) set to {@code row}. */
    private static void fillRows(FloatBuffer target, float[] row, int width, int rows) {
        for (int i = 0; i < rows; i++) {
            target.put(i * width, row, 0, width);
        }
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
        int gates = 3 * h;
        float[] upstream = grow(true, 8, steps * block); // dL/dh[t] from the engine, (T, B, H)
        floats(p.leaf().getGradient()).get(0, upstream, 0, steps * block);
        FloatBuffer wHh = floats(p.weights()[1]);
        // dL/d(pre-activations): through x (r, z, n) and through h (r, z, and hn for n)
        FloatBuffer gxGrad = workspace.get(2, steps * batch * gates);
        FloatBuffer ghGrad = workspace.get(3, steps * batch * gates);
        FloatBuffer carry = workspace.get(4, block); // dL/dh[t-1] through W_hh
        float[] dout = new float[block]; // dL/dh[t]: from above and through h[t+1]
        float[] dn = new float[block]; // dL/d(pre-activation), per gate
        float[] dz = new float[block];
        float[] dr = new float[block];
        float[] dhn = new float[block]; // dL/dhn
        float[] direct = new float[block]; // dL/dh[t-1] through z * h[t-1]
        float[] carried = new float[block];
        float[] states = p.states();
        float[] r = p.r();
        float[] z = p.z();
        float[] n = p.n();
        float[] hn = p.hn();
        // flat loops over the step's block, each writing one array: the JIT vectorises them
        for (int t = steps - 1; t >= 0; t--) {
            int from = t * block;
            float[] previous = t == 0 ? p.h0Values() : states;
            int before = t == 0 ? 0 : from - block;
            for (int i = 0; i < block; i++) {
                dout[i] = upstream[from + i] + carried[i];
            }
            for (int i = 0; i < block; i++) {
                float ni = n[from + i];
                dn[i] = dout[i] * (1 - z[from + i]) * (1 - ni * ni);
            }
            for (int i = 0; i < block; i++) {
                float zi = z[from + i];
                dz[i] = dout[i] * (previous[before + i] - n[from + i]) * zi * (1 - zi);
            }
            for (int i = 0; i < block; i++) {
                float ri = r[from + i];
                dr[i] = dn[i] * hn[from + i] * ri * (1 - ri);
            }
            for (int i = 0; i < block; i++) {
                dhn[i] = dn[i] * r[from + i];
            }
            for (int i = 0; i < block; i++) {
                direct[i] = dout[i] * z[from + i];
            }
            // rows of (B, 3H), gates r, z, n: through x the candidate's is dn, through h dhn
            int at = t * batch * gates;
            for (int b = 0; b < batch; b++) {
                int row = at + b * gates;
                int o = b * h;
                gxGrad.put(row, dr, o, h).put(row + h, dz, o, h).put(row + 2 * h, dn, o, h);
                ghGrad.put(row, dr, o, h).put(row + h, dz, o, h).put(row + 2 * h, dhn, o, h);
            }
            if (t > 0) {
                Blas.gemm(
                        false,
                        false,
                        batch,
                        h,
                        gates,
                        1,
                        Blas.at(ghGrad, at, batch * gates),
                        gates,
                        wHh,
                        h,
                        0,
                        carry,
                        h);
                carry.get(0, carried);
                for (int i = 0; i < block; i++) {
                    carried[i] += direct[i];
                }
            }
        }
        FloatBuffer dWih = workspace.get(5, gates * p.in());
        FloatBuffer dWhh = workspace.get(6, gates * h);
        FloatBuffer s = p.statesNative();
        Blas.gemm(true, false, gates, p.in(), steps * batch, 1, gxGrad, gates, p.x(), p.in(), 0, dWih, p.in());
        recurrentWeightGradient(ghGrad, gates, s, p.h0(), batch, steps, h, dWhh);
        FloatBuffer ones = ones(steps * batch);
        FloatBuffer dBih = workspace.get(7, gates);
        FloatBuffer dBhh = workspace.get(8, gates);
        Blas.columnSums(steps * batch, gates, gxGrad, ones, dBih);
        Blas.columnSums(steps * batch, gates, ghGrad, ones, dBhh);
        GradientInjection.add(p.leaf().getManager(), p.weights(), new FloatBuffer[] {dWih, dWhh, dBih, dBhh});
    }
}
