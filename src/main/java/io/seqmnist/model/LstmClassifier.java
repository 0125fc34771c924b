package io.seqmnist.model;

import ai.djl.ndarray.NDList;
import ai.djl.nn.Block;
import ai.djl.nn.recurrent.LSTM;
import ai.djl.training.ParameterStore;
import io.seqmnist.model.scratch.ScratchLstm;

/**
 * The assignment's myLSTM: an LSTM unit and a linear output layer. Its initial state is a zero hidden state and a zero
 * cell state; the cell state stays inside the unit.
 */
public class LstmClassifier extends RecurrentClassifier {

    public LstmClassifier() {
        this(ModelDefaults.HIDDEN_SIZE);
    }

    public LstmClassifier(int hiddenSize) {
        this(builtIn(hiddenSize), hiddenSize);
    }

    /** The same network around another LSTM unit, e.g. the from-scratch one. */
    public LstmClassifier(Block unit, int hiddenSize) {
        super(unit, 2, hiddenSize, ModelDefaults.CLASSES);
    }

    /** PyTorch's nn.LSTM(28, H, batch_first=True), as DJL builds it. */
    public static Block builtIn(int hiddenSize) {
        return LSTM.builder()
                .setStateSize(hiddenSize)
                .setNumLayers(1)
                .optBatchFirst(true)
                .optReturnState(true)
                .build();
    }

    /**
     * The built-in unit runs on libtorch's training kernel also without gradients when its hidden size is one that
     * libtorch's inference kernel gets wrong ({@link LstmKernel}).
     */
    @Override
    protected NDList runUnit(ParameterStore parameters, NDList inputs, boolean training) {
        if (unit() instanceof LSTM && LstmKernel.inferenceIsWrong(hiddenSize())) {
            return LstmKernel.onTrainingKernel(() -> super.runUnit(parameters, inputs, training));
        }
        return super.runUnit(parameters, inputs, training);
    }

    @Override
    public ScratchLstm equations() {
        return new ScratchLstm(hiddenSize());
    }
}
