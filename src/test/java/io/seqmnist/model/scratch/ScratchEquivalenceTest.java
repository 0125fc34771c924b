package io.seqmnist.model.scratch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Activation;
import io.seqmnist.model.GruClassifier;
import io.seqmnist.model.LstmClassifier;
import io.seqmnist.model.RnnClassifier;
import io.seqmnist.model.ScratchEquivalence;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * As micrograd checks its engine against PyTorch: each from-scratch unit against DJL's built-in one (libtorch's own
 * RNN/GRU/LSTM), same parameters and inputs, forward and backward.
 */
class ScratchEquivalenceTest {

    static Stream<Arguments> pairsAndSizes() {
        return ScratchEquivalence.PAIRS.stream()
                .flatMap(pair -> Stream.of(
                        Arguments.of(pair, 150, 64, 0), // the assignment's sizes
                        Arguments.of(pair, 7, 3, 5))); // odd sizes: no accidental fit to 150 or 64
    }

    @ParameterizedTest(name = "{0} hidden {1} batch {2} seed {3}")
    @MethodSource("pairsAndSizes")
    void scratchUnitEqualsBuiltInForwardAndBackward(ScratchEquivalence.UnitPair pair, int hidden, int batch, int seed) {
        ScratchEquivalence.Result result = ScratchEquivalence.compare(pair, hidden, batch, seed);

        assertTrue(result.within(ScratchEquivalence.TOLERANCE), result.line());
        int states = pair.name().equals("lstm") ? 2 : 1;
        List<String> compared = result.differences().stream()
                .map(ScratchEquivalence.Difference::what)
                .toList();
        // the outputs, every last state, and the gradient of each of the four parameters
        List<String> expected = Stream.concat(
                        Stream.of("output", "h_T", "c_T").limit(1 + states),
                        Stream.of("l_0_i2h_WEIGHT", "l_0_h2h_WEIGHT", "l_0_i2h_BIAS", "l_0_h2h_BIAS")
                                .map(name -> "grad " + name))
                .toList();
        assertEquals(expected, compared);
    }

    @Test
    void sameSeedSameDifferences() {
        ScratchEquivalence.UnitPair gru = ScratchEquivalence.PAIRS.get(1);
        assertEquals(ScratchEquivalence.compare(gru, 20, 4, 3), ScratchEquivalence.compare(gru, 20, 4, 3));
    }

    /** The other common GRU convention, h' = z * n + (1 - z) * h, is not torch's: caught. */
    @Test
    void catchesAGruWithTheOtherUpdateConvention() {
        ScratchUnit wrong = new ScratchGru(20) {
            @Override
            protected Step step(NDArray inputPart, NDArray hiddenPart, NDList state) {
                NDArray h = state.head();
                NDList x = inputPart.split(3, 1);
                NDList hh = hiddenPart.split(3, 1);
                NDArray r = Activation.sigmoid(x.get(0).add(hh.get(0)));
                NDArray z = Activation.sigmoid(x.get(1).add(hh.get(1)));
                NDArray n = x.get(2).add(r.mul(hh.get(2))).tanh();
                return new Step(new NDList(z.mul(n).add(z.neg().add(1).mul(h))), Map.of());
            }
        };
        ScratchEquivalence.Result result = ScratchEquivalence.compare("gru", GruClassifier.builtIn(20), wrong, 4, 0);
        assertFalse(result.within(ScratchEquivalence.TOLERANCE), result.line());
        assertTrue(result.worst() > 1e-2, result.line());
        assertTrue(result.line().contains("DIFFERENT"), result.line());
    }

    /** Gates in the wrong order (f before i) are caught, though every shape is right. */
    @Test
    void catchesLstmGatesInTheWrongOrder() {
        ScratchUnit wrong = new ScratchLstm(20) {
            @Override
            protected Step step(NDArray inputPart, NDArray hiddenPart, NDList state) {
                NDList gates = inputPart.add(hiddenPart).split(4, 1);
                NDArray swapped =
                        NDArrays.concat(new NDList(gates.get(1), gates.get(0), gates.get(2), gates.get(3)), 1);
                return super.step(swapped, hiddenPart.zerosLike(), state);
            }
        };
        ScratchEquivalence.Result result = ScratchEquivalence.compare("lstm", LstmClassifier.builtIn(20), wrong, 4, 0);
        assertFalse(result.within(ScratchEquivalence.TOLERANCE), result.line());
    }

    @Test
    void refusesUnitsWhoseParametersDoNotMatch() {
        // a GRU's weights are three times an RNN's: the copy refuses rather than reshapes
        IllegalStateException e = assertThrows(
                IllegalStateException.class,
                () -> ScratchEquivalence.compare("rnn", RnnClassifier.builtIn(20), new ScratchGru(20), 4, 0));
        assertTrue(e.getMessage().contains("l_0_i2h_WEIGHT"), e.getMessage());
    }
}
