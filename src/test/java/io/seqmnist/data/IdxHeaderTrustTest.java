package io.seqmnist.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.seqmnist.TestData;
import io.seqmnist.UserError;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A header's counts are untrusted: reading a file must cost memory in proportion to the data really there, never to
 * what the header claims. The JVM counts every byte a thread allocates, so these tests measure it instead of hoping a
 * small heap would notice.
 */
class IdxHeaderTrustTest {

    private static final long MIB = 1 << 20;
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    @TempDir
    Path dir;

    @BeforeAll
    static void allocationCounting() {
        assertTrue(THREADS.isThreadAllocatedMemoryEnabled(), "the JVM must count allocations");
    }

    /** Runs {@code read}, expecting a refusal; returns its message and the bytes allocated. */
    private static Refusal refusal(Supplier<?> read) {
        long before = THREADS.getCurrentThreadAllocatedBytes();
        UserError e = assertThrows(UserError.class, read::get);
        long allocated = THREADS.getCurrentThreadAllocatedBytes() - before;
        return new Refusal(e.getMessage(), allocated);
    }

    private record Refusal(String message, long allocated) {}

    @ParameterizedTest
    @ValueSource(strings = {"", ".gz"})
    void fourBillionImagesInATinyFileAreRefusedAsTruncated(String suffix) throws IOException {
        Path file = dir.resolve("images" + suffix);
        TestData.write(file, IdxFileTest.imagesHeader(0xFFFFFFFF, 28, 28), new byte[10 * 784]);

        Refusal r = refusal(() -> IdxFile.readImages(file, 28, 28));
        assertTrue(
                r.message()
                        .startsWith(file + ": truncated, the header announces 4294967295" + " images ("
                                + (0xFFFFFFFFL * 784 + 16) + " bytes) but "),
                r.message());
        assertTrue(r.allocated() < 2 * MIB, "allocated " + r.allocated() + " bytes");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ".gz"})
    void fourBillionLabelsInATinyFileAreRefusedAsTruncated(String suffix) throws IOException {
        Path file = dir.resolve("labels" + suffix);
        TestData.write(file, IdxFileTest.labelsHeader(0xFFFFFFFF), new byte[100]);

        Refusal r = refusal(() -> IdxFile.readLabels(file, 10));
        assertTrue(r.message().contains("truncated, the header announces 4294967295 labels"), r.message());
        assertTrue(r.allocated() < 2 * MIB, "allocated " + r.allocated() + " bytes");
    }

    /** A gzip bomb behind an honest header: reading stops one byte past the announced data. */
    @Test
    void gzipBombBehindAValidHeaderStopsAtTheAnnouncedSize() throws IOException {
        Path file = dir.resolve("bomb.gz");
        writeZerosGzipped(file, IdxFileTest.imagesHeader(100, 28, 28), 32 * MIB);
        assertTrue(Files.size(file) < MIB);

        Refusal r = refusal(() -> IdxFile.readImages(file, 28, 28));
        assertEquals(
                file + ": unexpected data after the 100 images the header announces" + " (decompressed)", r.message());
        assertTrue(r.allocated() < 4 * MIB, "allocated " + r.allocated() + " bytes");
    }

    /** A gzip bomb behind a lying header: reading stops at the reader's limit. */
    @Test
    void gzipBombBehindAHugeHeaderStopsAtTheLimit() throws IOException {
        Path file = dir.resolve("bomb.gz");
        writeZerosGzipped(file, IdxFileTest.labelsHeader(0xFFFFFFFF), 32 * MIB);
        long limit = 4 * MIB; // IdxFile.MAX_BYTES in production; small here to keep the test fast

        Refusal r = refusal(() -> IdxFile.readLabels(file, 10, limit));
        assertEquals(
                file + ": the header announces 4294967295 labels (4294967295 bytes of labels)," + " more than the "
                        + limit + " bytes this reader accepts",
                r.message());
        // bytes allocated in all (growth by doubling), not just the largest buffer
        assertTrue(r.allocated() < 3 * limit, "allocated " + r.allocated() + " bytes");
    }

    /** Under the limit, a lying header with less data behind it is still reported as truncated. */
    @Test
    void hugeHeaderOverSmallGzipDataIsTruncation() throws IOException {
        Path file = dir.resolve("labels.gz");
        writeZerosGzipped(file, IdxFileTest.labelsHeader(0xFFFFFFFF), 3 * MIB);

        Refusal r = refusal(() -> IdxFile.readLabels(file, 10, 4 * MIB));
        assertTrue(r.message().endsWith("but the file decompresses to " + (8 + 3 * MIB) + " bytes"), r.message());
    }

    @Test
    void rawFileOverTheLimitIsRefusedBeforeReading() throws IOException {
        Path file = dir.resolve("labels");
        TestData.write(file, IdxFileTest.labelsHeader(5000), new byte[5000]);
        Refusal r = refusal(() -> IdxFile.readLabels(file, 10, 4000));
        assertTrue(r.message().endsWith("more than the 4000 bytes this reader accepts"), r.message());
        assertTrue(r.allocated() < MIB, "allocated " + r.allocated() + " bytes");
    }

    private static void writeZerosGzipped(Path file, byte[] header, long zeros) throws IOException {
        byte[] block = new byte[1 << 20];
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file), 1 << 16)) {
            out.write(header);
            for (long n = 0; n < zeros; n += block.length) {
                out.write(block, 0, (int) Math.min(block.length, zeros - n));
            }
        }
    }
}
