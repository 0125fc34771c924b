package io.seqmnist.data;

import ai.djl.training.dataset.RandomAccessDataset;
import ai.djl.training.dataset.Sampler;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;

/**
 * DJL sampler that hands out mini-batches of indices, the last one short when the size is not a multiple of the batch
 * size. When shuffling, epoch e's order is a function of (seed, e) alone, so a run resumed at epoch e sees exactly the
 * batches the uninterrupted run saw.
 */
public final class EpochSampler implements Sampler {

    private final int batchSize;
    private final boolean shuffle;
    private final long seed;
    private int nextEpoch;
    private int skipBatches;

    private EpochSampler(int batchSize, boolean shuffle, long seed) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be at least 1: " + batchSize);
        }
        this.batchSize = batchSize;
        this.shuffle = shuffle;
        this.seed = seed;
    }

    /** A new order every epoch, drawn from the seed and the epoch number. */
    public static EpochSampler shuffled(int batchSize, long seed) {
        return new EpochSampler(batchSize, true, seed);
    }

    /** Always in file order (for evaluation). */
    public static EpochSampler inOrder(int batchSize) {
        return new EpochSampler(batchSize, false, 0);
    }

    /** The epoch (0-based) whose order the next call to {@link #sample} produces. */
    public void setNextEpoch(int epoch) {
        setNextEpoch(epoch, 0);
    }

    /**
     * The epoch (0-based) whose order the next call to {@link #sample} produces, from its batch {@code firstBatch}
     * (0-based) on: the rest of an epoch a run was stopped in. Later epochs start at their first batch.
     */
    public void setNextEpoch(int epoch, int firstBatch) {
        if (firstBatch < 0) {
            throw new IllegalArgumentException("first batch: " + firstBatch);
        }
        this.nextEpoch = epoch;
        this.skipBatches = firstBatch;
    }

    public int nextEpoch() {
        return nextEpoch;
    }

    /** The order of all indices in the given epoch. */
    public long[] order(int size, int epoch) {
        long[] order = new long[size];
        for (int i = 0; i < size; i++) {
            order[i] = i;
        }
        if (shuffle) {
            Random random = new Random(seed * 1_000_003L + epoch);
            for (int i = size - 1; i > 0; i--) { // Fisher-Yates
                int j = random.nextInt(i + 1);
                long t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
        }
        return order;
    }

    @Override
    public Iterator<List<Long>> sample(RandomAccessDataset dataset) {
        long[] order = order(Math.toIntExact(dataset.size()), nextEpoch++);
        List<List<Long>> batches = new ArrayList<>();
        long skip = (long) skipBatches * batchSize;
        skipBatches = 0;
        for (int from = (int) Math.min(order.length, skip); from < order.length; from += batchSize) {
            int to = Math.min(order.length, from + batchSize);
            List<Long> batch = new ArrayList<>(to - from);
            for (int i = from; i < to; i++) {
                batch.add(order[i]);
            }
            batches.add(batch);
        }
        return batches.iterator();
    }

    @Override
    public int getBatchSize() {
        return batchSize;
    }

    /** Mini-batches per epoch, counting the short last one. */
    public static long batchesPerEpoch(long size, int batchSize) {
        return (size + batchSize - 1) / batchSize;
    }
}
