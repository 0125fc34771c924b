package io.seqmnist.accel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * libtorch's oneMKL computes tanh on the processor's widest kernels once the engine is set up as the product sets it
 * up, checked in fresh JVMs (oneMKL fixes its choice at its first vector function): it reports the kernel set it uses,
 * the values stay right, and a choice exported by the user wins (so the check can fail).
 */
@OnLinuxX86
class VectorMathTest {

    @Test
    void tanhRunsOnTheWidestKernelsOfThisProcessor() throws Exception {
        int expected = VectorMath.widestKernels(VectorMath.cpuFlags());
        String log = tanhInChild(null);
        if (expected > 0) {
            assertTrue(log.contains("kernels: " + expected + "\n"), log);
        }
        assertTrue(log.contains("tanh ok"), log);
    }

    @Test
    void theWidestKernelsFollowTheProcessorsFlags() {
        assertEquals(
                VectorMath.AVX512,
                VectorMath.widestKernels(
                        Set.of("avx512f", "avx512cd", "avx512bw", "avx512dq", "avx512vl", "avx2", "fma")));
        assertEquals(VectorMath.AVX2, VectorMath.widestKernels(Set.of("avx512f", "avx2", "fma")));
        assertEquals(-1, VectorMath.widestKernels(Set.of("sse4_2", "avx2")));
    }

    @Test
    void aChoiceInTheEnvironmentWins() throws Exception {
        String log = tanhInChild("0");
        assertTrue(log.contains("kernels: 0\n"), log);
        assertTrue(log.contains(VectorMath.VARIABLE + "=0 from the environment"), log);
        assertTrue(log.contains("tanh ok"), log);
    }

    private static String tanhInChild(String variable) throws IOException, InterruptedException {
        Map<String, String> environment = new HashMap<>();
        environment.put(VectorMath.VARIABLE, variable); // null: not set at all
        return ChildOutput.of(Tanh.class, List.of(), environment);
    }

    /** The child: set up as Main does, compute a tanh big enough for oneMKL, report. */
    public static final class Tanh {
        public static void main(String[] args) {
            EngineBlas.install();
            System.out.println("vector math: " + EngineBlas.vectorMath());
            try (NDManager manager = NDManager.newBaseManager()) {
                float[] x = new float[64 * 150];
                for (int i = 0; i < x.length; i++) {
                    x[i] = (i - x.length / 2) / 1000f;
                }
                NDArray y = manager.create(x).tanh();
                float[] got = y.toFloatArray();
                double worst = 0;
                for (int i = 0; i < x.length; i++) {
                    worst = Math.max(worst, Math.abs(got[i] - Math.tanh(x[i])));
                }
                System.out.println("kernels: " + VectorMath.inUse());
                System.out.println(worst < 1e-6 ? "tanh ok" : "tanh off by " + worst);
            }
        }
    }
}
