package io.seqmnist.accel;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The malloc this process runs on, for the accelerator's status: tcmalloc when it is loaded (bin/seqmnist preloads it
 * when the accelerator may be on: a training step makes and frees thousands of libtorch tensors, and glibc's malloc
 * spent 7% of a GRU step on them), else glibc's, with the tunables it was given.
 */
final class Allocator {

    private static final Path MAPS = Path.of("/proc/self/maps");

    private Allocator() {}

    static String describe() {
        try {
            return describe(Files.readAllLines(MAPS), System.getenv("GLIBC_TUNABLES"));
        } catch (IOException e) {
            return "unknown (" + MAPS + ": " + e.getMessage() + ")";
        }
    }

    static String describe(List<String> maps, String glibcTunables) {
        for (String line : maps) {
            int path = line.indexOf('/');
            if (path >= 0 && line.substring(path).contains("/libtcmalloc")) {
                // the file name, not the path: a report must not carry a folder of the machine
                String file = line.substring(path).trim();
                String name = file.substring(file.lastIndexOf('/') + 1);
                return "tcmalloc (" + (file.contains("/native/") ? "the launcher's native/" : "the system's ") + name
                        + ")";
            }
        }
        return "glibc malloc"
                + (glibcTunables == null || glibcTunables.isBlank() ? "" : " (GLIBC_TUNABLES=" + glibcTunables + ")");
    }
}
