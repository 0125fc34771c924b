package io.seqmnist.model.scratch;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Activation;
import java.util.List;
import java.util.Map;

/**
 * The LSTM unit, torch's nn.LSTM equations, gates stacked i, f, g, o; the cell state c is carried beside h:
 *
 * <pre>
 * i  = sigmoid(W_ii x + b_ii + W_hi h + b_hi)       input gate
 * f  = sigmoid(W_if x + b_if + W_hf h + b_hf)       forget gate: near 1 keeps c
 * g  = tanh(W_ig x + b_ig + W_hg h + b_hg)          candidate
 * o  = sigmoid(W_io x + b_io + W_ho h + b_ho)       output gate
 * c' = f * c + i * g
 * h' = o * tanh(c')
 * </pre>
 */
public class ScratchLstm extends ScratchUnit {

    public ScratchLstm(int hiddenSize) {
        super(hiddenSize, 4, 2);
    }

    @Override
    protected Step step(NDArray inputPart, NDArray hiddenPart, NDList state) {
        NDArray c = state.get(1);
        NDList gates = inputPart.add(hiddenPart).split(4, 1);
        NDArray i = Activation.sigmoid(gates.get(0));
        NDArray f = Activation.sigmoid(gates.get(1));
        NDArray g = gates.get(2).tanh();
        NDArray o = Activation.sigmoid(gates.get(3));
        NDArray cNext = f.mul(c).add(i.mul(g));
        return new Step(new NDList(hidden(o, cNext), cNext), Map.of("i", i, "f", f, "g", g, "o", o));
    }

    /** h' = o * tanh(c'): the hidden state that the output gate o lets out of the cell state c'. */
    public static NDArray hidden(NDArray o, NDArray cell) {
        return o.mul(cell.tanh());
    }

    @Override
    public List<String> gates() {
        return List.of("i", "f", "o");
    }
}
