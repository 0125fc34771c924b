package io.seqmnist.model;

import ai.djl.nn.Block;
import io.seqmnist.Backend;
import io.seqmnist.UserError;
import io.seqmnist.model.scratch.ScratchGru;
import io.seqmnist.model.scratch.ScratchLstm;
import io.seqmnist.model.scratch.ScratchRnn;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import java.util.stream.Collectors;

/**
 * Every model the command line can name, and how to build it for a hidden size: the core's own below, and those the
 * process's {@link Backend} adds. Two kinds are equal when their names are.
 */
public final class ModelKind {
    public static final ModelKind RNN =
            new ModelKind("rnn", "rnn", "Elman RNN (DJL built-in, PyTorch nn.RNN)", RnnClassifier::new);
    public static final ModelKind GRU =
            new ModelKind("gru", "gru", "GRU (DJL built-in, PyTorch nn.GRU)", GruClassifier::new);
    public static final ModelKind LSTM =
            new ModelKind("lstm", "lstm", "LSTM (DJL built-in, PyTorch nn.LSTM)", LstmClassifier::new);
    public static final ModelKind FNN =
            new ModelKind("fnn", "fnn", "feed-forward 784-H-10, no recurrence", FnnClassifier::new);
    public static final ModelKind SCRATCH_RNN = new ModelKind(
            "scratch-rnn",
            "rnn",
            "Elman RNN from scratch (NDArray ops, DJL autograd)",
            h -> new RnnClassifier(new ScratchRnn(h), h));
    public static final ModelKind SCRATCH_GRU = new ModelKind(
            "scratch-gru",
            "gru",
            "GRU from scratch (NDArray ops, DJL autograd)",
            h -> new GruClassifier(new ScratchGru(h), h));
    public static final ModelKind SCRATCH_LSTM = new ModelKind(
            "scratch-lstm",
            "lstm",
            "LSTM from scratch (NDArray ops, DJL autograd)",
            h -> new LstmClassifier(new ScratchLstm(h), h));

    /** The RNN without W_hh, read literally (Question 1 item 14): its output layer sees h[28], from row 28 alone. */
    public static final ModelKind RNN_LAST_ROW = new ModelKind(
            "rnn-last-row",
            "rnn",
            "RNN without W_hh: h[28] = tanh(W_ih x[28] + b), only the last row read",
            h -> new NoRecurrenceClassifier(NoRecurrenceClassifier.Readout.LAST_ROW, h),
            false);
    /** The RNN without W_hh, its output layer on the mean of the 28 states: every row seen, their order lost. */
    public static final ModelKind RNN_ROW_MEAN = new ModelKind(
            "rnn-row-mean",
            "rnn",
            "RNN without W_hh, output layer on the mean of tanh(W_ih x[t] + b) over t: every row, no order",
            h -> new NoRecurrenceClassifier(NoRecurrenceClassifier.Readout.ROW_MEAN, h),
            false);

    private static final List<ModelKind> CORE =
            List.of(RNN, GRU, LSTM, FNN, SCRATCH_RNN, SCRATCH_GRU, SCRATCH_LSTM, RNN_LAST_ROW, RNN_ROW_MEAN);

    private final String cliName;
    private final String trainsAs;
    private final String description;
    private final IntFunction<Block> factory;
    private final boolean recurrent;

    private ModelKind(String cliName, String trainsAs, String description, IntFunction<Block> factory) {
        this(cliName, trainsAs, description, factory, !trainsAs.equals("fnn"));
    }

    private ModelKind(
            String cliName, String trainsAs, String description, IntFunction<Block> factory, boolean recurrent) {
        this.cliName = cliName;
        this.trainsAs = trainsAs;
        this.description = description;
        this.factory = factory;
        this.recurrent = recurrent;
    }

    public Block create(int hiddenSize) {
        return factory.apply(hiddenSize);
    }

    public String cliName() {
        return cliName;
    }

    /** The built-in kind this one stands for and trains as (scratch-rnn: rnn). */
    public String trainsAs() {
        return trainsAs;
    }

    public String description() {
        return description;
    }

    /** Whether the model carries a state from row to row (and so has gates and a gradient through time). */
    public boolean isRecurrent() {
        return recurrent;
    }

    /** Every kind this process can build: the core's and the backend's. */
    public static List<ModelKind> all() {
        List<ModelKind> all = new ArrayList<>(CORE);
        for (Backend.Model m : Backend.current().models()) {
            all.add(new ModelKind(m.name(), m.trainsAs(), m.description(), m.create()));
        }
        return all;
    }

    /** The kind of a name, or a one-line error (naming why, for a model this process's backend lacks). */
    public static ModelKind parse(String name) {
        for (ModelKind kind : all()) {
            if (kind.cliName.equals(name)) {
                return kind;
            }
        }
        String why = Backend.current().unavailable().get(name);
        if (why != null) {
            throw new UserError(name + " " + why);
        }
        throw new UserError("unknown model '" + name + "', expected one of: " + names());
    }

    public static String names() {
        return all().stream().map(ModelKind::cliName).collect(Collectors.joining(", "));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ModelKind other && other.cliName.equals(cliName);
    }

    @Override
    public int hashCode() {
        return cliName.hashCode();
    }

    @Override
    public String toString() {
        return cliName;
    }
}
