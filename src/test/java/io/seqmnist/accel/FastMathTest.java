package io.seqmnist.accel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class FastMathTest {

    @Test
    void tanhAndSigmoidAreWithinAFewUlpsOfMath() {
        double worstTanh = 0;
        double worstSigmoid = 0;
        for (int i = -2_000_000; i <= 2_000_000; i++) {
            float x = i * 1e-5f; // -20 .. 20
            worstTanh = Math.max(worstTanh, Math.abs(FastMath.tanh(x) - Math.tanh(x)));
            double sigmoid = 1 / (1 + Math.exp(-x));
            worstSigmoid = Math.max(worstSigmoid, Math.abs(FastMath.sigmoid(x) - sigmoid));
        }
        assertTrue(worstTanh < 5e-7, "tanh off by " + worstTanh);
        assertTrue(worstSigmoid < 5e-7, "sigmoid off by " + worstSigmoid);
        assertEquals(1f, FastMath.tanh(1e30f));
        assertEquals(-1f, FastMath.tanh(Float.NEGATIVE_INFINITY));
        assertEquals(0f, FastMath.tanh(0f));
    }
}
