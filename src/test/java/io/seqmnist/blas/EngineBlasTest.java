package io.seqmnist.blas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;
import com.sun.jna.Library;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.openblas.global.openblas_nolapack;
import org.junit.jupiter.api.Test;

/**
 * libtorch's matrix products run on our OpenBLAS, not on its own oneMKL. oneMKL logs every
 * product it runs when MKL_VERBOSE=1: a fresh JVM that binds the engine's BLAS as the product
 * does and then multiplies with DJL must log none; the same JVM told to keep oneMKL must log
 * them (so the check can fail). Batched products (SGEMM_BATCH) stay with oneMKL on purpose.
 */
class EngineBlasTest {

    @Test
    void theEngineMultipliesWithOpenBlasNotOneMkl() throws Exception {
        String openBlas = multiplyInChild("openblas");
        assertTrue(openBlas.contains("blas: OpenBLAS"), openBlas);
        assertEquals(0, sgemmLines(openBlas), openBlas);

        String mkl = multiplyInChild("mkl");
        assertTrue(mkl.contains("blas: oneMKL"), mkl);
        assertTrue(sgemmLines(mkl) >= 2, mkl); // the product and the transposed one
    }

    @Test
    void onlyLibtorchsSgemmSlotIsRebound() {
        EngineBlas.install();
        NativeLibrary openBlas = NativeLibrary.getInstance(
                Loader.load(openblas_nolapack.class), Map.of(Library.OPTION_OPEN_FLAGS, 1));
        assertEquals(Pointer.nativeValue(openBlas.getFunction("sgemm_")),
                PltRebinding.slotValue(EngineBlas.LIBTORCH, "sgemm_"));
        // the batched product keeps libtorch's own (OpenBLAS's crashes when called by libtorch)
        var mapping = PltRebinding.mapping(EngineBlas.LIBTORCH).orElseThrow();
        long batch = PltRebinding.slotValue(EngineBlas.LIBTORCH, "cblas_sgemm_batch");
        assertTrue(batch >= mapping.base() && batch < mapping.end());
        // surprises are refused before anything is written
        assertThrows(IllegalStateException.class,
                () -> PltRebinding.rebind(EngineBlas.LIBTORCH, "no_such_function_", openBlas.getFunction("sgemm_")));
        assertThrows(IllegalStateException.class,
                () -> PltRebinding.rebind("libnot-loaded.so", "sgemm_", openBlas.getFunction("sgemm_")));
    }

    @Test
    void installingTwiceKeepsTheFirstChoice() {
        EngineBlas.install();
        String first = EngineBlas.description();
        EngineBlas.install();
        assertEquals(first, EngineBlas.description());
    }

    private static long sgemmLines(String log) {
        return log.lines().filter(line -> line.startsWith("MKL_VERBOSE SGEMM(")).count();
    }

    private static String multiplyInChild(String blas) throws IOException, InterruptedException {
        return ChildOutput.of(Multiply.class, List.of("-D" + EngineBlas.PROPERTY + "=" + blas),
                Map.of("MKL_VERBOSE", "1"));
    }

    /** The child: bind as Main does, then two products like a linear layer's. */
    public static final class Multiply {
        public static void main(String[] args) {
            EngineBlas.install();
            System.out.println("blas: " + EngineBlas.description());
            try (NDManager manager = NDManager.newBaseManager()) {
                var x = manager.randomNormal(new Shape(64, 150));
                var w = manager.randomNormal(new Shape(150, 150));
                x.matMul(w).toFloatArray();
                x.matMul(w.transpose()).toFloatArray();
                // a linear layer on a (batch, rows, features) view and a batched product: they
                // go through libtorch's batched gemm, which must keep working
                var sequence = manager.randomNormal(new Shape(4, 150, 28)).transpose(0, 2, 1);
                Linear.linear(sequence, manager.randomNormal(new Shape(10, 150))).head().toFloatArray();
                sequence.batchMatMul(manager.randomNormal(new Shape(4, 150, 10))).toFloatArray();
            }
        }
    }
}
