package io.seqmnist.accel;

import com.sun.jna.Function;
import com.sun.jna.NativeLibrary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which kernels libtorch's oneMKL uses for its vector math (VML: tanh, exp, sqrt, ... over float arrays; the RNN's
 * tanh, Adam's square root).
 *
 * <p>Why: oneMKL picks them by processor, and on a processor that is not Intel's it takes its generic ones
 * ({@code mkl_vml_kernel_sTanh_EXHAynn} in perf on this project's AMD EPYC), even where AVX-512 is there. oneMKL reads
 * one documented-by-name switch, the environment variable {@code MKL_VML_DEBUG_CPU_TYPE}, once, before its first vector
 * function; 5 selects the AVX-512 kernels, 3 the AVX2 ones (the same high-accuracy functions, computed with wider
 * registers). We set it for this process from the processor's flags, so a processor without them keeps the generic
 * kernels. A value the user exported wins.
 */
final class VectorMath {

    static final String VARIABLE = "MKL_VML_DEBUG_CPU_TYPE";
    static final int AVX2 = 3;
    static final int AVX512 = 5;

    private static final Set<String> AVX512_FLAGS = Set.of("avx512f", "avx512cd", "avx512bw", "avx512dq", "avx512vl");

    private VectorMath() {}

    /**
     * Sets {@link #VARIABLE} for this process unless the environment has it; call before libtorch's first vector
     * function. Returns what oneMKL will be told, for descriptions.
     */
    static String choose() {
        String own = System.getenv(VARIABLE);
        if (own != null) {
            return "oneMKL's, " + VARIABLE + "=" + own + " from the environment";
        }
        int type = widestKernels(cpuFlags());
        if (type < 0) {
            return "oneMKL's, kernels of its own choice";
        }
        NativeLibrary c = NativeLibrary.getInstance("c");
        int status = c.getFunction("setenv").invokeInt(new Object[] {VARIABLE, String.valueOf(type), 0});
        if (status != 0) {
            return "oneMKL's, kernels of its own choice (setenv failed)";
        }
        return "oneMKL's on its " + (type == AVX512 ? "AVX-512" : "AVX2") + " kernels";
    }

    /** The widest kernel set a processor with these flags runs: {@link #AVX512}, {@link #AVX2} or -1. */
    static int widestKernels(Set<String> flags) {
        return flags.containsAll(AVX512_FLAGS) ? AVX512 : flags.contains("avx2") && flags.contains("fma") ? AVX2 : -1;
    }

    /** The kernel set oneMKL's vector math runs on now (its cached choice), e.g. 5. */
    static int inUse() {
        Function detect = EngineBlas.libtorch().getFunction("mkl_vml_serv_cpu_detect");
        return detect.invokeInt(new Object[0]);
    }

    /** The processor's feature flags from /proc/cpuinfo (empty where there is none). */
    static Set<String> cpuFlags() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                    .filter(line -> line.startsWith("flags"))
                    .findFirst()
                    .map(line -> Arrays.stream(
                                    line.substring(line.indexOf(':') + 1).trim().split("\\s+"))
                            .collect(Collectors.toSet()))
                    .orElse(Set.of());
        } catch (IOException e) {
            return Set.of();
        }
    }
}
