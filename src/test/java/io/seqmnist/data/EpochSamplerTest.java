package io.seqmnist.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.training.dataset.RandomAccessDataset;
import ai.djl.training.dataset.Record;
import ai.djl.util.Progress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Mini-batches of indices: sizes, every index once per epoch, orders from (seed, epoch). */
class EpochSamplerTest {

    /** A dataset of a given size and nothing else: the sampler only asks for the size. */
    private static final class Sized extends RandomAccessDataset {
        private final long size;

        Sized(long size) {
            super(new Builder());
            this.size = size;
        }

        @Override
        public Record get(NDManager manager, long index) {
            throw new UnsupportedOperationException("the sampler must not read records");
        }

        @Override
        protected long availableSize() {
            return size;
        }

        @Override
        public void prepare(Progress progress) {}

        private static final class Builder extends BaseBuilder<Builder> {
            Builder() {
                setSampling(1, false);
            }

            @Override
            protected Builder self() {
                return this;
            }
        }
    }

    private static List<List<Long>> epoch(EpochSampler sampler, int size) {
        List<List<Long>> batches = new ArrayList<>();
        Iterator<List<Long>> it = sampler.sample(new Sized(size));
        it.forEachRemaining(batches::add);
        return batches;
    }

    private static long[] flat(List<List<Long>> batches) {
        return batches.stream().flatMap(List::stream).mapToLong(Long::longValue).toArray();
    }

    @ParameterizedTest
    @CsvSource({
        "60000, 64, 938, 32", // MNIST training set, the assignment's batch size
        "10000, 64, 157, 16", // MNIST test set
        "10000, 1000, 10, 1000",
        "640, 64, 10, 64",
        "641, 64, 11, 1",
        "5, 64, 1, 5",
        "1, 1, 1, 1",
    })
    void batchSizesKeepTheShortLastBatch(int size, int batchSize, int batches, int last) {
        assertEquals(batches, EpochSampler.batchesPerEpoch(size, batchSize));
        for (EpochSampler sampler : List.of(EpochSampler.shuffled(batchSize, 3), EpochSampler.inOrder(batchSize))) {
            List<List<Long>> epoch = epoch(sampler, size);
            assertEquals(batches, epoch.size());
            for (int b = 0; b < batches - 1; b++) {
                assertEquals(batchSize, epoch.get(b).size());
            }
            assertEquals(last, epoch.get(batches - 1).size());
            assertEquals(batchSize, sampler.getBatchSize());
        }
    }

    @Test
    void everyIndexExactlyOncePerEpoch() {
        EpochSampler sampler = EpochSampler.shuffled(64, 7);
        for (int e = 0; e < 3; e++) {
            long[] seen = flat(epoch(sampler, 1000));
            long[] sorted = seen.clone();
            Arrays.sort(sorted);
            for (int i = 0; i < 1000; i++) {
                assertEquals(i, sorted[i], "epoch " + e);
            }
        }
    }

    @Test
    void shuffleIsReproducibleFromSeedAndEpoch() {
        EpochSampler a = EpochSampler.shuffled(32, 42);
        EpochSampler b = EpochSampler.shuffled(32, 42);
        List<long[]> epochsOfA = new ArrayList<>();
        for (int e = 0; e < 3; e++) {
            long[] fromA = flat(epoch(a, 500));
            assertArrayEquals(fromA, flat(epoch(b, 500)), "epoch " + e);
            assertArrayEquals(fromA, a.order(500, e));
            epochsOfA.add(fromA);
        }
        assertEquals(3, a.nextEpoch());
        // A sampler set to epoch 1 (a resumed run) repeats epoch 1 exactly.
        EpochSampler resumed = EpochSampler.shuffled(32, 42);
        resumed.setNextEpoch(1);
        assertArrayEquals(epochsOfA.get(1), flat(epoch(resumed, 500)));
    }

    @Test
    void shuffleDiffersPerEpochAndPerSeed() {
        long[] seed0epoch0 = EpochSampler.shuffled(64, 0).order(1000, 0);
        long[] seed0epoch1 = EpochSampler.shuffled(64, 0).order(1000, 1);
        long[] seed1epoch0 = EpochSampler.shuffled(64, 1).order(1000, 0);
        long[] identity = EpochSampler.inOrder(64).order(1000, 0);
        assertFalse(Arrays.equals(seed0epoch0, seed0epoch1));
        assertFalse(Arrays.equals(seed0epoch0, seed1epoch0));
        assertFalse(Arrays.equals(seed0epoch1, seed1epoch0));
        assertFalse(Arrays.equals(seed0epoch0, identity));
        // not just a rotation or a few swaps: most indices move
        int moved = 0;
        for (int i = 0; i < 1000; i++) {
            moved += seed0epoch0[i] != i ? 1 : 0;
        }
        assertTrue(moved > 900, moved + " of 1000 indices moved");
    }

    @Test
    void inOrderKeepsFileOrderEveryEpoch() {
        EpochSampler sampler = EpochSampler.inOrder(30);
        for (int e = 0; e < 2; e++) {
            long[] seen = flat(epoch(sampler, 100));
            for (int i = 0; i < 100; i++) {
                assertEquals(i, seen[i]);
            }
        }
    }

    @Test
    void batchSizeBelowOneIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> EpochSampler.shuffled(0, 1));
        assertThrows(IllegalArgumentException.class, () -> EpochSampler.inOrder(-3));
    }
}
