package io.seqmnist.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.seqmnist.model.ModelKind;
import java.util.List;
import org.junit.jupiter.api.Test;

class GatesStudyTest {

    @Test
    void theParameterMatchedRnnsAreWithinOnePercentOfTheGruAndLstm() {
        List<String> specs = GatesStudy.models().stream().map(RunSpec::toString).toList();
        assertEquals(
                List.of(
                        "rnn",
                        "gru",
                        "lstm",
                        "rnn:h=268",
                        "rnn:h=312",
                        "rnn-last-row",
                        "rnn-row-mean",
                        "fnn",
                        "fnn:h=36"),
                specs);
        long gru = count(ModelKind.GRU, 150);
        long lstm = count(ModelKind.LSTM, 150);
        assertEquals(82510, gru);
        assertEquals(109510, lstm);
        // counted on the built networks, not by the formula that chose the sizes
        long rnnLikeGru = count(ModelKind.RNN, 268);
        long rnnLikeLstm = count(ModelKind.RNN, 312);
        assertTrue(Math.abs(rnnLikeGru - gru) < 0.01 * gru, rnnLikeGru + " vs " + gru);
        assertTrue(Math.abs(rnnLikeLstm - lstm) < 0.01 * lstm, rnnLikeLstm + " vs " + lstm);
        assertEquals(GatesStudy.rnnParameters(268), rnnLikeGru);
        assertEquals(28630, count(ModelKind.FNN, GatesStudy.SMALL_FNN_HIDDEN));
        assertEquals(count(ModelKind.RNN, 150), GatesStudy.rnnParameters(150));
    }

    private static long count(ModelKind kind, int hidden) {
        try (Model model = Model.newInstance(kind.cliName())) {
            model.setBlock(kind.create(hidden));
            model.getBlock().initialize(model.getNDManager(), DataType.FLOAT32, new Shape(2, 28, 28));
            return TrainRun.parameterCount(model);
        }
    }
}
