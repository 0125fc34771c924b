package io.seqmnist.accel;

import ai.djl.engine.Engine;
import com.sun.jna.Native;
import java.nio.FloatBuffer;

/**
 * libtorch's own square root of float arrays, for updates computed outside the engine that must give the engine's bits
 * ({@link JavaAdam}). libtorch computes {@code sqrt} of a float tensor with oneMKL's {@code vmsSqrt}, in the mode
 * ATen's {@code cpu/vml.h} passes; that is not the correctly rounded square root of Java's {@code Math.sqrt} (here 679
 * of 100,003 values differed on the AVX-512 kernels, 17,066 on the generic ones), so the same function is called here,
 * in the same process, on whichever kernels oneMKL chose ({@link VectorMath}).
 */
final class EngineSqrt {

    // VML_HA | VML_FTZDAZ_OFF | VML_ERRMODE_IGNORE (mkl_vml_defines.h), as ATen's cpu/vml.h calls it
    private static final long ATEN_MODE = 0x2 | 0x140000 | 0x100;

    static {
        Engine.getEngine("PyTorch"); // loads libtorch
        Native.register(EngineSqrt.class, EngineBlas.libtorch());
    }

    private EngineSqrt() {}

    /**
     * out[i] = sqrt(in[i]) for the n values from each buffer's position, as libtorch's {@code sqrt} computes them.
     * Direct buffers: JNA would copy a whole Java array in and out on every call (37 us for 67,500 floats).
     */
    static void sqrt(FloatBuffer in, FloatBuffer out, int n) {
        if (!in.isDirect() || !out.isDirect()) {
            throw new IllegalArgumentException("direct buffers expected");
        }
        if (n > Math.min(in.remaining(), out.remaining())) {
            throw new IllegalArgumentException(
                    n + " values asked of buffers with " + in.remaining() + " and " + out.remaining() + " left");
        }
        vmsSqrt(n, in, out, ATEN_MODE);
    }

    // void vmsSqrt(const MKL_INT n, const float a[], float r[], MKL_INT64 mode), LP64 MKL_INT
    private static native void vmsSqrt(int n, FloatBuffer a, FloatBuffer r, long mode);
}
