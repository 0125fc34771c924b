package io.seqmnist.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

/** Question 1 item 10: the accuracy of a mini-batch from its last-step outputs. */
class AccuracyTest {

    @Test
    void countsArgmaxMatchesAndGivesTheComplementAsError() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray outputs = manager.create(new float[][] {
                {0.1f, 2f, 0f}, // predicts 1
                {3f, 0f, 0f}, // predicts 0
                {0f, 0f, -1f}, // ties resolve to the first: 0
                {0f, 1f, 5f}, // predicts 2
            });
            NDArray labels = manager.create(new long[] {1, 2, 0, 2});
            assertEquals(3, Accuracy.correct(outputs, labels));
            assertEquals(0.75, Accuracy.of(outputs, labels), 1e-12);
            assertEquals(0.25, Accuracy.error(outputs, labels), 1e-12);
        }
    }

    @Test
    void aShortBatchIsDividedByItsOwnSize() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray outputs = manager.create(new float[][] {{1f, 0f}, {1f, 0f}});
            NDArray labels = manager.create(new long[] {0, 1});
            assertEquals(0.5, Accuracy.of(outputs, labels), 1e-12); // not 1/64
        }
    }

    @Test
    void agreesWithTheEnginesArgmaxOnRandomOutputsAndOtherLabelTypes() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray outputs = manager.randomNormal(new Shape(500, 10));
            NDArray labels = manager.randomInteger(0, 10, new Shape(500), DataType.INT32);
            long expected = outputs.argMax(1)
                    .eq(labels.toType(DataType.INT64, true))
                    .countNonzero()
                    .getLong();
            assertEquals(expected, Accuracy.correct(outputs, labels));
            assertEquals(
                    expected,
                    Accuracy.correct(outputs.toType(DataType.FLOAT64, true), labels.toType(DataType.INT64, true)));
        }
    }
}
