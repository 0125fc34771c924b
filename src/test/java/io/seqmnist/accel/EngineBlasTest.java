package io.seqmnist.accel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.openblas.global.openblas_nolapack;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * libtorch's matrix products run on our OpenBLAS, not on its own oneMKL. oneMKL logs every product it runs when
 * MKL_VERBOSE=1: a fresh JVM that binds the engine's BLAS as the product does and then multiplies with DJL must log
 * none; the same JVM told to keep oneMKL must log them (so the check can fail). Batched products (SGEMM_BATCH) stay
 * with oneMKL on purpose.
 */
@OnLinuxX86
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

    /**
     * The system's OpenBLAS, when installed, serves the engine instead of the bundled one. The "system" library here is
     * a link to the bundled file at a place of the test's choosing, so the test means the same on machines with and
     * without Debian's OpenBLAS.
     */
    @Test
    void theSystemsOpenBlasIsPreferredToTheBundledOne(@TempDir Path dir) throws Exception {
        Path bundled = Path.of(Loader.load(openblas_nolapack.class));
        Path system = Files.createSymbolicLink(dir.resolve("libopenblas.so.0"), bundled);
        String chosen = multiplyInChild("openblas", system);
        assertTrue(chosen.contains("kernels; the system's, " + system + ")"), chosen);
        assertEquals(0, sgemmLines(chosen), chosen);

        String told = multiplyInChild("bundled-openblas", system);
        assertTrue(told.contains("kernels; bundled)"), told);
        assertEquals(0, sgemmLines(told), told);

        String none = multiplyInChild("openblas", dir.resolve("missing.so"));
        assertTrue(none.contains("kernels; bundled)"), none);

        // an OpenMP build is left alone: a second OpenMP runtime beside libtorch's
        Path openMp = Files.createDirectories(dir.resolve("openblas-openmp"));
        Path openMpLibrary = Files.copy(bundled, openMp.resolve("libopenblas.so.0"));
        Path alternative = Files.createSymbolicLink(dir.resolve("libopenblas-alt.so.0"), openMpLibrary);
        String refused = multiplyInChild("openblas", alternative);
        assertTrue(refused.contains("kernels; bundled: " + alternative + " is an OpenMP build)"), refused);
        assertEquals(0, sgemmLines(refused), refused);
    }

    @Test
    void onlyLibtorchsSgemmSlotIsRebound() {
        // the system's OpenBLAS where one is installed, the bundled one elsewhere
        NativeLibrary openBlas = EngineBlas.boundOpenBlas();
        assertTrue(
                EngineBlas.description().contains(openBlas.getFile().getName())
                        || EngineBlas.description().contains("bundled"),
                EngineBlas.description());
        assertEquals(
                Pointer.nativeValue(openBlas.getFunction("sgemm_")),
                PltRebinding.slotValue(EngineBlas.LIBTORCH, "sgemm_"));
        // the batched product keeps libtorch's own (OpenBLAS's crashes when called by libtorch)
        var mapping = PltRebinding.mapping(EngineBlas.LIBTORCH).orElseThrow();
        long batch = PltRebinding.slotValue(EngineBlas.LIBTORCH, "cblas_sgemm_batch");
        assertTrue(batch >= mapping.base() && batch < mapping.end());
        // surprises are refused before anything is written
        assertThrows(
                IllegalStateException.class,
                () -> PltRebinding.rebind(EngineBlas.LIBTORCH, "no_such_function_", openBlas.getFunction("sgemm_")));
        assertThrows(
                IllegalStateException.class,
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
        return ChildOutput.of(
                Multiply.class, List.of("-D" + EngineBlas.PROPERTY + "=" + blas), Map.of("MKL_VERBOSE", "1"));
    }

    private static String multiplyInChild(String blas, Path systemOpenBlas) throws IOException, InterruptedException {
        return ChildOutput.of(
                Multiply.class,
                List.of("-D" + EngineBlas.PROPERTY + "=" + blas, "-D" + SystemOpenBlas.PROPERTY + "=" + systemOpenBlas),
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
                Linear.linear(sequence, manager.randomNormal(new Shape(10, 150)))
                        .head()
                        .toFloatArray();
                sequence.batchMatMul(manager.randomNormal(new Shape(4, 150, 10)))
                        .toFloatArray();
            }
        }
    }
}
