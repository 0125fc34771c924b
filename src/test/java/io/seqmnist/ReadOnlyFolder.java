package io.seqmnist;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Makes a folder refuse new files, also for root (tests run as root, who ignores permission bits): chmod first, and
 * when a probe file can still be created, the immutable attribute ({@code chattr +i}, which root must honour too).
 */
public final class ReadOnlyFolder {

    private ReadOnlyFolder() {}

    public static void lock(Path dir) throws IOException {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("r-xr-xr-x"));
        if (canCreateFiles(dir)) {
            run("chattr", "+i", dir.toString());
        }
        if (canCreateFiles(dir)) {
            throw new IllegalStateException(
                    dir + ": cannot make it read-only here" + " (neither chmod nor chattr +i stop writes)");
        }
    }

    public static void unlock(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            run("chattr", "-i", dir.toString());
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    private static boolean canCreateFiles(Path dir) {
        try {
            Files.delete(Files.createTempFile(dir, "probe", ".tmp"));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void run(String... command) throws IOException {
        try {
            new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start()
                    .waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
