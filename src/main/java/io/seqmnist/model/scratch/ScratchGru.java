package io.seqmnist.model.scratch;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Activation;
import java.util.List;
import java.util.Map;

/**
 * The GRU unit, torch's nn.GRU equations, gates stacked r, z, n:
 *
 * <pre>
 * r  = sigmoid(W_ir x + b_ir + W_hr h + b_hr)       reset gate
 * z  = sigmoid(W_iz x + b_iz + W_hz h + b_hz)       update gate: near 1 keeps h
 * n  = tanh(W_in x + b_in + r * (W_hn h + b_hn))    candidate
 * h' = (1 - z) * n + z * h
 * </pre>
 */
public class ScratchGru extends ScratchUnit {

    public ScratchGru(int hiddenSize) {
        super(hiddenSize, 3, 1);
    }

    @Override
    protected Step step(NDArray inputPart, NDArray hiddenPart, NDList state) {
        NDArray h = state.head();
        NDList x = inputPart.split(3, 1);
        NDList hh = hiddenPart.split(3, 1);
        NDArray r = Activation.sigmoid(x.get(0).add(hh.get(0)));
        NDArray z = Activation.sigmoid(x.get(1).add(hh.get(1)));
        NDArray n = x.get(2).add(r.mul(hh.get(2))).tanh();
        NDArray oneMinusZ = z.neg().add(1);
        return new Step(new NDList(oneMinusZ.mul(n).add(z.mul(h))), Map.of("r", r, "z", z, "n", n));
    }

    @Override
    public List<String> gates() {
        return List.of("r", "z");
    }
}
