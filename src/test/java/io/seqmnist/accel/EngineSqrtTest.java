package io.seqmnist.accel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** EngineSqrt gives libtorch's square root bit for bit, where Java's differs. */
@OnLinuxX86
class EngineSqrtTest {

    @Test
    void givesTheEnginesBitsWhereJavasSqrtDiffers() {
        EngineBlas.install(); // the kernels the product runs on
        int n = 20_011; // not a multiple of any vector width: the tail counts too
        float[] values = new float[n];
        Random random = new Random(3);
        for (int i = 0; i < n; i++) {
            values[i] = (float) (Math.abs(random.nextGaussian()) * Math.pow(10, -random.nextInt(12)));
        }
        values[0] = 0;
        float[] engine;
        try (NDManager manager = NDManager.newBaseManager();
                NDArray array = manager.create(values)) {
            engine = array.sqrt().toFloatArray();
        }
        FloatBuffer in = direct(n + 5).position(5);
        in.put(values).position(5); // from a position other than 0: JNA passes the position on
        FloatBuffer out = direct(n + 2).position(2);
        EngineSqrt.sqrt(in, out, n);
        float[] ours = new float[n];
        out.position(2).get(ours);
        assertArrayEquals(engine, ours);

        int differ = 0;
        for (int i = 0; i < n; i++) {
            differ += (float) Math.sqrt(values[i]) != engine[i] ? 1 : 0;
        }
        assertTrue(
                differ > 0,
                "Java's correctly rounded sqrt matched every value: the engine's"
                        + " square root is no longer oneMKL's and this binding may be unnecessary");
    }

    @Test
    void refusesMoreValuesThanTheBuffersHold() {
        FloatBuffer in = direct(10).position(4);
        assertThrows(IllegalArgumentException.class, () -> EngineSqrt.sqrt(in, direct(10), 7));
        assertThrows(IllegalArgumentException.class, () -> EngineSqrt.sqrt(FloatBuffer.allocate(10), direct(10), 5));
    }

    private static FloatBuffer direct(int n) {
        return ByteBuffer.allocateDirect(Float.BYTES * n)
                .order(ByteOrder.nativeOrder())
                .asFloatBuffer();
    }
}
