package io.seqmnist.model.scratch;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;

/** The Elman unit: h[t] = tanh(W_ih x[t] + b_ih + W_hh h[t-1] + b_hh), as torch's nn.RNN. */
public class ScratchRnn extends ScratchUnit {

    public ScratchRnn(int hiddenSize) {
        super(hiddenSize, 1, 1);
    }

    @Override
    protected NDList step(NDArray inputPart, NDArray hiddenPart, NDList state) {
        return new NDList(inputPart.add(hiddenPart).tanh());
    }
}
