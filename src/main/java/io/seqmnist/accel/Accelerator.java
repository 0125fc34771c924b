package io.seqmnist.accel;

import io.seqmnist.Backend;
import io.seqmnist.UserError;
import io.seqmnist.model.GruClassifier;
import io.seqmnist.model.RnnClassifier;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The speed-ups measured on this project's machine (Linux x86-64, an AMD processor), kept out of the portable core and
 * entered here alone. Turned on, it
 *
 * <ul>
 *   <li>runs libtorch's matrix products on OpenBLAS instead of its oneMKL ({@link EngineBlas}),
 *   <li>tells oneMKL to compute its vector math on this processor's widest kernels ({@link VectorMath}),
 *   <li>makes training's Adam the one computed in Java with the engine's square root ({@link JavaAdam}, the same bits
 *       as DJL's Adam, faster),
 *   <li>provides the units of {@code fast-rnn} and {@code fast-gru} ({@link BlasElman}, {@link BlasGru}),
 *   <li>and reports the memory allocator the launcher preloaded ({@link Allocator}).
 * </ul>
 *
 * Without it seqmnist is plain DJL, on every platform DJL runs on. The trained numbers differ in rounding between the
 * two (other products, other kernels), never in anything else.
 *
 * <p>A program turns it on with one call, before its first use of DJL's engine:
 *
 * <pre>{@code Accelerator.enable(Accelerator.Mode.AUTO); // or ON; status() says what it did}</pre>
 *
 * It is process-wide, and once on it stays on: libtorch has been changed for the life of the process.
 */
public final class Accelerator {

    /** {@code auto}, {@code on} or {@code off}, as {@code SEQMNIST_ACCEL} and {@code --accel} name them. */
    public enum Mode {
        /** On only where it was measured to help: Linux x86-64, libtorch with oneMKL, not an Intel processor. */
        AUTO,
        /** On wherever it can work (Linux x86-64, libtorch with oneMKL). */
        ON,
        OFF;

        public static Mode parse(String text) {
            for (Mode mode : values()) {
                if (mode.name().toLowerCase(Locale.ROOT).equals(text)) {
                    return mode;
                }
            }
            throw new UserError("the accelerator's mode must be auto, on or off, got '" + text + "'");
        }

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Whether it is on and why (or why not), and what it changed, for {@code info}, {@code bench} and the report. */
    public record Status(boolean active, String why, List<String> details) {
        /** "accelerator: on (why)" and the details, one fact a line. */
        public List<String> lines() {
            List<String> lines = new ArrayList<>();
            lines.add("accelerator: " + (active ? "on" : "off") + " (" + why + ")");
            lines.addAll(details);
            return lines;
        }
    }

    /**
     * The models it adds, by name: a constant, so that the entry point can name them in an error without loading a
     * class of the accelerator.
     */
    public static final String MODELS = "fast-rnn,fast-gru";

    /** Where its OpenBLAS natives are, on the class path of a Linux x86-64 build. */
    static final String NATIVES = "/org/bytedeco/openblas/linux-x86_64/";

    private static Status status = new Status(false, "not turned on in this process", List.of());

    private Accelerator() {}

    /**
     * Turns the accelerator on where {@code mode} and this machine allow it, before the first use of DJL's engine;
     * returns what it did. Nothing is changed when it stays off.
     */
    public static synchronized Status enable(Mode mode) {
        if (status.active()) {
            return status;
        }
        String whyNot = mode == Mode.OFF
                ? "turned off"
                : unsuitable(
                        mode,
                        System.getProperty("os.name"),
                        System.getProperty("os.arch"),
                        cpuVendor(),
                        Accelerator.class.getResource(NATIVES) != null);
        if (whyNot == null) {
            try {
                EngineBlas.install();
            } catch (IllegalStateException e) {
                whyNot = e.getMessage();
            }
        }
        if (whyNot != null) {
            status = new Status(
                    false,
                    mode == Mode.ON ? "on was asked, but " + whyNot : mode == Mode.AUTO ? "auto: " + whyNot : whyNot,
                    List.of());
            return status;
        }
        status = new Status(
                true,
                mode == Mode.ON
                        ? "on as asked"
                        : "auto: Linux x86-64, libtorch with oneMKL, a processor oneMKL does not treat" + " as Intel's",
                List.of(
                        "matrix products: " + EngineBlas.description(),
                        "vector math (tanh, sqrt): " + EngineBlas.vectorMath(),
                        "Adam: computed in Java with the engine's square root (DJL's Adam, bit for bit)",
                        "memory allocator: " + Allocator.describe()));
        Backend.use(new Backend(
                status.lines(),
                List.of(
                        new Backend.Model(
                                "fast-rnn",
                                "rnn",
                                "Elman RNN, hand-written forward and backward" + " on OpenBLAS (accelerator)",
                                h -> new RnnClassifier(new BlasElman(h), h)),
                        new Backend.Model(
                                "fast-gru",
                                "gru",
                                "GRU, hand-written forward and backward on" + " OpenBLAS (accelerator)",
                                h -> new GruClassifier(new BlasGru(h), h))),
                JavaAdam::new,
                Map.of()));
        return status;
    }

    /** What {@link #enable} did last; off until it is called. */
    public static synchronized Status status() {
        return status;
    }

    /**
     * Why the accelerator cannot or should not be on here, or null: it works only on Linux x86-64 with its OpenBLAS
     * natives on the class path; {@code auto} also leaves it off on Intel processors, where oneMKL takes its own fast
     * paths and nothing was measured.
     */
    static String unsuitable(Mode mode, String os, String arch, String vendor, boolean nativesPresent) {
        if (!os.startsWith("Linux") || !(arch.equals("amd64") || arch.equals("x86_64"))) {
            return "it works on Linux x86-64 only, this is " + os + " " + arch;
        }
        if (!nativesPresent) {
            return "its OpenBLAS natives for Linux x86-64 are not on the class path";
        }
        if (mode == Mode.AUTO && vendor.equals("GenuineIntel")) {
            return "an Intel processor, where oneMKL takes its fast paths (it was measured on AMD)";
        }
        if (mode == Mode.AUTO && vendor.isEmpty()) {
            return "the processor's vendor is unknown";
        }
        return null;
    }

    /** The processor's vendor_id from /proc/cpuinfo, e.g. AuthenticAMD; empty when unknown. */
    static String cpuVendor() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                    .filter(line -> line.startsWith("vendor_id"))
                    .findFirst()
                    .map(line -> line.substring(line.indexOf(':') + 1).trim())
                    .orElse("");
        } catch (IOException e) {
            return "";
        }
    }
}
