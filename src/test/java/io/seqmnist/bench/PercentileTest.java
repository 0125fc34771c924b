package io.seqmnist.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class PercentileTest {

    @Test
    void interpolatesLikeNumpy() {
        double[] values = {7, 1, 3, 10, 5}; // sorted: 1 3 5 7 10
        assertEquals(5, Percentile.of(values, 50), 1e-12);
        assertEquals(1.8, Percentile.of(values, 10), 1e-12); // numpy.percentile(..., 10)
        assertEquals(8.8, Percentile.of(values, 90), 1e-12);
        assertEquals(1, Percentile.of(values, 0), 1e-12);
        assertEquals(10, Percentile.of(values, 100), 1e-12);
        assertEquals(7, values[0], "the input is left unsorted");
    }

    @Test
    void refusesNoValues() {
        assertThrows(IllegalArgumentException.class, () -> Percentile.of(new double[0], 50));
    }
}
