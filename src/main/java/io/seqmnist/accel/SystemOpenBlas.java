package io.seqmnist.accel;

import com.sun.jna.NativeLibrary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The operating system's OpenBLAS (Debian's {@code libopenblas0-pthread} or {@code -serial}), when one is installed:
 * the engine's products run on it rather than on the bundled build. Same kernels, same numbers (bench/README.md), but
 * bytedeco's build packs the matrices for its kernels 1.8 times slower than Debian's: 5-6% of a GRU training step. It
 * is also the OpenBLAS that Debian's PyTorch uses, so {@code bench/compare.sh} then compares the frameworks on one
 * BLAS.
 *
 * @param path the library file
 * @param library the loaded library, or null when it cannot serve the engine
 * @param whyNot why not, when {@code library} is null
 */
record SystemOpenBlas(Path path, NativeLibrary library, String whyNot) {

    /** Where to look instead of the usual places (a library file, or a missing one for none). */
    static final String PROPERTY = "seqmnist.system.openblas";

    /** Debian's pthread build, then whichever build the alternatives system selected. */
    private static final List<String> USUAL_PLACES = List.of(
            "/usr/lib/x86_64-linux-gnu/openblas-pthread/libopenblas.so.0",
            "/usr/lib/x86_64-linux-gnu/libopenblas.so.0");

    /** The first installed system OpenBLAS, usable or not; null when there is none. */
    static SystemOpenBlas find() {
        String override = System.getProperty(PROPERTY);
        for (String place : override != null ? List.of(override) : USUAL_PLACES) {
            Path path = Path.of(place);
            if (Files.isRegularFile(path)) {
                return load(path);
            }
        }
        return null;
    }

    private static SystemOpenBlas load(Path path) {
        try {
            // OpenMP builds would bring a second OpenMP runtime beside libtorch's own
            if (path.toRealPath().toString().contains("openmp")) {
                return new SystemOpenBlas(path, null, path + " is an OpenMP build");
            }
            NativeLibrary library = EngineBlas.open(path.toString());
            library.getFunction("sgemm_"); // throws UnsatisfiedLinkError when it has none
            if (library.getFunction("openblas_get_parallel").invokeInt(new Object[0]) == 2) {
                return new SystemOpenBlas(path, null, path + " is an OpenMP build");
            }
            return new SystemOpenBlas(path, library, null);
        } catch (IOException | UnsatisfiedLinkError e) {
            return new SystemOpenBlas(path, null, path + " cannot be used: " + e.getMessage());
        }
    }
}
