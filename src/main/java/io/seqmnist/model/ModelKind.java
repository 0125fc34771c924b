package io.seqmnist.model;

import ai.djl.nn.Block;
import io.seqmnist.UserError;
import io.seqmnist.model.scratch.ScratchGru;
import io.seqmnist.model.scratch.ScratchLstm;
import io.seqmnist.model.scratch.ScratchRnn;
import java.util.Arrays;
import java.util.function.IntFunction;
import java.util.stream.Collectors;

/** Every model the command line can name, and how to build it for a hidden size. */
public enum ModelKind {
    RNN("rnn", "Elman RNN (DJL built-in, PyTorch nn.RNN)", RnnClassifier::new),
    GRU("gru", "GRU (DJL built-in, PyTorch nn.GRU)", GruClassifier::new),
    LSTM("lstm", "LSTM (DJL built-in, PyTorch nn.LSTM)", LstmClassifier::new),
    FNN("fnn", "feed-forward 784-H-10, no recurrence", FnnClassifier::new),
    SCRATCH_RNN("scratch-rnn", "Elman RNN from scratch (NDArray ops, DJL autograd)",
            h -> new RnnClassifier(new ScratchRnn(h), h)),
    SCRATCH_GRU("scratch-gru", "GRU from scratch (NDArray ops, DJL autograd)",
            h -> new GruClassifier(new ScratchGru(h), h)),
    SCRATCH_LSTM("scratch-lstm", "LSTM from scratch (NDArray ops, DJL autograd)",
            h -> new LstmClassifier(new ScratchLstm(h), h)),
    FAST_RNN("fast-rnn", "Elman RNN, hand-written forward and backward on OpenBLAS (accelerator)",
            h -> new RnnClassifier(FastUnits.elman(h), h)),
    FAST_GRU("fast-gru", "GRU, hand-written forward and backward on OpenBLAS (accelerator)",
            h -> new GruClassifier(FastUnits.gru(h), h));

    private final String cliName;
    private final String description;
    private final IntFunction<Block> factory;

    ModelKind(String cliName, String description, IntFunction<Block> factory) {
        this.cliName = cliName;
        this.description = description;
        this.factory = factory;
    }

    public Block create(int hiddenSize) {
        return factory.apply(hiddenSize);
    }

    public String cliName() {
        return cliName;
    }

    public String description() {
        return description;
    }

    public boolean isRecurrent() {
        return this != FNN;
    }

    /** fast-rnn and fast-gru: their units come with the accelerator ({@link FastUnits}). */
    public boolean needsAccelerator() {
        return this == FAST_RNN || this == FAST_GRU;
    }

    /** Whether this model can be built in this process (every one, fast-* with the accelerator on). */
    public boolean isAvailable() {
        return !needsAccelerator() || FastUnits.available();
    }

    /** A one-line UserError when this model cannot be built here, before anything is written. */
    public void requireAvailable() {
        if (!isAvailable()) {
            FastUnits.require(cliName);
        }
    }

    public static ModelKind parse(String name) {
        for (ModelKind kind : values()) {
            if (kind.cliName.equals(name)) {
                return kind;
            }
        }
        throw new UserError("unknown model '" + name + "', expected one of: " + names());
    }

    public static String names() {
        return Arrays.stream(values()).map(ModelKind::cliName).collect(Collectors.joining(", "));
    }

    @Override
    public String toString() {
        return cliName;
    }
}
