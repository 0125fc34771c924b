package io.seqmnist.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.training.tracker.Tracker;
import io.seqmnist.experiment.RunFixtures;
import org.junit.jupiter.api.Test;

/**
 * The schedules by update count, t = 1 for the first update as DJL's optimizers count: where they start, peak and end.
 * A resumed run continues counting from the updates it made, so these values are all it needs to continue on the same
 * curve.
 */
class LrScheduleTest {

    private static final float PEAK = 3e-3f;

    @Test
    void constantIsThePeakThroughout() {
        Tracker t = LrSchedule.CONSTANT.tracker(PEAK, 0, 100);
        for (int u = 1; u <= 100; u++) {
            assertEquals(PEAK, t.getNewValue(u), 0f);
        }
    }

    @Test
    void cosineFallsFromThePeakToZeroAtTheLastUpdate() {
        Tracker t = LrSchedule.COSINE.tracker(PEAK, 0, 100);
        assertEquals(PEAK * (1 + Math.cos(Math.PI / 100)) / 2, t.getNewValue(1), 1e-9);
        assertEquals(PEAK / 2, t.getNewValue(50), 1e-9);
        assertEquals(0f, t.getNewValue(100), 0f);
        for (int u = 2; u <= 100; u++) {
            assertTrue(t.getNewValue(u) <= t.getNewValue(u - 1), "falls at " + u);
        }
    }

    @Test
    void cosineWithWarmUpClimbsInAStraightLineThenFalls() {
        Tracker t = LrSchedule.COSINE.tracker(PEAK, 10, 100);
        assertEquals(PEAK / 10, t.getNewValue(1), 1e-9);
        assertEquals(PEAK / 2, t.getNewValue(5), 1e-9);
        assertEquals(PEAK, t.getNewValue(10), 0f);
        assertEquals(PEAK / 2, t.getNewValue(55), 1e-9); // half-way through the 90 updates after
        assertEquals(0f, t.getNewValue(100), 0f);
    }

    @Test
    void oneCycleRisesFromAPeakOver25ThenFallsToZero() {
        Tracker t = LrSchedule.ONECYCLE.tracker(PEAK, 30, 100);
        assertEquals(PEAK / 25, t.getNewValue(0), 1e-9);
        assertEquals(PEAK, t.getNewValue(30), 0f);
        assertEquals(PEAK / 2, t.getNewValue(65), 1e-8); // half-way down the 70 updates
        assertEquals(0f, t.getNewValue(100), 0f);
        for (int u = 1; u <= 100; u++) {
            assertTrue(t.getNewValue(u) >= 0, "never below 0, at " + u);
        }
        assertEquals(3.0, LrSchedule.ONECYCLE.defaultWarmupEpochs(10), 1e-12);
        assertEquals(0.0, LrSchedule.COSINE.defaultWarmupEpochs(10), 0);
    }

    /** A run lays its schedule over its own updates: epochs times batches per epoch. */
    @Test
    void aRunsScheduleSpansItsUpdates() {
        TrainConfig config = RunFixtures.config("rnn", 4, 32, 0.002f)
                .with(c -> c.optimization = new TrainConfig.Optimization(LrSchedule.COSINE, 0.002f, 0.5, 0, 0));
        Tracker t = Training.learningRates(config.optimization(), config.epochs(), 20); // 80 updates, 10 of warm-up
        assertEquals(0.002f, t.getNewValue(10), 0f);
        assertEquals(0.002f / 2, t.getNewValue(45), 1e-9);
        assertEquals(0f, t.getNewValue(80), 0f);
    }
}
