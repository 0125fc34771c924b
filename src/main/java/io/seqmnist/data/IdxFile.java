package io.seqmnist.data;

import io.seqmnist.UserError;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads the IDX files MNIST ships in: a big-endian header (magic, then one count per dimension) followed by unsigned
 * bytes. Gzipped files (recognised by their content, whatever their name) are decompressed on the fly.
 *
 * <p>The header is untrusted. Memory grows with the data actually read, never with the counts a header claims: a raw
 * file's real size is compared with the header before anything is allocated, and a gzip stream is read no further than
 * the header's size plus one byte (so a gzip bomb behind a valid header stops at once). {@link #MAX_BYTES} bounds both.
 */
public final class IdxFile {

    public static final int IMAGES_MAGIC = 0x00000803;
    public static final int LABELS_MAGIC = 0x00000801;
    /**
     * The most data one file may hold after decompression: five times MNIST's training images (47 MB), and small enough
     * to hold with the launcher's 1 GB heap.
     */
    static final long MAX_BYTES = 256L << 20;

    private static final int IMAGES_HEADER = 16;
    private static final int LABELS_HEADER = 8;

    private IdxFile() {}

    /** Images of {@code rows x cols} pixels, one byte each, image after image. */
    public record Images(int count, int rows, int cols, byte[] pixels) {}

    /** Reads an image file ({@code idx3-ubyte}) whose images must be {@code rows x cols}. */
    public static Images readImages(Path file, int rows, int cols) {
        return readImages(file, rows, cols, MAX_BYTES);
    }

    /** As {@link #readImages(Path, int, int)}, refusing more than {@code maxBytes} of pixels. */
    static Images readImages(Path file, int rows, int cols, long maxBytes) {
        try (Source in = Source.open(file)) {
            ByteBuffer header = in.header(IMAGES_HEADER, IMAGES_MAGIC, "an image file");
            long count = Integer.toUnsignedLong(header.getInt());
            int r = header.getInt();
            int c = header.getInt();
            if (r != rows || c != cols) {
                throw new UserError(file + ": images are " + Integer.toUnsignedString(r) + " x "
                        + Integer.toUnsignedString(c) + ", expected " + rows + " x " + cols);
            }
            byte[] pixels = in.body(count, (long) rows * cols, "images", maxBytes);
            return new Images((int) count, rows, cols, pixels);
        }
    }

    /** Reads a label file ({@code idx1-ubyte}); every label must be below {@code classes}. */
    public static byte[] readLabels(Path file, int classes) {
        return readLabels(file, classes, MAX_BYTES);
    }

    static byte[] readLabels(Path file, int classes, long maxBytes) {
        byte[] labels;
        try (Source in = Source.open(file)) {
            ByteBuffer header = in.header(LABELS_HEADER, LABELS_MAGIC, "a label file");
            long count = Integer.toUnsignedLong(header.getInt());
            labels = in.body(count, 1, "labels", maxBytes);
        }
        for (int i = 0; i < labels.length; i++) {
            if (Byte.toUnsignedInt(labels[i]) >= classes) {
                throw new UserError(file + ": label " + Byte.toUnsignedInt(labels[i]) + " at index " + i
                        + " is outside 0-" + (classes - 1));
            }
        }
        return labels;
    }

    /** One open IDX file, raw or gzipped; every I/O failure becomes a {@link UserError}. */
    private static final class Source implements AutoCloseable {

        private final Path file;
        private final InputStream in;
        private final boolean gzip;
        /** Size on disk of a raw file (known before reading); -1 for a gzip stream. */
        private final long rawSize;

        private int headerSize;

        private Source(Path file, InputStream in, boolean gzip, long rawSize) {
            this.file = file;
            this.in = in;
            this.gzip = gzip;
            this.rawSize = rawSize;
        }

        static Source open(Path file) {
            if (Files.isDirectory(file)) {
                throw new UserError(file + ": is a directory, expected an IDX file");
            }
            InputStream raw = null;
            try {
                raw = new BufferedInputStream(Files.newInputStream(file), 1 << 14);
                raw.mark(2);
                boolean gzip = raw.read() == 0x1f && raw.read() == 0x8b;
                raw.reset();
                if (gzip) {
                    return new Source(file, new GZIPInputStream(raw, 1 << 14), true, -1);
                }
                return new Source(file, raw, false, Files.size(file));
            } catch (IOException e) {
                closeQuietly(raw);
                throw failure(file, e);
            }
        }

