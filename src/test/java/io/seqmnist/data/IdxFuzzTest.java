package io.seqmnist.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.seqmnist.UserError;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 8: the IDX reader against thousands of randomly damaged files, raw and gzipped, from a fixed seed. Each case
 * must either load exactly what an independent, simple decoding of the same bytes says it holds, or be refused with a
 * one-line {@link UserError} naming the file. Any other exception, a hang, or a read that allocates far more than the
 * file's size (memory sized from a header) fails the test.
 */
class IdxFuzzTest {

    private static final long SEED = 8;
    private static final int CASES = 6000;
    /** Values a hostile or broken header field might hold: zero, off by one, huge, negative. */
    private static final int[] FIELD_VALUES = {
        0,
        1,
        2,
        3,
        4,
        19,
        20,
        21,
        27,
        28,
        29,
        255,
        256,
        784,
        65536,
        0x7FFFFFFF,
        0x80000000,
        0xFFFFFFFF,
        0xFFFFFFFE,
        IdxFile.IMAGES_MAGIC,
        IdxFile.LABELS_MAGIC,
        0x1F8B0800
    };

    private static final long MAX_ALLOCATED = 1 << 20;
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    @TempDir
    Path dir;

    private final Random random = new Random(SEED);
    private final Map<String, Integer> refusals = new TreeMap<>();
    private int loaded;
    private long cpuNanos;
    private long maxAllocated;

    @Test
    void damagedFilesLoadCorrectlyOrAreRefusedInOneLine() {
        long start = System.nanoTime();
        // A guard against a hang (a loop that never ends), not a speed test: 6000 cases take
        // about 3 s of CPU; the margin is for a CI machine shared by many jobs.
        assertTimeoutPreemptively(Duration.ofMinutes(2), this::fuzz, "a case hangs");
        int refused = refusals.values().stream().mapToInt(Integer::intValue).sum();
        System.out.printf(
                "IDX fuzz (seed %d): %d cases in %.1f s (%.1f s CPU), %d loaded, %d refused %s,"
                        + " at most %d bytes allocated by one read%n",
                SEED,
                CASES,
                (System.nanoTime() - start) / 1e9,
                cpuNanos / 1e9,
                loaded,
                refused,
                refusals,
                maxAllocated);
        assertEquals(CASES, loaded + refused);
        // The damage reached every check of the reader, and some files survived it.
        for (String kind :
                new String[] {"wrong magic", "truncated", "unexpected", "images are", "label ", "corrupt gzip"}) {
            assertTrue(refusals.getOrDefault(kind, 0) > 0, "no case refused as '" + kind + "'");
        }
        assertTrue(loaded > CASES / 20, loaded + " cases loaded");
    }

    private void fuzz() throws IOException {
        long cpuStart = THREADS.getCurrentThreadCpuTime();
        byte[] images = idx(
                ByteBuffer.allocate(16 + 3 * 784)
                        .putInt(IdxFile.IMAGES_MAGIC)
                        .putInt(3)
                        .putInt(28)
                        .putInt(28),
                256);
        byte[] labels =
                idx(ByteBuffer.allocate(8 + 20).putInt(IdxFile.LABELS_MAGIC).putInt(20), 10);
        for (int n = 0; n < CASES; n++) {
            boolean isImages = random.nextBoolean();
            byte[] valid = isImages ? images : labels;
            int fields = isImages ? 4 : 2;
            StringBuilder what = new StringBuilder(isImages ? "images" : "labels");
            byte[] content;
            switch (random.nextInt(3)) {
                case 0 -> content = mutate(valid, fields, what.append(", raw:"));
                case 1 -> content = gzip(mutate(valid, fields, what.append(", damaged then gzipped:")));
                default -> content = mutate(gzip(valid), 0, what.append(", gzip stream damaged:"));
            }
            check(n, isImages, content, what.toString());
        }
        cpuNanos = THREADS.getCurrentThreadCpuTime() - cpuStart;
    }

    /** Fills the rest of a buffer after its header with values below {@code bound}. */
    private byte[] idx(ByteBuffer buffer, int bound) {
        while (buffer.hasRemaining()) {
            buffer.put((byte) random.nextInt(bound));
        }
        return buffer.array();
    }

