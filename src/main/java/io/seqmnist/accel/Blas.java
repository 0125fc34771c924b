package io.seqmnist.accel;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import org.bytedeco.openblas.global.openblas_nolapack;

/**
 * Row-major single-precision matrix products on OpenBLAS, over direct buffers, which OpenBLAS reads and writes in
 * place. One thread, like the engine. They run on the OpenBLAS libtorch's products were bound to (the system's when one
 * is installed, whose packing routines are 1.8 times faster than the bundled build's: bench/README.md), through JNA's
 * direct mapping; on the bundled build through JavaCPP when libtorch keeps oneMKL.
 */
final class Blas {

    /** cblas of the OpenBLAS bound to libtorch, registered below when there is one. */
    private static final class Bound {
        static native void cblas_sgemm(
                int order,
                int transA,
                int transB,
                int m,
                int n,
                int k,
                float alpha,
                FloatBuffer a,
                int lda,
                FloatBuffer b,
                int ldb,
                float beta,
                FloatBuffer c,
                int ldc);

        static native void cblas_sgemv(
                int order,
                int trans,
                int m,
                int n,
                float alpha,
                FloatBuffer a,
                int lda,
                FloatBuffer x,
                int incX,
                float beta,
                FloatBuffer y,
                int incY);
    }

    private static final boolean BOUND;

    static {
        NativeLibrary engines = EngineBlas.boundOpenBlas();
        if (engines != null) {
            Native.register(Bound.class, engines);
        }
        BOUND = engines != null;
    }

    private Blas() {}

    /**
     * C = alpha * op(A) op(B) + beta * C, where op(A) is m x k, op(B) is k x n and C is m x n; {@code a}, {@code b},
     * {@code c} start at the matrices' first elements.
     */
    static void gemm(
            boolean transA,
            boolean transB,
            int m,
            int n,
            int k,
            float alpha,
            FloatBuffer a,
            int lda,
            FloatBuffer b,
            int ldb,
            float beta,
            FloatBuffer c,
            int ldc) {
        int opA = transA ? openblas_nolapack.CblasTrans : openblas_nolapack.CblasNoTrans;
        int opB = transB ? openblas_nolapack.CblasTrans : openblas_nolapack.CblasNoTrans;
        if (BOUND) {
            Bound.cblas_sgemm(openblas_nolapack.CblasRowMajor, opA, opB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
        } else {
            openblas_nolapack.cblas_sgemm(
                    openblas_nolapack.CblasRowMajor, opA, opB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
        }
    }

    /** sums[j] = sum over the rows i of m[i][j], for an m of {@code rows} x {@code cols}. */
    static void columnSums(int rows, int cols, FloatBuffer m, FloatBuffer ones, FloatBuffer sums) {
        if (BOUND) {
            Bound.cblas_sgemv(
                    openblas_nolapack.CblasRowMajor,
                    openblas_nolapack.CblasTrans,
                    rows,
                    cols,
                    1,
                    m,
                    cols,
                    ones,
                    1,
                    0,
                    sums,
                    1);
        } else {
            openblas_nolapack.cblas_sgemv(
                    openblas_nolapack.CblasRowMajor,
                    openblas_nolapack.CblasTrans,
                    rows,
                    cols,
                    1,
                    m,
                    cols,
                    ones,
                    1,
                    0,
                    sums,
                    1);
        }
    }

    /** A direct buffer of {@code size} floats in native order. */
    static FloatBuffer allocate(int size) {
        return ByteBuffer.allocateDirect(size * Float.BYTES)
                .order(ByteOrder.nativeOrder())
                .asFloatBuffer();
    }

    /** The {@code length} floats from {@code offset} on, as a buffer OpenBLAS starts at. */
    static FloatBuffer at(FloatBuffer buffer, int offset, int length) {
        return buffer.slice(offset, length);
    }
}
