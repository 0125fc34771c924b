package io.seqmnist.model.scratch;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A recurrent unit written from scratch with NDArray operations; gradients come from the engine's autograd. It is a
 * drop-in replacement for DJL's RNN, GRU and LSTM blocks (one layer, batch-first, {@code optReturnState(true)}): the
 * same inputs {@code (x (B,T,in), h0 (1,B,H) [, c0])}, the same outputs {@code (hidden sequence (B,T,H), h_T (1,B,H) [,
 * c_T])}, and the same parameters in the same order: {@code l_0_i2h_WEIGHT (G*H, in)}, {@code l_0_h2h_WEIGHT (G*H, H)},
 * {@code l_0_i2h_BIAS (G*H)}, {@code l_0_h2h_BIAS (G*H)}, the G gates stacked in PyTorch's order.
 *
 * <p>This class holds the one time loop ({@link #unroll}); a subclass gives only {@link #step}, the equations of one
 * time step. The loop also runs on another unit's parameters: that is how {@code model.UnitInternals} shows a trained
 * built-in unit's gates, row by row.
 */
public abstract class ScratchUnit extends AbstractBlock {

    private static final byte VERSION = 1;

    private final int hiddenSize;
    private final int gates;
    private final int stateCount;
    private final Parameter inputWeight;
    private final Parameter hiddenWeight;
    private final Parameter inputBias;
    private final Parameter hiddenBias;

    /**
     * @param gates how many blocks of H rows the weights stack (RNN 1, GRU 3, LSTM 4)
     * @param stateCount how many states the unit carries (h, or h and c)
     */
    protected ScratchUnit(int hiddenSize, int gates, int stateCount) {
        super(VERSION);
        this.hiddenSize = hiddenSize;
        this.gates = gates;
        this.stateCount = stateCount;
        // Names and order as DJL's RecurrentBlock adds them (and as torch's flat weights expect).
        inputWeight = addParameter(weight("l_0_i2h_WEIGHT"));
        hiddenWeight = addParameter(weight("l_0_h2h_WEIGHT"));
        inputBias = addParameter(bias("l_0_i2h_BIAS"));
        hiddenBias = addParameter(bias("l_0_h2h_BIAS"));
    }

    /**
     * What one time step computed.
     *
     * @param state the states at t, each (B, H), h first
     * @param parts the gates and the other values on the way to the state, each (B, H), by name (e.g. a GRU's r, z and
     *     n)
     */
    public record Step(NDList state, Map<String, NDArray> parts) {}

    /** The four parameters' values, in PyTorch's layout (see the class comment). */
    public record Weights(NDArray inputWeight, NDArray hiddenWeight, NDArray inputBias, NDArray hiddenBias) {}

    /**
     * One time step: the unit's equations.
     *
     * @param inputPart W_ih x[t] + b_ih, (B, G*H)
     * @param hiddenPart W_hh h[t-1] + b_hh, (B, G*H)
     * @param state the states at t-1, each (B, H), h first
     */
    protected abstract Step step(NDArray inputPart, NDArray hiddenPart, NDList state);

    /** The names of {@link Step#parts} that are gates: sigmoids, in (0, 1). */
    public abstract List<String> gates();

    /**
     * Runs the equations over every row of x.
     *
     * @param x the input, (B, T, in)
     * @param initialState the states before the first row, each (B, H), h first
     * @param each called with every step, in order
     * @return the states after the last row
     */
    public NDList unroll(Weights weights, NDArray x, NDList initialState, Consumer<Step> each) {
        return unroll(weights, x, initialState, (t, step) -> {
            each.accept(step);
            return step.state();
        });
    }

    /** What the next step reads instead of a step's states. */
    public interface StateEdit {
        /**
         * @param t the step, from 0
         * @return the states the next step (or the caller, after the last) reads, each (B, H), h first
         */
        NDList apply(int t, Step step);
    }

    /**
     * Runs the equations over every row of x, the states of each step passed through {@code edit} before the next step
     * reads them (model.GradientFlow adds its probes there).
     */
    public NDList unroll(Weights weights, NDArray x, NDList initialState, StateEdit edit) {
        int steps = Math.toIntExact(x.size(1));
        // The input's share of every gate does not depend on h: one product for all T steps.
        // Only the recurrent product stays in the loop. Split once: slicing per step is slower.
        NDList inputParts = Linear.linear(x, weights.inputWeight(), weights.inputBias())
                .head()
                .split(steps, 1);
        NDList state = initialState;
        for (int t = 0; t < steps; t++) {
            NDArray hiddenPart = Linear.linear(state.head(), weights.hiddenWeight(), weights.hiddenBias())
                    .head();
            state = edit.apply(t, step(inputParts.get(t).squeeze(1), hiddenPart, state));
        }
        return state;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameters, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.head();
        if (inputs.size() != 1 + stateCount) {
            throw new IllegalArgumentException(
                    "expected x and " + stateCount + " initial state(s), got " + inputs.size() + " arrays");
        }
        Device device = x.getDevice();
        Weights weights = new Weights(
                parameters.getValue(inputWeight, device, training),
                parameters.getValue(hiddenWeight, device, training),
                parameters.getValue(inputBias, device, training),
                parameters.getValue(hiddenBias, device, training));
        NDList initialState = new NDList(stateCount);
        for (NDArray s : inputs.subNDList(1)) {
            initialState.add(s.squeeze(0)); // (1, B, H) -> (B, H)
        }
        NDList hiddenSequence = new NDList(Math.toIntExact(x.size(1)));
        NDList state = unroll(
                weights,
                x,
                initialState,
                step -> hiddenSequence.add(step.state().head()));
        NDList out = new NDList(1 + stateCount);
        out.add(NDArrays.stack(hiddenSequence, 1)); // (B, T, H)
        for (NDArray s : state) {
            out.add(s.expandDims(0)); // (B, H) -> (1, B, H)
        }
        return out;
    }

    @Override
    public void prepare(Shape[] inputShapes) {
        long inputSize = inputShapes[0].get(2);
        inputWeight.setShape(new Shape(gates * hiddenSize, inputSize));
        hiddenWeight.setShape(new Shape(gates * hiddenSize, hiddenSize));
        inputBias.setShape(new Shape(gates * hiddenSize));
        hiddenBias.setShape(new Shape(gates * hiddenSize));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape x = inputShapes[0];
        Shape[] shapes = new Shape[1 + stateCount];
        shapes[0] = new Shape(x.get(0), x.get(1), hiddenSize);
        for (int i = 1; i <= stateCount; i++) {
            shapes[i] = new Shape(1, x.get(0), hiddenSize);
        }
        return shapes;
    }

    public int hiddenSize() {
        return hiddenSize;
    }

    public int stateCount() {
        return stateCount;
    }

    private static Parameter weight(String name) {
        return Parameter.builder().setName(name).setType(Parameter.Type.WEIGHT).build();
    }

    private static Parameter bias(String name) {
        return Parameter.builder().setName(name).setType(Parameter.Type.BIAS).build();
    }
}