    /** One to three kinds of damage; header fields are targeted on their own too. */
    private byte[] mutate(byte[] original, int headerFields, StringBuilder what) {
        byte[] b = original.clone();
        int rounds = 1 + random.nextInt(3);
        for (int r = 0; r < rounds; r++) {
            int kind = random.nextInt(headerFields > 0 ? 7 : 6);
            if (b.length == 0 && (kind <= 2 || kind == 4)) {
                kind = 3; // nothing left to flip, overwrite, cut or delete
            }
            switch (kind) {
                case 0 -> { // bit flips
                    int flips = 1 + random.nextInt(8);
                    for (int i = 0; i < flips; i++) {
                        b[random.nextInt(b.length)] ^= (byte) (1 << random.nextInt(8));
                    }
                    what.append(" flip ").append(flips);
                }
                case 1 -> { // byte overwrites, often in the first bytes
                    int bytes = 1 + random.nextInt(4);
                    for (int i = 0; i < bytes; i++) {
                        int at = random.nextInt(random.nextBoolean() ? Math.min(b.length, 24) : b.length);
                        b[at] = (byte) random.nextInt(256);
                    }
                    what.append(" overwrite ").append(bytes);
                }
                case 2 -> { // truncation
                    int length = random.nextInt(b.length);
                    b = Arrays.copyOf(b, length);
                    what.append(" truncate to ").append(length);
                }
                case 3 -> { // insertion
                    int at = random.nextInt(b.length + 1);
                    byte[] extra = new byte[1 + random.nextInt(16)];
                    random.nextBytes(extra);
                    b = splice(b, at, 0, extra);
                    what.append(" insert ").append(extra.length).append(" at ").append(at);
                }
                case 4 -> { // deletion
                    int at = random.nextInt(b.length);
                    int length = Math.min(b.length - at, 1 + random.nextInt(16));
                    b = splice(b, at, length, new byte[0]);
                    what.append(" delete ").append(length).append(" at ").append(at);
                }
                case 5 -> { // bytes appended
                    byte[] extra = new byte[1 + random.nextInt(16)];
                    random.nextBytes(extra);
                    b = splice(b, b.length, 0, extra);
                    what.append(" append ").append(extra.length);
                }
                default -> { // a header field overwritten: magic, count, rows or cols
                    int field = random.nextInt(headerFields);
                    int value = random.nextInt(4) == 0
                            ? random.nextInt()
                            : FIELD_VALUES[random.nextInt(FIELD_VALUES.length)];
                    if (b.length >= 4 * field + 4) {
                        ByteBuffer.wrap(b).putInt(4 * field, value);
                    }
                    what.append(String.format(" field %d = 0x%08X", field, value));
                }
            }
        }
        return b;
    }

    private static byte[] splice(byte[] b, int at, int remove, byte[] insert) {
        byte[] out = new byte[b.length - remove + insert.length];
        System.arraycopy(b, 0, out, 0, at);
        System.arraycopy(insert, 0, out, at, insert.length);
        System.arraycopy(b, at + remove, out, at + insert.length, b.length - at - remove);
        return out;
    }

    private static byte[] gzip(byte[] b) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(b);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private void check(int n, boolean isImages, byte[] content, String what) throws IOException {
        // A new file per case: rewriting one file in place makes ext4 flush it to disk each time.
        Path file = dir.resolve(n + (isImages ? "-images-idx3-ubyte" : "-labels-idx1-ubyte"));
        Files.write(file, content);
        try {
            check(n, isImages, file, content, what);
        } finally {
            Files.delete(file);
        }
    }

    private void check(int n, boolean isImages, Path file, byte[] content, String what) {
        byte[] expected = decode(content, isImages);
        String label = "case " + n + " (" + what + ")";
        byte[] actual = null;
        UserError refusal = null;
        long allocatedBefore = THREADS.getCurrentThreadAllocatedBytes();
        try {
            actual = isImages ? IdxFile.readImages(file, 28, 28).pixels() : IdxFile.readLabels(file, 10);
        } catch (UserError e) {
            refusal = e;
        } catch (RuntimeException | Error e) {
            throw new AssertionError(label + ": " + e, e);
        }
        long allocated = THREADS.getCurrentThreadAllocatedBytes() - allocatedBefore;
        maxAllocated = Math.max(maxAllocated, allocated);
        // the files are a few kB: anything near a MB was sized from a header
        assertTrue(allocated < MAX_ALLOCATED, label + ": allocated " + allocated + " bytes");
        if (refusal != null) {
            String message = refusal.getMessage();
            if (expected != null) {
                fail(label + ": refused a valid file: " + message);
            }
            assertTrue(message.startsWith(file + ": "), label + ": does not name the file: " + message);
            assertTrue(
                    message.indexOf('\n') < 0 && message.indexOf('\r') < 0, label + ": more than one line: " + message);
            refusals.merge(kind(message), 1, Integer::sum);
            return;
        }
        if (expected == null) {
            fail(label + ": loaded a file that is not valid");
        }
        assertArrayEquals(expected, actual, label);
        loaded++;
    }

    private static String kind(String message) {
        for (String kind :
                new String[] {"wrong magic", "truncated", "unexpected", "images are", "label ", "corrupt gzip"}) {
            if (message.contains(kind)) {
                return kind;
            }
        }
        return "other";
    }

    /**
     * The reference: what the bytes hold when they are a valid file (all of them, gunzipped when they start like gzip),
     * else null. Written plainly, independent of the reader.
     */
    private static byte[] decode(byte[] content, boolean isImages) {
        byte[] data = content;
        if (content.length >= 2 && (content[0] & 0xff) == 0x1f && (content[1] & 0xff) == 0x8b) {
            try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(content))) {
                data = in.readAllBytes();
            } catch (IOException e) {
                return null;
            }
        }
        int header = isImages ? 16 : 8;
        if (data.length < header) {
            return null;
        }
        ByteBuffer b = ByteBuffer.wrap(data);
        if (b.getInt() != (isImages ? IdxFile.IMAGES_MAGIC : IdxFile.LABELS_MAGIC)) {
            return null;
        }
        long count = Integer.toUnsignedLong(b.getInt());
        if (isImages && (b.getInt() != 28 || b.getInt() != 28)) {
            return null;
        }
        if (data.length != header + count * (isImages ? 784 : 1)) {
            return null;
        }
        byte[] body = Arrays.copyOfRange(data, header, data.length);
        for (int i = 0; !isImages && i < body.length; i++) {
            if (body[i] < 0 || body[i] > 9) {
                return null;
            }
        }
        return body;
    }
}
