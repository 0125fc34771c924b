package io.seqmnist.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.training.dataset.Batch;
import ai.djl.translate.TranslateException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A split in the engine: (N, 28, 28) floats equal to pixel / 255, int64 labels, DJL batches. */
class SequenceBatchesTest {

    private static final int SIZE = 150;
    private static NDManager manager;
    private static Mnist.Split split;

    /** Image i carries its own index in its first two pixels, so a batch says which images it holds. */
    @BeforeAll
    static void setUp() {
        manager = NDManager.newBaseManager();
        byte[] pixels = new byte[SIZE * Mnist.PIXELS];
        new Random(5).nextBytes(pixels);
        byte[] labels = new byte[SIZE];
        for (int i = 0; i < SIZE; i++) {
            pixels[i * Mnist.PIXELS] = (byte) (i % 256);
            pixels[i * Mnist.PIXELS + 1] = (byte) (i / 256);
            labels[i] = (byte) (i % 10);
        }
        pixels[2] = 0; // the extremes of the scale
        pixels[3] = (byte) 255;
        split = new Mnist.Split(pixels, labels);
    }

    @AfterAll
    static void tearDown() {
        manager.close();
    }

    private static int indexOf(float[] image) {
        return Math.round(image[0] * 255) + 256 * Math.round(image[1] * 255);
    }

    @Test
    void imagesAreSequencesOfRowsScaledToUnitInterval() {
        try (NDManager m = manager.newSubManager()) {
            NDArray x = SequenceBatches.images(m, split);
            assertEquals(new Shape(SIZE, 28, 28), x.getShape());
            assertEquals(DataType.FLOAT32, x.getDataType());
            float[] values = x.toFloatArray();
            for (int i = 0; i < values.length; i++) {
                assertEquals(Byte.toUnsignedInt(split.pixels()[i]) / 255f, values[i], 0f, "pixel " + i);
            }
            assertEquals(0f, x.min().getFloat());
            assertEquals(1f, x.max().getFloat());
            // x[n, t, :] is row t of image n: the input at time step t
            assertEquals(split.pixel(9, 13, 4) / 255f, x.get(9, 13, 4).getFloat(), 0f);
        }
    }

    @Test
    void labelsAreInt64() {
        try (NDManager m = manager.newSubManager()) {
            NDArray y = SequenceBatches.labels(m, split);
            assertEquals(new Shape(SIZE), y.getShape());
            assertEquals(DataType.INT64, y.getDataType());
            long[] labels = y.toLongArray();
            for (int i = 0; i < SIZE; i++) {
                assertEquals(split.label(i), labels[i]);
            }
        }
    }

    /** The images of one epoch's batches, in the order served, checked against their labels. */
    private static List<Integer> epoch(ArrayDataset dataset, int batchSize, NDManager m)
            throws IOException, TranslateException {
        List<Integer> served = new ArrayList<>();
        int batches = 0;
        for (Batch batch : dataset.getData(m)) {
            try (batch) {
                NDArray x = batch.getData().singletonOrThrow();
                NDArray y = batch.getLabels().singletonOrThrow();
                long b = x.getShape().get(0);
                assertEquals(new Shape(b, 28, 28), x.getShape());
                assertEquals(new Shape(b), y.getShape());
                assertEquals(DataType.INT64, y.getDataType());
                long[] labels = y.toLongArray();
                for (int i = 0; i < b; i++) {
                    int index = indexOf(x.get(i).toFloatArray());
                    assertEquals(split.label(index), labels[i]);
                    served.add(index);
                }
                batches++;
                assertEquals(
                        batches < EpochSampler.batchesPerEpoch(SIZE, batchSize)
                                ? batchSize
                                : SIZE - (batches - 1) * batchSize,
                        b);
            }
        }
        assertEquals(EpochSampler.batchesPerEpoch(SIZE, batchSize), batches);
        return served;
    }

    private static List<Integer> asList(long[] order) {
        List<Integer> list = new ArrayList<>();
        for (long i : order) {
            list.add((int) i);
        }
        return list;
    }

    @Test
    void trainingBatchesFollowTheSamplerEpochByEpoch() throws IOException, TranslateException {
        try (NDManager m = manager.newSubManager()) {
            EpochSampler sampler = EpochSampler.shuffled(64, 9);
            ArrayDataset dataset = SequenceBatches.training(m, split, sampler);
            List<Integer> first = epoch(dataset, 64, m);
            List<Integer> second = epoch(dataset, 64, m);
            assertEquals(asList(sampler.order(SIZE, 0)), first);
            assertEquals(asList(sampler.order(SIZE, 1)), second);
            assertFalse(first.equals(second));
            assertArrayEquals(
                    first.stream().sorted().toArray(), second.stream().sorted().toArray());
            assertEquals(SIZE, first.stream().distinct().count()); // every image once
        }
    }

    @Test
    void evaluationBatchesAreInFileOrder() throws IOException, TranslateException {
        try (NDManager m = manager.newSubManager()) {
            List<Integer> served = epoch(SequenceBatches.inOrder(m, split, 40), 40, m);
            assertEquals(asList(EpochSampler.inOrder(40).order(SIZE, 0)), served);
        }
    }

    @Test
    void aBatchGatheredByRowsEqualsDjlsOwnGather() {
        try (NDManager m = manager.newSubManager()) {
            ArrayDataset ours = SequenceBatches.training(m, split, EpochSampler.shuffled(7, 3));
            ArrayDataset djl = new ArrayDataset.Builder()
                    .setData(SequenceBatches.images(m, split))
                    .optLabels(SequenceBatches.labels(m, split))
                    .setSampling(7, false)
                    .build();
            long[] indices = {149, 0, 17, 17, 88, 3, 120};
            try (Batch a = ours.getByIndices(m.newSubManager(), indices);
                    Batch b = djl.getByIndices(m.newSubManager(), indices)) {
                assertEquals(new Shape(7, 28, 28), a.getData().head().getShape());
                assertEquals(b.getData().head().getShape(), a.getData().head().getShape());
                assertArrayEquals(
                        b.getData().head().toFloatArray(), a.getData().head().toFloatArray());
                assertEquals(new Shape(7), a.getLabels().head().getShape());
                assertEquals(DataType.INT64, a.getLabels().head().getDataType());
                assertArrayEquals(
                        b.getLabels().head().toLongArray(), a.getLabels().head().toLongArray());
                assertEquals(149, indexOf(a.getData().head().get(0).toFloatArray()));
                assertEquals(7, a.getSize());
            }
        }
    }

    @Test
    void aTrainingBatchMustBeClosedBeforeTheNextIsServed() {
        try (NDManager m = manager.newSubManager()) {
            ArrayDataset ours = SequenceBatches.training(m, split, EpochSampler.shuffled(3, 1));
            try (Batch first = ours.getByIndices(m.newSubManager(), 5, 9, 2)) {
                IllegalStateException e =
                        assertThrows(IllegalStateException.class, () -> ours.getByIndices(m.newSubManager(), 1, 2, 3));
                assertTrue(e.getMessage().contains("close a batch"), e.getMessage());
                assertEquals(9, indexOf(first.getData().head().get(1).toFloatArray()));
            }
            try (Batch next = ours.getByIndices(m.newSubManager(), 1, 2, 3)) { // the same slot
                assertEquals(2, indexOf(next.getData().head().get(1).toFloatArray()));
                assertArrayEquals(
                        new long[] {split.label(1), split.label(2), split.label(3)},
                        next.getLabels().head().toLongArray());
            }
        }
    }
}
