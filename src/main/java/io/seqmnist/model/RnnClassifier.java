package io.seqmnist.model;

import ai.djl.nn.Block;
import ai.djl.nn.recurrent.RNN;
import io.seqmnist.model.scratch.ScratchRnn;

/** The assignment's myRNN: an Elman (tanh) recurrent unit and a linear output layer. */
public class RnnClassifier extends RecurrentClassifier {

    public RnnClassifier() {
        this(ModelDefaults.HIDDEN_SIZE);
    }

    public RnnClassifier(int hiddenSize) {
        this(builtIn(hiddenSize), hiddenSize);
    }

    /** The same network around another Elman unit, e.g. the from-scratch one. */
    public RnnClassifier(Block unit, int hiddenSize) {
        super(unit, 1, hiddenSize, ModelDefaults.CLASSES);
    }

    /** PyTorch's nn.RNN(28, H, batch_first=True), as DJL builds it. */
    public static Block builtIn(int hiddenSize) {
        return RNN.builder()
                .setStateSize(hiddenSize)
                .setNumLayers(1)
                // without an activation DJL builds the block, then throws NPE in forward
                .setActivation(RNN.Activation.TANH)
                .optBatchFirst(true)
                .optReturnState(true)
                .build();
    }

    @Override
    public ScratchRnn equations() {
        return new ScratchRnn(hiddenSize());
    }
}
