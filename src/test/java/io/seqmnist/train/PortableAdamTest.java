package io.seqmnist.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import ai.djl.training.tracker.Tracker;
import org.junit.jupiter.api.Test;

class PortableAdamTest {

    /**
     * DJL's own engine update: DJL's Adam's bits on whatever platform this runs, at a constant rate and under a
     * schedule with weight decay.
     */
    @Test
    void trainsBitIdenticallyToDjlsAdam() throws Exception {
        AdamTrials.assertTrainsAsDjlsAdam(PortableAdam::new);
    }

    /** Moments set before the first update (a restored checkpoint) read back as they were set. */
    @Test
    void restoredMomentsReadBackBeforeTheFirstUpdate() {
        PortableAdam adam = new PortableAdam(Tracker.fixed(AdamTrials.LR), 12, 0);
        assertNull(adam.mean("w"));
        adam.setMoments("w", new float[] {1, 2}, new float[] {3, 4});
        assertArrayEquals(new float[] {1, 2}, adam.mean("w"));
        assertArrayEquals(new float[] {3, 4}, adam.variance("w"));
    }
}
