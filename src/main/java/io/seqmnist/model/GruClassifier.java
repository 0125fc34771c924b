package io.seqmnist.model;

import ai.djl.nn.Block;
import ai.djl.nn.recurrent.GRU;
import io.seqmnist.model.scratch.ScratchGru;

/** The assignment's myGatedRNN: a GRU unit and a linear output layer. */
public class GruClassifier extends RecurrentClassifier {

    public GruClassifier() {
        this(ModelDefaults.HIDDEN_SIZE);
    }

    public GruClassifier(int hiddenSize) {
        this(builtIn(hiddenSize), hiddenSize);
    }

    /** The same network around another GRU unit, e.g. the from-scratch one. */
    public GruClassifier(Block unit, int hiddenSize) {
        super(unit, 1, hiddenSize, ModelDefaults.CLASSES);
    }

    /** PyTorch's nn.GRU(28, H, batch_first=True), as DJL builds it. */
    public static Block builtIn(int hiddenSize) {
        return GRU.builder()
                .setStateSize(hiddenSize)
                .setNumLayers(1)
                .optBatchFirst(true)
                .optReturnState(true)
                .build();
    }

    @Override
    public ScratchGru equations() {
        return new ScratchGru(hiddenSize());
    }
}
