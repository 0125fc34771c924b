package io.seqmnist;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Files written whole or not at all: to a temporary file in the same folder, forced to the disk, then renamed over the
 * target. A reader, a crash or a full disk leaves either the old file or the new one, never half of one.
 */
public final class AtomicFile {

    private AtomicFile() {}

    /** What {@link #write(Path, Content)} writes. */
    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    /**
     * Writes {@code content} to {@code target}. On failure the temporary file is removed; an I/O error becomes a
     * one-line error naming the target, and any other exception that the content throws goes on unchanged.
     */
    public static void write(Path target, Content content) {
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(
                            tmp,
                            StandardOpenOption.CREATE,
                            StandardOpenOption.TRUNCATE_EXISTING,
                            StandardOpenOption.WRITE);
                    OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel))) {
                content.writeTo(out);
                out.flush();
                channel.force(true);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            forceFolder(target.toAbsolutePath().getParent());
        } catch (IOException e) {
            deleteQuietly(tmp);
            throw new UserError(target + ": cannot write (" + IoErrors.describe(e) + ")");
        } catch (RuntimeException e) {
            deleteQuietly(tmp);
            throw e;
        }
    }

    private static void deleteQuietly(Path tmp) {
        try {
            Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
            // the original error is the one worth reporting
        }
    }

    /** Makes a rename in the folder durable (Linux: fsync on the directory). */
    public static void forceFolder(Path folder) {
        try (FileChannel channel = FileChannel.open(folder, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // some systems cannot open a folder for reading; the rename is still atomic
        }
    }
}
