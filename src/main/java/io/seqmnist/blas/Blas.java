package io.seqmnist.blas;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import org.bytedeco.openblas.global.openblas_nolapack;

/**
 * Row-major single-precision matrix products on OpenBLAS (JavaCPP's binding), over direct
 * buffers, which OpenBLAS reads and writes in place. One thread, like the engine.
 */
final class Blas {

    static {
        EngineBlas.install(); // sets OpenBLAS's threads to the engine's, once for both users
    }

    private Blas() {}

    /**
     * C = alpha * op(A) op(B) + beta * C, where op(A) is m x k, op(B) is k x n and C is m x n;
     * {@code a}, {@code b}, {@code c} start at the matrices' first elements.
     */
    static void gemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
            FloatBuffer a, int lda, FloatBuffer b, int ldb, float beta, FloatBuffer c, int ldc) {
        openblas_nolapack.cblas_sgemm(openblas_nolapack.CblasRowMajor,
                transA ? openblas_nolapack.CblasTrans : openblas_nolapack.CblasNoTrans,
                transB ? openblas_nolapack.CblasTrans : openblas_nolapack.CblasNoTrans,
                m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
    }

    /** sums[j] = sum over the rows i of m[i][j], for an m of {@code rows} x {@code cols}. */
    static void columnSums(int rows, int cols, FloatBuffer m, FloatBuffer ones, FloatBuffer sums) {
        openblas_nolapack.cblas_sgemv(openblas_nolapack.CblasRowMajor,
                openblas_nolapack.CblasTrans, rows, cols, 1, m, cols, ones, 1, 0, sums, 1);
    }

    /** A direct buffer of {@code size} floats in native order. */
    static FloatBuffer allocate(int size) {
        return ByteBuffer.allocateDirect(size * Float.BYTES).order(ByteOrder.nativeOrder())
                .asFloatBuffer();
    }

    /** The {@code length} floats from {@code offset} on, as a buffer OpenBLAS starts at. */
    static FloatBuffer at(FloatBuffer buffer, int offset, int length) {
        return buffer.slice(offset, length);
    }
}
