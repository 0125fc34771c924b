package io.seqmnist.accel;

import io.seqmnist.train.AdamTrials;
import io.seqmnist.train.PortableAdam;
import org.junit.jupiter.api.Test;

/**
 * The accelerator's Adam, computed in Java, gives DJL's Adam's bits, step after step (at a constant rate, and under a
 * schedule with weight decay), and the portable Adam's under global-norm clipping too.
 */
@OnLinuxX86
class JavaAdamTest {

    @Test
    void trainsBitIdenticallyToDjlsAdam() throws Exception {
        AdamTrials.assertTrainsAsDjlsAdam(JavaAdam::new);
    }

    @Test
    void trainsBitIdenticallyToThePortableAdamUnderClipping() throws Exception {
        AdamTrials.assertSameBitsUnderClipping(JavaAdam::new, PortableAdam::new);
    }
}
