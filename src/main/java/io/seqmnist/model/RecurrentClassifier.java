package io.seqmnist.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.UniformInitializer;
import ai.djl.util.PairList;
import io.seqmnist.model.scratch.ScratchUnit;

/**
 * The network of the assignment's Figure 2.1: one recurrent unit reading the 28 rows of an image, and one linear output
 * layer applied to the hidden state of the last time step (many-to-one).
 *
 * <p>The recurrent unit is any block with PyTorch's batch-first contract: input {@code (x, h0)} or, for an LSTM,
 * {@code (x, h0, c0)}, with x of shape (B, T, in) and each state (1, B, H); output {@code (hidden sequence (B, T, H),
 * h_T (1, B, H)[, c_T])}. DJL's RNN, GRU and LSTM with {@code optReturnState(true)} are such blocks, and so are the
 * from-scratch units.
 */
public abstract class RecurrentClassifier extends AbstractBlock {

    private static final byte VERSION = 1;

    private final Block unit;
    private final Block output;
    private final int hiddenSize;
    private final int stateCount;
    private final int classes;

    /**
     * @param unit the recurrent unit
     * @param stateCount how many states the unit carries: 1 (h) or 2 for an LSTM (h and c)
     */
    public RecurrentClassifier(Block unit, int stateCount, int hiddenSize, int classes) {
        super(VERSION);
        this.hiddenSize = hiddenSize;
        this.stateCount = stateCount;
        this.classes = classes;
        this.unit = addChildBlock("recurrent", unit);
        this.output = addChildBlock("output", Linear.builder().setUnits(classes).build());
        // PyTorch's defaults, so results compare with the assignment's: nn.RNN/GRU/LSTM draw
        // every weight and bias from U(-1/sqrt(H), 1/sqrt(H)); nn.Linear(H, 10) draws from
        // U(-1/sqrt(fan_in), 1/sqrt(fan_in)) with fan_in = H, the same bound.
        float bound = (float) (1 / Math.sqrt(hiddenSize));
        setInitializer(new UniformInitializer(bound), parameter -> true);
    }

    /** The zero initial state(s), each of shape (1, batchSize, H) (items 8 and Q3 item 2). */
    public NDList initialState(NDManager manager, long batchSize) {
        NDList states = new NDList(stateCount);
        for (int i = 0; i < stateCount; i++) {
            states.add(manager.zeros(new Shape(1, batchSize, hiddenSize)));
        }
        return states;
    }

    /** Everything one forward pass produces, for {@code shapes} and the report. */
    public record Pass(NDList initialState, NDArray hiddenSequence, NDList lastState, NDArray logits) {}

    /** The forward pass (item 9): zero state, the unit over all rows, the output layer on h[T]. */
    public Pass run(ParameterStore parameters, NDArray x, boolean training) {
        NDList state = initialState(x.getManager(), x.size(0));
        NDList unitOut = runUnit(parameters, new NDList(x).addAll(state), training);
        NDArray sequence = unitOut.get(0);
        // h[T], equal to sequence[:, -1, :]; read from the returned state rather than sliced from
        // the sequence, so the backward pass does not build and copy a zero gradient for all
        // 28 steps of the sequence just to fill in its last one
        NDArray last = unitOut.get(1).squeeze(0);
        NDArray logits = output.forward(parameters, new NDList(last), training).head();
        return new Pass(state, sequence, unitOut.subNDList(1), logits);
    }

    /** The unit over all rows: (x, initial state) to (hidden sequence, last state). */
    protected NDList runUnit(ParameterStore parameters, NDList inputs, boolean training) {
        return unit.forward(parameters, inputs, training);
    }

    /**
     * Logits (B, T, classes) of the output layer applied to h[t] for every t: what the network would answer after
     * reading only the first t rows.
     */
    public NDArray logitsAfterEachRow(ParameterStore parameters, NDArray x) {
        NDArray sequence = run(parameters, x, false).hiddenSequence();
        return output.forward(parameters, new NDList(sequence), false).head();
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameters, NDList inputs, boolean training, PairList<String, Object> params) {
        return new NDList(run(parameters, inputs.head(), training).logits());
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), classes)};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape x = inputShapes[0];
        unit.initialize(manager, dataType, x);
        output.initialize(manager, dataType, new Shape(x.get(0), hiddenSize));
    }

    public Block unit() {
        return unit;
    }

    /** The linear output layer, applied to h[T]. */
    public Block output() {
        return output;
    }

    /**
     * The unit's equations, written from scratch: they run on the unit's own parameters to show its gates row by row
     * ({@link UnitInternals}), whichever implementation the unit is.
     */
    public abstract ScratchUnit equations();

    public int hiddenSize() {
        return hiddenSize;
    }
}
