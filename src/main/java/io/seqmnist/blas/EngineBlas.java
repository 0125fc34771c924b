package io.seqmnist.blas;

import ai.djl.engine.Engine;
import com.sun.jna.Library;
import com.sun.jna.NativeLibrary;
import io.seqmnist.UserError;
import java.util.Map;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.openblas.global.openblas_nolapack;

/**
 * Which BLAS runs libtorch's matrix products: OpenBLAS (bytedeco's build, which our fast-*
 * units use too) by default, or the oneMKL linked into libtorch ({@code -Dseqmnist.engine.blas=mkl},
 * {@code SEQMNIST_ENGINE_BLAS=mkl} through bin/seqmnist).
 *
 * <p>Why: on this project's AMD processor oneMKL takes 48-68 us per small product of an RNN
 * training step where OpenBLAS's AVX-512 kernels take 21-24 us (bench/README.md). How: libtorch
 * calls {@code sgemm_} through a slot of its global offset table; {@link PltRebinding} writes
 * OpenBLAS's {@code sgemm_} into that one slot, as the dynamic linker would have written
 * libtorch's own. If that cannot be done safely, the engine keeps oneMKL and {@link
 * #description()} says why. The one other change: libtorch's oneMKL is told to compute its vector
 * math (tanh, sqrt) on this processor's AVX-512 or AVX2 kernels ({@link VectorMath}). With
 * {@code mkl}, libtorch stays as shipped.
 *
 * <p>Call {@link #install()} after the engine's options are set and before training:
 * {@code EngineOptions}, {@code Training}, {@code Classifier} and our own {@code Blas} do.
 */
public final class EngineBlas {

    /** System property choosing the engine's BLAS: {@code openblas} (default) or {@code mkl}. */
    public static final String PROPERTY = "seqmnist.engine.blas";

    static final String LIBTORCH = "libtorch_cpu.so";
    static final int RTLD_LAZY = 0x1; // and not RTLD_GLOBAL, JNA's default

    private static String description;
    private static String vectorMath;

    private EngineBlas() {}

    /** Binds libtorch's sgemm_ to OpenBLAS unless {@code mkl} was chosen; idempotent. */
    public static synchronized void install() {
        if (description != null) {
            return;
        }
        String choice = System.getProperty(PROPERTY, "openblas");
        if (!choice.equals("openblas") && !choice.equals("mkl")) {
            throw new UserError(PROPERTY + " (SEQMNIST_ENGINE_BLAS) must be openblas or mkl, got '"
                    + choice + "'");
        }
        // before libtorch computes anything: oneMKL reads the choice at its first vector function
        vectorMath = choice.equals("mkl") ? "oneMKL's, kernels of its own choice"
                : VectorMath.choose();
        Engine.getEngine("PyTorch"); // libtorch must be loaded to be rebound
        // our OpenBLAS also serves the fast-* units, whichever BLAS libtorch uses
        String path = Loader.load(openblas_nolapack.class);
        threads(Integer.getInteger("ai.djl.pytorch.num_threads", 1));
        if (choice.equals("mkl")) {
            description = "oneMKL (libtorch's own)";
            return;
        }
        try {
            NativeLibrary openBlas = NativeLibrary.getInstance(
                    path, Map.of(Library.OPTION_OPEN_FLAGS, RTLD_LAZY));
            PltRebinding.rebind(LIBTORCH, "sgemm_", openBlas.getFunction("sgemm_"));
            description = openblas_nolapack.OPENBLAS_VERSION.trim() + " ("
                    + openBlas.getFunction("openblas_get_corename").invokeString(new Object[0], false)
                    + " kernels)";
        } catch (IllegalStateException | UnsatisfiedLinkError e) {
            description = "oneMKL (libtorch's own; OpenBLAS could not be bound: " + e.getMessage() + ")";
        }
    }

    /** OpenBLAS computes on as many threads as the engine. */
    public static void threads(int threads) {
        openblas_nolapack.blas_set_num_threads(threads);
    }

    /** Which kernels run libtorch's vector math (tanh, exp, sqrt), for reports and benchmarks. */
    public static synchronized String vectorMath() {
        install();
        return vectorMath;
    }

    /** What {@link #install()} chose, for reports and benchmarks. */
    public static synchronized String description() {
        install();
        return description;
    }
}
