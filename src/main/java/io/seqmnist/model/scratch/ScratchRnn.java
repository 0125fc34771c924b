package io.seqmnist.model.scratch;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import java.util.List;
import java.util.Map;

/**
 * The Elman unit, as torch's nn.RNN: a = W_ih x[t] + b_ih + W_hh h[t-1] + b_hh (the pre-activation), h[t] = tanh(a). It
 * has no gates.
 */
public class ScratchRnn extends ScratchUnit {

    public ScratchRnn(int hiddenSize) {
        super(hiddenSize, 1, 1);
    }

    @Override
    protected Step step(NDArray inputPart, NDArray hiddenPart, NDList state) {
        NDArray a = inputPart.add(hiddenPart);
        return new Step(new NDList(a.tanh()), Map.of("a", a));
    }

    @Override
    public List<String> gates() {
        return List.of();
    }
}
