package io.seqmnist.accel;

import ai.djl.engine.Engine;
import com.sun.jna.Library;
import com.sun.jna.NativeLibrary;
import io.seqmnist.UserError;
import java.util.List;
import java.util.Map;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.openblas.global.openblas_nolapack;

/**
 * Which BLAS runs libtorch's matrix products, by {@code -Dseqmnist.engine.blas} ({@code SEQMNIST_ENGINE_BLAS} through
 * bin/seqmnist): {@code openblas} (default), the system's OpenBLAS when one is installed ({@link SystemOpenBlas}),
 * otherwise the bundled one (bytedeco's build, which our fast-* units use in any case); {@code bundled-openblas}, the
 * bundled one always; {@code mkl}, the oneMKL linked into libtorch.
 *
 * <p>Why: on this project's AMD processor oneMKL takes 48-68 us per small product of an RNN training step where
 * OpenBLAS's AVX-512 kernels take 21-24 us (bench/README.md). How: libtorch calls {@code sgemm_} through a slot of its
 * global offset table; {@link PltRebinding} writes OpenBLAS's {@code sgemm_} into that one slot, as the dynamic linker
 * would have written libtorch's own. If that cannot be done safely, the engine keeps oneMKL and {@link #description()}
 * says why. The one other change: libtorch's oneMKL is told to compute its vector math (tanh, sqrt) on this processor's
 * AVX-512 or AVX2 kernels ({@link VectorMath}). With {@code mkl}, libtorch stays as shipped.
 *
 * <p>{@link Accelerator#enable} calls {@link #install()}, after the engine's options are set and before the engine
 * computes anything.
 */
final class EngineBlas {

    /** System property choosing the engine's BLAS: openblas (default), bundled-openblas or mkl. */
    static final String PROPERTY = "seqmnist.engine.blas";

    static final String LIBTORCH = "libtorch_cpu.so";
    static final int RTLD_LAZY = 0x1; // and not RTLD_GLOBAL, JNA's default

    private static String description;
    private static NativeLibrary engineOpenBlas; // the OpenBLAS libtorch's sgemm_ now points into
    private static String vectorMath;

    private EngineBlas() {}

    /**
     * Binds libtorch's sgemm_ to OpenBLAS unless {@code mkl} was chosen; idempotent. Throws IllegalStateException, with
     * nothing bound, when libtorch carries no oneMKL (its vector math and Adam's square root are oneMKL's functions).
     */
    static synchronized void install() {
        if (description != null) {
            return;
        }
        String choice = System.getProperty(PROPERTY, "openblas");
        if (!List.of("openblas", "bundled-openblas", "mkl").contains(choice)) {
            throw new UserError(PROPERTY + " (SEQMNIST_ENGINE_BLAS) must be openblas,"
                    + " bundled-openblas or mkl, got '" + choice + "'");
        }
        // before libtorch computes anything: oneMKL reads the choice at its first vector function
        vectorMath = choice.equals("mkl") ? "oneMKL's, kernels of its own choice" : VectorMath.choose();
        Engine.getEngine("PyTorch"); // libtorch must be loaded to be rebound
        requireOneMkl();
        // loaded in any case: the fast-* units compute on it when libtorch keeps oneMKL (Blas)
        String bundled = Loader.load(openblas_nolapack.class);
        description = choice.equals("mkl")
                ? "oneMKL (libtorch's own)"
                : bindOpenBlas(bundled, choice.equals("openblas") ? SystemOpenBlas.find() : null);
        threads(Integer.getInteger("ai.djl.pytorch.num_threads", 1));
    }

    /**
     * Binds libtorch's sgemm_ to the system's OpenBLAS when it is usable, else to the bundled one (file
     * {@code bundled}); returns the description, which says why when the engine keeps oneMKL.
     */
    private static String bindOpenBlas(String bundled, SystemOpenBlas system) {
        boolean onSystem = system != null && system.library() != null;
        try {
            // held for the life of the process: JNA closes a library whose last reference goes,
            // and libtorch would then jump into unmapped memory
            engineOpenBlas = onSystem ? system.library() : open(bundled);
            PltRebinding.rebind(LIBTORCH, "sgemm_", engineOpenBlas.getFunction("sgemm_"));
            String[] config = call("openblas_get_config").trim().split(" "); // "OpenBLAS 0.3.21 ..."
            String source = onSystem
                    ? "the system's, " + system.path()
                    : system == null ? "bundled" : "bundled: " + system.whyNot();
            return config[0] + " " + config[1] + " (" + call("openblas_get_corename") + " kernels; " + source + ")";
        } catch (IllegalStateException | UnsatisfiedLinkError e) {
            engineOpenBlas = null;
            return "oneMKL (libtorch's own; OpenBLAS could not be bound: " + e.getMessage() + ")";
        }
    }

    private static void requireOneMkl() {
        try {
            libtorch().getFunction("vmsSqrt");
        } catch (UnsatisfiedLinkError e) {
            throw new IllegalStateException("libtorch here carries no oneMKL (no vmsSqrt in " + LIBTORCH + ")");
        }
    }

    /** A library opened for looking up its functions, with RTLD_LAZY and not RTLD_GLOBAL. */
    static NativeLibrary open(String path) {
        return NativeLibrary.getInstance(path, Map.of(Library.OPTION_OPEN_FLAGS, RTLD_LAZY));
    }

    /** libtorch as the engine loaded it, for looking up its own functions. */
    static NativeLibrary libtorch() {
        return open(PltRebinding.loaded(LIBTORCH).file().toString());
    }

    private static String call(String function) {
        return engineOpenBlas.getFunction(function).invokeString(new Object[0], false);
    }

    /** OpenBLAS computes on as many threads as the engine (the bundled one and libtorch's). */
    static synchronized void threads(int threads) {
        openblas_nolapack.blas_set_num_threads(threads);
        if (engineOpenBlas != null) {
            engineOpenBlas.getFunction("openblas_set_num_threads").invokeVoid(new Object[] {threads});
        }
    }

    /** The OpenBLAS libtorch's products were bound to, or null (oneMKL). */
    static synchronized NativeLibrary boundOpenBlas() {
        requireInstalled();
        return engineOpenBlas;
    }

    /** Which kernels run libtorch's vector math (tanh, exp, sqrt), for reports and benchmarks. */
    static synchronized String vectorMath() {
        requireInstalled();
        return vectorMath;
    }

    /** What {@link #install()} chose, for reports and benchmarks. */
    static synchronized String description() {
        requireInstalled();
        return description;
    }

    private static void requireInstalled() {
        if (description == null) {
            throw new IllegalStateException("the accelerator is off: Accelerator.enable first");
        }
    }
}