        /**
         * Reads the header, checking the magic number first (it says the most about a wrong file); returns the rest of
         * the header, the counts.
         */
        ByteBuffer header(int size, int magic, String what) {
            headerSize = size;
            byte[] bytes = readAtMost(size);
            if (bytes.length >= 4) {
                int actual = ByteBuffer.wrap(bytes).getInt();
                if (actual != magic) {
                    throw new UserError(String.format(
                            "%s: wrong magic number 0x%08X, expected 0x%08X for %s", file, actual, magic, what));
                }
            }
            if (bytes.length < size) {
                throw new UserError(file + ": truncated, " + holds(bytes.length) + ", shorter than the " + size
                        + "-byte IDX header");
            }
            return ByteBuffer.wrap(bytes, 4, size - 4); // after the magic; big-endian, as IDX is
        }

        /**
         * The {@code count * itemSize} bytes after the header, checked to be all there is. Growth follows the bytes
         * actually read; the header's count only caps it.
         */
        byte[] body(long count, long itemSize, String what, long maxBytes) {
            long expected = count * itemSize; // count < 2^32, itemSize the caller's: no overflow
            if (!gzip) { // a raw file's size is known before reading: check it first
                checkLength(rawSize - headerSize, expected, count, what);
            }
            if (expected > Math.min(maxBytes, Integer.MAX_VALUE - 8)) {
                if (gzip) { // read the real data, up to the limit, to tell truncation apart
                    long actual = readAtMost(maxBytes).length;
                    if (actual < maxBytes || readByte() < 0) {
                        checkLength(actual, expected, count, what);
                    }
                }
                throw new UserError(file + ": the header announces " + count + " " + what + " ("
                        + expected + " bytes of " + what + "), more than the "
                        + maxBytes + " bytes this reader accepts");
            }
            byte[] body = readAtMost(expected);
            checkLength(body.length, expected, count, what);
            if (readByte() >= 0) { // also makes GZIPInputStream check the CRC in the trailer
                throw new UserError(file + ": unexpected data after the " + count + " " + what + " the header announces"
                        + (gzip ? " (decompressed)" : ""));
            }
            return body;
        }

        /** Refuses a body of {@code actual} bytes where the header announces {@code expected}. */
        private void checkLength(long actual, long expected, long count, String what) {
            if (actual < expected) {
                throw new UserError(file + ": truncated, the header announces " + count + " " + what + " ("
                        + (headerSize + expected) + " bytes) but "
                        + holds(headerSize + actual));
            }
            if (actual > expected) {
                throw new UserError(file + ": " + (actual - expected) + " unexpected bytes after the " + count + " "
                        + what + " the header announces");
            }
        }

        private String holds(long bytes) {
            return gzip ? "the file decompresses to " + bytes + " bytes" : "the file holds " + bytes + " bytes";
        }

        /** Up to {@code limit} bytes, fewer at the end of the data; never allocates past it. */
        private byte[] readAtMost(long limit) {
            int cap = (int) Math.min(limit, Integer.MAX_VALUE - 8);
            // A raw file's size was checked against limit already, so allocate it at once.
            byte[] buffer = new byte[gzip ? Math.min(cap, 1 << 16) : cap];
            int n = 0;
            try {
                while (true) {
                    if (n == buffer.length) {
                        if (n == cap) {
                            return buffer;
                        }
                        buffer = Arrays.copyOf(buffer, (int) Math.min(cap, 2L * n));
                    }
                    int read = in.read(buffer, n, buffer.length - n);
                    if (read < 0) {
                        return n == buffer.length ? buffer : Arrays.copyOf(buffer, n);
                    }
                    n += read;
                }
            } catch (IOException e) {
                throw failure(file, e);
            }
        }

        private int readByte() {
            try {
                return in.read();
            } catch (IOException e) {
                throw failure(file, e);
            }
        }

        @Override
        public void close() {
            closeQuietly(in);
        }
    }

    /** An I/O failure as a one-line user error naming the file. */
    private static UserError failure(Path file, IOException e) {
        if (e instanceof NoSuchFileException) {
            return new UserError(file + ": file not found");
        }
        if (e instanceof AccessDeniedException) {
            return new UserError(file + ": permission denied");
        }
        if (e instanceof ZipException || e instanceof EOFException) {
            return new UserError(file + ": corrupt gzip stream (" + e.getMessage() + ")");
        }
        return new UserError(file + ": cannot read (" + e.getMessage() + ")");
    }

    private static void closeQuietly(InputStream in) {
        if (in != null) {
            try {
                in.close();
            } catch (IOException ignored) {
                // reading is over; nothing was written
            }
        }
    }
}
