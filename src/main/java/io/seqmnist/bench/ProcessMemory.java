package io.seqmnist.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Resident memory of this process and its allocator, from /proc/self (Linux). */
public final class ProcessMemory {

    private static final Path STATUS = Path.of("/proc/self/status");
    private static final Path MAPS = Path.of("/proc/self/maps");

    private ProcessMemory() {}

    /** Peak resident set size (VmHWM) in MB: the most this process has held at once. */
    public static double peakResidentMb() {
        return fieldMb("VmHWM:");
    }

    /** Current resident set size (VmRSS) in MB. */
    public static double residentMb() {
        return fieldMb("VmRSS:");
    }

    static double fieldMb(String field) {
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

    /**
     * The malloc this process runs on, for reports and benchmarks: tcmalloc when it is loaded
     * (bin/seqmnist preloads it), else glibc's, with the tunables it was given.
     */
    public static String allocator() {
        try {
            return allocator(Files.readAllLines(MAPS), System.getenv("GLIBC_TUNABLES"));
        } catch (IOException e) {
            return "unknown (" + MAPS + ": " + e.getMessage() + ")";
        }
    }

    static String allocator(List<String> maps, String glibcTunables) {
        for (String line : maps) {
            int path = line.indexOf('/');
            if (path >= 0 && line.substring(path).contains("/libtcmalloc")) {
                return "tcmalloc, " + line.substring(path).trim();
            }
        }
        return "glibc malloc" + (glibcTunables == null || glibcTunables.isBlank()
                ? "" : " (GLIBC_TUNABLES=" + glibcTunables + ")");
    }
}
