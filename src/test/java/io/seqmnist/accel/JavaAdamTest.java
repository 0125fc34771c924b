package io.seqmnist.accel;

import ai.djl.training.tracker.Tracker;
import io.seqmnist.train.AdamTrials;
import org.junit.jupiter.api.Test;

/** The accelerator's Adam, computed in Java, gives DJL's Adam's bits, step after step. */
@OnLinuxX86
class JavaAdamTest {

    @Test
    void trainsBitIdenticallyToDjlsAdam() throws Exception {
        AdamTrials.assertTrainsAsDjlsAdam(new JavaAdam(Tracker.fixed(AdamTrials.LR), 0));
    }
}
