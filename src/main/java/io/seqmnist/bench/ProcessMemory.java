package io.seqmnist.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Resident memory of this process, from /proc/self/status (Linux; NaN elsewhere). */
public final class ProcessMemory {

    private static final Path STATUS = Path.of("/proc/self/status");

    /** What the bench says of a figure this system does not give it. */
    public static final String NOT_AVAILABLE = "not available here";

    private ProcessMemory() {}

    /** Whether this system gives the figures (Linux's /proc); elsewhere they are NaN. */
    public static boolean available() {
        return Files.exists(STATUS);
    }

    /** Peak resident set size (VmHWM) in MB: the most this process has held at once. */
    public static double peakResidentMb() {
        return fieldMb("VmHWM:");
    }

    /** Current resident set size (VmRSS) in MB. */
    public static double residentMb() {
        return fieldMb("VmRSS:");
    }

    static double fieldMb(String field) {
        if (!Files.exists(STATUS)) {
            return Double.NaN; // not Linux: the other figures of the bench still stand
        }
        try {
            for (String line : Files.readAllLines(STATUS)) {
                if (line.startsWith(field)) {
                    String kb = line.substring(field.length()).trim().split("\\s+")[0];
                    return Long.parseLong(kb) / 1024.0;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new IllegalStateException(STATUS + " has no " + field + " line");
    }
}
