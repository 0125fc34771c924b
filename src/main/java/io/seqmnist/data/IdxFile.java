package io.seqmnist.data;

import io.seqmnist.UserError;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads the IDX files MNIST ships in: a big-endian header (magic, then one count per dimension)
 * followed by unsigned bytes. Files ending in {@code .gz} are decompressed on the fly.
 *
 * <p>The header is untrusted: nothing is allocated from its counts until the file is known to
 * hold that many bytes, so a header that claims four billion images costs nothing.
 */
public final class IdxFile {

    public static final int IMAGES_MAGIC = 0x00000803;
    public static final int LABELS_MAGIC = 0x00000801;
    /** More than any MNIST-like file needs; a decompressed stream past this is refused. */
    static final long MAX_BYTES = 1L << 30;

    private IdxFile() {}

    /** Images of {@code rows x cols} pixels, one byte each, image after image. */
    public record Images(int count, int rows, int cols, byte[] pixels) {}

    /** Reads an image file ({@code idx3-ubyte}) whose images must be {@code rows x cols}. */
    public static Images readImages(Path file, int rows, int cols) {
        byte[] bytes = readAll(file);
        ByteBuffer header = header(file, bytes, 16);
        checkMagic(file, header.getInt(), IMAGES_MAGIC, "an image file");
        long count = Integer.toUnsignedLong(header.getInt());
        int r = header.getInt();
        int c = header.getInt();
        if (r != rows || c != cols) {
            throw new UserError(
                    file + ": images are " + Integer.toUnsignedString(r) + " x "
                            + Integer.toUnsignedString(c) + ", expected " + rows + " x " + cols);
        }
        checkSize(file, bytes.length, 16, count, (long) rows * cols, "images");
        byte[] pixels = new byte[bytes.length - 16];
        System.arraycopy(bytes, 16, pixels, 0, pixels.length);
        return new Images((int) count, rows, cols, pixels);
    }

    /** Reads a label file ({@code idx1-ubyte}); every label must be below {@code classes}. */
    public static byte[] readLabels(Path file, int classes) {
        byte[] bytes = readAll(file);
        ByteBuffer header = header(file, bytes, 8);
        checkMagic(file, header.getInt(), LABELS_MAGIC, "a label file");
        long count = Integer.toUnsignedLong(header.getInt());
        checkSize(file, bytes.length, 8, count, 1, "labels");
        byte[] labels = new byte[(int) count];
        System.arraycopy(bytes, 8, labels, 0, labels.length);
        for (int i = 0; i < labels.length; i++) {
            if (Byte.toUnsignedInt(labels[i]) >= classes) {
                throw new UserError(
                        file + ": label " + Byte.toUnsignedInt(labels[i]) + " at index " + i
                                + " is outside 0-" + (classes - 1));
            }
        }
        return labels;
    }

    private static ByteBuffer header(Path file, byte[] bytes, int size) {
        if (bytes.length < size) {
            throw new UserError(
                    file + ": truncated, " + bytes.length + " bytes is shorter than the "
                            + size + "-byte IDX header");
        }
        return ByteBuffer.wrap(bytes, 0, size); // big-endian by default, as IDX is
    }

    private static void checkMagic(Path file, int magic, int expected, String what) {
        if (magic != expected) {
            throw new UserError(
                    String.format(
                            "%s: wrong magic number 0x%08X, expected 0x%08X for %s",
                            file, magic, expected, what));
        }
    }

    private static void checkSize(
            Path file, long actual, int headerSize, long count, long itemSize, String what) {
        long expected = headerSize + count * itemSize;
        if (actual < expected) {
            throw new UserError(
                    file + ": truncated, header says " + count + " " + what + " ("
                            + expected + " bytes) but the file holds " + actual + " bytes");
        }
        if (actual > expected) {
            throw new UserError(
                    file + ": " + (actual - expected) + " unexpected bytes after the " + count
                            + " " + what + " the header announces");
        }
    }

    /** The file's bytes, decompressed when it ends in .gz; growth follows the real data only. */
    private static byte[] readAll(Path file) {
        if (Files.isDirectory(file)) {
            throw new UserError(file + ": is a directory, expected an IDX file");
        }
        boolean gzip = file.getFileName().toString().endsWith(".gz");
        try {
            if (!gzip) {
                if (Files.size(file) > MAX_BYTES) {
                    throw new UserError(file + ": larger than " + MAX_BYTES + " bytes");
                }
                return Files.readAllBytes(file);
            }
            try (InputStream in =
                    new GZIPInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
                ByteArrayOutputStream out = new ByteArrayOutputStream(1 << 16);
                byte[] chunk = new byte[1 << 16];
                for (int n; (n = in.read(chunk)) > 0; ) {
                    out.write(chunk, 0, n);
                    if (out.size() > MAX_BYTES) {
                        throw new UserError(
                                file + ": decompresses to more than " + MAX_BYTES + " bytes");
                    }
                }
                return out.toByteArray();
            }
        } catch (NoSuchFileException e) {
            throw new UserError(file + ": file not found");
        } catch (ZipException | EOFException e) {
            throw new UserError(file + ": corrupt gzip stream (" + e.getMessage() + ")");
        } catch (IOException e) {
            throw new UserError(file + ": cannot read (" + e.getMessage() + ")");
        }
    }
}
