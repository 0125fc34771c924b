package io.seqmnist.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.seqmnist.TestData;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The real MNIST, fetched and verified by the product's own fetch (seqmnist fetch-data). */
class RealMnistTest {

    @Test
    void sizesBatchesAndClasses() {
        Mnist mnist = TestData.realMnist();
        assertEquals(60000, mnist.train().size());
        assertEquals(10000, mnist.test().size());
        assertEquals(60000L * Mnist.PIXELS, mnist.train().pixels().length);
        assertEquals(10000L * Mnist.PIXELS, mnist.test().pixels().length);
        assertEquals(938, EpochSampler.batchesPerEpoch(mnist.train().size(), 64));
        assertEquals(157, EpochSampler.batchesPerEpoch(mnist.test().size(), 64));

        int[] train = mnist.train().classCounts();
        int[] test = mnist.test().classCounts();
        assertEquals(60000, Arrays.stream(train).sum());
        assertEquals(10000, Arrays.stream(test).sum());
        // LeCun's published class counts
        assertArrayEquals(new int[] {5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949}, train);
        assertArrayEquals(new int[] {980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009}, test);

        assertEquals(5, mnist.train().label(0));
        assertEquals(0, mnist.train().label(1));
        assertEquals(7, mnist.test().label(0));
    }
}
