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

/**
 * The Elman RNN with its recurrence taken out (W_hh = 0), for Question 1 item 14: each row's state is {@code tanh(W_ih
 * x[t] + b)}, computed from that row alone. Read literally, the output layer then sees h[28], which depends on row 28
 * only ({@link Readout#LAST_ROW}); given the mean of the 28 states ({@link Readout#ROW_MEAN}) it sees every row, but
 * neither their order nor any memory of one row when reading the next.
 */
public class NoRecurrenceClassifier extends AbstractBlock {

    private static final byte VERSION = 1;

    /** What the output layer is given. */
    public enum Readout {
        /** h[28], as the RNN's output layer reads it: the last row alone. */
        LAST_ROW,
        /** The mean of h[1..28]: every row, in no order. */
        ROW_MEAN
    }

    private final Readout readout;
    private final int hiddenSize;
    private final Block input;
    private final Block output;

    public NoRecurrenceClassifier(Readout readout, int hiddenSize) {
        super(VERSION);
        this.readout = readout;
        this.hiddenSize = hiddenSize;
        input = addChildBlock("input", Linear.builder().setUnits(hiddenSize).build());
        output = addChildBlock(
                "output", Linear.builder().setUnits(ModelDefaults.CLASSES).build());
        // the RNN's initialisation (PyTorch's nn.RNN and nn.Linear(H, 10)): U(-1/sqrt(H), 1/sqrt(H))
        setInitializer(new UniformInitializer((float) (1 / Math.sqrt(hiddenSize))), p -> true);
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameters, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.head(); // (B, T, 28)
        long batch = x.getShape().get(0);
        long rows = x.getShape().get(1);
        NDArray h;
        if (readout == Readout.LAST_ROW) {
            NDArray last = x.get(":, -1, :");
            h = input.forward(parameters, new NDList(last), training).head().tanh();
        } else {
            NDArray perRow = x.reshape(batch * rows, x.getShape().get(2));
            NDArray states = input.forward(parameters, new NDList(perRow), training)
                    .head()
                    .tanh();
            h = states.reshape(batch, rows, hiddenSize).mean(new int[] {1});
        }
        return output.forward(parameters, new NDList(h), training);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), ModelDefaults.CLASSES)};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape x = inputShapes[0];
        input.initialize(manager, dataType, new Shape(x.get(0), x.get(2)));
        output.initialize(manager, dataType, new Shape(x.get(0), hiddenSize));
    }
}
