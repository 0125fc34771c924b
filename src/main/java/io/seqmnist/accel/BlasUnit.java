package io.seqmnist.accel;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import io.seqmnist.model.HandWrittenBackward;
import java.nio.FloatBuffer;

/**
 * What the hand-written units share: DJL's recurrent-block contract (input (x (B,T,in), h0 (1,B,H)), output (sequence
 * (B,T,H), h_T (1,B,H))) and its parameters, with their names, order and shapes ({@code l_0_i2h_WEIGHT (G*H, in)},
 * {@code l_0_h2h_WEIGHT (G*H, H)}, and the two biases (G*H), G gates stacked in PyTorch's order), so that a model file
 * of one loads into the other. Each subclass writes its forward pass and completes its backward pass by hand.
 */
abstract class BlasUnit extends AbstractBlock implements HandWrittenBackward {

    protected final int hidden;
    private final int gates;
    private final Parameter i2hWeight;
    private final Parameter h2hWeight;
    private final Parameter i2hBias;
    private final Parameter h2hBias;
    private FloatBuffer ones;

    /** @param gates how many blocks of H rows the weights stack (Elman 1, GRU 3) */
    BlasUnit(int hidden, int gates) {
        super((byte) 1);
        if (!Accelerator.status().active()) {
            throw new IllegalStateException("fast units compute on the accelerator's OpenBLAS:"
                    + " Accelerator.enable first (" + Accelerator.status().why() + ")");
        }
        this.hidden = hidden;
        this.gates = gates;
        i2hWeight = param("l_0_i2h_WEIGHT", Parameter.Type.WEIGHT);
        h2hWeight = param("l_0_h2h_WEIGHT", Parameter.Type.WEIGHT);
        i2hBias = param("l_0_i2h_BIAS", Parameter.Type.BIAS);
        h2hBias = param("l_0_h2h_BIAS", Parameter.Type.BIAS);
    }

    private Parameter param(String name, Parameter.Type type) {
        return addParameter(Parameter.builder().setName(name).setType(type).build());
    }

    @Override
    protected void prepare(Shape[] inputShapes) {
        long in = inputShapes[0].get(2);
        long rows = (long) gates * hidden;
        i2hWeight.setShape(new Shape(rows, in));
        h2hWeight.setShape(new Shape(rows, hidden));
        i2hBias.setShape(new Shape(rows));
        h2hBias.setShape(new Shape(rows));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape x = inputShapes[0];
        return new Shape[] {new Shape(x.get(0), x.get(1), hidden), new Shape(1, x.get(0), hidden)};
    }

    /** This pass's W_ih, W_hh, b_ih and b_hh, in that order (the order of their gradients). */
    protected NDArray[] weights(ParameterStore parameters, Device device, boolean training) {
        return new NDArray[] {
            parameters.getValue(i2hWeight, device, training),
            parameters.getValue(h2hWeight, device, training),
            parameters.getValue(i2hBias, device, training),
            parameters.getValue(h2hBias, device, training)
        };
    }

    /** The block's outputs from the time-major (T, B, H) states: (B, T, H) and h_T (1, B, H). */
    protected static NDList outputs(NDArray sequence) {
        NDArray batchFirst = sequence.transpose(1, 0, 2);
        NDArray last = sequence.get(sequence.size(0) - 1).expandDims(0);
        return new NDList(batchFirst, last);
    }

    /**
     * dW_hh = the sum over t of g[t]^T h[t-1], for g the gradients of the hidden products, time major ((T*B, rows)),
     * and the states h[0..T-1] time major ((T*B, H)): steps 1.. against the states 0..T-2 in one product, step 0
     * against h0.
     */
    protected static void recurrentWeightGradient(
            FloatBuffer g,
            int rows,
            FloatBuffer states,
            FloatBuffer h0,
            int batch,
            int steps,
            int hidden,
            FloatBuffer out) {
        Blas.gemm(
                true,
                false,
                rows,
                hidden,
                (steps - 1) * batch,
                1,
                Blas.at(g, batch * rows, (steps - 1) * batch * rows),
                rows,
                states,
                hidden,
                0,
                out,
                hidden);
        Blas.gemm(true, false, rows, hidden, batch, 1, g, rows, h0, hidden, 1, out, hidden);
    }

    /** {@code size} ones, for column sums (kept from call to call). */
    protected FloatBuffer ones(int size) {
        if (ones == null || ones.capacity() < size) {
            ones = Blas.allocate(size);
            for (int i = 0; i < size; i++) {
                ones.put(i, 1f);
            }
        }
        return Blas.at(ones, 0, size);
    }

    /** The array's elements as a direct view (a contiguous copy first when it is a view). */
    static FloatBuffer floats(NDArray array) {
        return array.toByteBuffer(true).asFloatBuffer();
    }
}
