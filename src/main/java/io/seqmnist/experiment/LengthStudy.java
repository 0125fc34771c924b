package io.seqmnist.experiment;

import io.seqmnist.data.SequenceLayout;
import io.seqmnist.model.ModelKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * How the three networks fare as the sequence grows ({@code compare --study length}): rnn, gru and lstm, each read in T
 * steps of 784/T pixels for every T asked. The report draws final test accuracy against T and the gradient's reach,
 * log10(||dL/dh_1|| / ||dL/dh_T||), per T.
 *
 * <p>The default lengths stop at 196: at 784 an epoch took 20 minutes (gru) to an hour (lstm) on one core by the step
 * times in bench/README.md, so a run of 10 epochs takes 3 to 10 hours; T = 784 is one {@code --seq-lens} away.
 */
public final class LengthStudy {

    public static final String NAME = "length";

    /** The rows, then 2, 4 and 7 times as many steps (14, 7 and 4 pixels a step). */
    public static final List<Integer> DEFAULT_LENGTHS = List.of(28, 56, 112, 196);

    public static final List<ModelKind> MODELS = List.of(ModelKind.RNN, ModelKind.GRU, ModelKind.LSTM);

    private LengthStudy() {}

    /** The runs: for each T (each checked to divide 784, naming {@code option}), rnn, gru and lstm at that T. */
    public static List<RunSpec> models(List<Integer> lengths, String option) {
        List<RunSpec> specs = new ArrayList<>();
        for (int t : lengths.stream().distinct().sorted().toList()) {
            SequenceLayout.requireLength(t, option);
            for (ModelKind kind : MODELS) {
                specs.add(new RunSpec(kind, Map.of("seq-len", t)));
            }
        }
        return specs;
    }
}
