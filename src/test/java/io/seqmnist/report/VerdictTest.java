package io.seqmnist.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class VerdictTest {

    // a 0.12-point gap with standard deviations of 0.12 and 0.11 over 3 seeds
    private static final double[] GRU = {0.9858, 0.9870, 0.9882};
    private static final double[] LSTM = {0.9847, 0.9858, 0.9869};

    @Test
    void aGapWithinTheSeedsSpreadIsNotARanking() {
        assertEquals(0.0012, Stats.of(GRU).mean() - Stats.of(LSTM).mean(), 1e-9);
        assertEquals(0.0012, Stats.of(GRU).sd(), 1e-9);
        assertEquals(0.0011, Stats.of(LSTM).sd(), 1e-9);
        assertFalse(Verdict.distinguishable(GRU, LSTM));
        String headline = Verdict.headline(List.of(new Verdict.Entry("lstm", LSTM), new Verdict.Entry("gru", GRU)));
        assertTrue(headline.startsWith("**gru and lstm are not distinguishable over 3 seeds**"), headline);
        assertFalse(headline.contains("won") || headline.contains("ahead"), headline);
    }

    @Test
    void aGapFarBeyondTheSpreadGivesAnOrder() {
        double[] rnn = {0.9658, 0.9670, 0.9678}; // 2 points below the gru, sd 0.1
        assertTrue(Verdict.pValue(GRU, rnn) < 0.001);
        List<Verdict.Entry> entries =
                List.of(new Verdict.Entry("rnn", rnn), new Verdict.Entry("gru", GRU), new Verdict.Entry("lstm", LSTM));
        assertEquals("gru 98.70% ± 0.12 ≈ lstm 98.58% ± 0.11 > rnn 96.69% ± 0.10", Verdict.ranking(entries));
        String headline = Verdict.headline(List.of(new Verdict.Entry("gru", GRU), new Verdict.Entry("rnn", rnn)));
        assertTrue(headline.startsWith("**gru is ahead**"), headline);
        assertTrue(headline.contains("2.01 points above rnn"), headline);
        assertTrue(headline.contains("p < 0.001"), headline);
    }

    @Test
    void oneSeedDrawsNoRanking() {
        String headline = Verdict.headline(List.of(
                new Verdict.Entry("gru", new double[] {0.9854}), new Verdict.Entry("lstm", new double[] {0.986})));
        assertTrue(headline.startsWith("**one seed: no ranking can be drawn**; lstm scored 98.60%"), headline);
        assertEquals(
                "lstm 98.60% ≈ gru 98.54%",
                Verdict.ranking(List.of(
                        new Verdict.Entry("gru", new double[] {0.9854}),
                        new Verdict.Entry("lstm", new double[] {0.986}))));
    }
}
