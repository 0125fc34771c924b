package io.seqmnist.accel;

/**
 * tanh and the logistic sigmoid as plain float arithmetic the JIT vectorises. Math.tanh in Java 17 is a call into
 * fdlibm per element, far slower than the matrix products around it. This is Eigen's rational approximation
 * (generic_fast_tanh_float): a 13/6 odd/even polynomial ratio, within a few float ulps of tanh (FastMathTest checks it
 * against Math.tanh).
 */
final class FastMath {

    private static final float CLAMP = 7.90531110763549805f; // tanh is 1 - 1e-7 from here on
    private static final float A1 = 4.89352455891786e-03f;
    private static final float A3 = 6.37261928875436e-04f;
    private static final float A5 = 1.48572235717979e-05f;
    private static final float A7 = 5.12229709037114e-08f;
    private static final float A9 = -8.60467152213735e-11f;
    private static final float A11 = 2.00018790482477e-13f;
    private static final float A13 = -2.76076847742355e-16f;
    private static final float B0 = 4.89352518554385e-03f;
    private static final float B2 = 2.26843463243900e-03f;
    private static final float B4 = 1.18534705686654e-04f;
    private static final float B6 = 1.19825839466702e-06f;

    private FastMath() {}

    static float tanh(float v) {
        float x = Math.max(-CLAMP, Math.min(CLAMP, v));
        float x2 = x * x;
        float p = x2 * A13 + A11;
        p = p * x2 + A9;
        p = p * x2 + A7;
        p = p * x2 + A5;
        p = p * x2 + A3;
        p = p * x2 + A1;
        p = p * x;
        float q = x2 * B6 + B4;
        q = q * x2 + B2;
        q = q * x2 + B0;
        return p / q;
    }

    /** a[i] = tanh(a[i]) for i in [from, to): a flat loop the JIT vectorises. */
    static void tanhInPlace(float[] a, int from, int to) {
        for (int i = from; i < to; i++) {
            a[i] = tanh(a[i]);
        }
    }

    static float sigmoid(float v) {
        return 0.5f + 0.5f * tanh(0.5f * v);
    }

    /** a[i] = sigmoid(a[i]) for i in [from, to): a flat loop the JIT vectorises. */
    static void sigmoidInPlace(float[] a, int from, int to) {
        for (int i = from; i < to; i++) {
            a[i] = sigmoid(a[i]);
        }
    }
}
