package io.seqmnist.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.seqmnist.TestData;
import io.seqmnist.UserError;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The IDX reader on small files made here, raw and gzipped: what it reads and what it refuses. */
class IdxFileTest {

    @TempDir
    Path dir;

    static byte[] imagesHeader(int count, int rows, int cols) {
        return ByteBuffer.allocate(16)
                .putInt(IdxFile.IMAGES_MAGIC)
                .putInt(count)
                .putInt(rows)
                .putInt(cols)
                .array();
    }

    static byte[] labelsHeader(int count) {
        return ByteBuffer.allocate(8).putInt(IdxFile.LABELS_MAGIC).putInt(count).array();
    }

    /** The reader's error for a file, checked to name the file and to be one line. */
    private static String refusal(Path file, Runnable read) {
        UserError e = assertThrows(UserError.class, read::run);
        String message = e.getMessage();
        assertTrue(message.startsWith(file.toString() + ": "), message);
        assertTrue(message.lines().count() == 1, message);
        return message;
    }

    private static String imagesRefusal(Path file) {
        return refusal(file, () -> IdxFile.readImages(file, 28, 28));
    }

    private static String labelsRefusal(Path file) {
        return refusal(file, () -> IdxFile.readLabels(file, 10));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ".gz"})
    void readsImagesAndLabelsRawOrGzipped(String suffix) throws IOException {
        Path images = dir.resolve("images" + suffix);
        Path labels = dir.resolve("labels" + suffix);
        byte[] pixels = TestData.writeImages(images, 7, 28, 28, 11);
        byte[] written = TestData.writeLabels(labels, 7, 12);

        IdxFile.Images read = IdxFile.readImages(images, 28, 28);
        assertEquals(7, read.count());
        assertEquals(28, read.rows());
        assertEquals(28, read.cols());
        assertArrayEquals(pixels, read.pixels());
        assertArrayEquals(written, IdxFile.readLabels(labels, 10));
    }

    @Test
    void gzipIsRecognisedByContentNotName() throws IOException {
        Path gzipped = dir.resolve("images.gz");
        byte[] pixels = TestData.writeImages(gzipped, 2, 28, 28, 1);
        Path misnamed = Files.move(gzipped, dir.resolve("images-without-suffix"));
        assertArrayEquals(pixels, IdxFile.readImages(misnamed, 28, 28).pixels());
    }

    @Test
    void emptyFileSetIsValid() throws IOException {
        Path labels = dir.resolve("labels");
        TestData.write(labels, labelsHeader(0), new byte[0]);
        assertEquals(0, IdxFile.readLabels(labels, 10).length);
    }

    @Test
    void missingFile() {
        Path file = dir.resolve("nothing-here");
        assertTrue(imagesRefusal(file).endsWith("file not found"));
    }

    @Test
    void directoryInsteadOfFile() throws IOException {
        Path file = Files.createDirectory(dir.resolve("a-folder"));
        assertTrue(labelsRefusal(file).contains("is a directory"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ".gz"})
    void wrongMagicNumber(String suffix) throws IOException {
        Path labels = dir.resolve("labels" + suffix);
        TestData.writeLabels(labels, 40, 1); // a label file where images are expected
        assertEquals(
                labels + ": wrong magic number 0x00000801, expected 0x00000803 for an image file",
                imagesRefusal(labels));
        Path images = dir.resolve("images" + suffix);
        TestData.writeImages(images, 1, 28, 28, 1);
        assertTrue(labelsRefusal(images).contains("wrong magic number 0x00000803"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ".gz"})
    void truncatedHeader(String suffix) throws IOException {
        Path file = dir.resolve("images" + suffix);
        TestData.write(file, Arrays.copyOf(imagesHeader(5, 28, 28), 10), new byte[0]);
        String message = imagesRefusal(file);
        assertTrue(message.contains("truncated"), message);
        assertTrue(message.contains("10 bytes, shorter than the 16-byte IDX header"), message);

        Path empty = dir.resolve("empty" + suffix);
        TestData.write(empty, new byte[0], new byte[0]);
        assertTrue(labelsRefusal(empty).contains("0 bytes, shorter than the 8-byte IDX header"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ".gz"})
    void truncatedBody(String suffix) throws IOException {
        Path file = dir.resolve("images" + suffix);
        TestData.write(file, imagesHeader(3, 28, 28), new byte[3 * 784 - 1]);
        String message = imagesRefusal(file);
        assertTrue(message.contains("truncated, the header announces 3 images (2368 bytes)"), message);
        assertTrue(message.endsWith(" 2367 bytes"), message);

        Path labels = dir.resolve("labels" + suffix);
        TestData.write(labels, labelsHeader(9), new byte[4]);
        assertTrue(labelsRefusal(labels).contains("truncated, the header announces 9 labels"));
    }

    @Test
    void trailingBytesRaw() throws IOException {
        Path file = dir.resolve("images");
        TestData.write(file, imagesHeader(2, 28, 28), new byte[2 * 784 + 5]);
        assertEquals(file + ": 5 unexpected bytes after the 2 images the header announces", imagesRefusal(file));
    }

    @Test
    void trailingBytesGzipped() throws IOException {
        Path file = dir.resolve("labels.gz");
        TestData.write(file, labelsHeader(4), new byte[6]);
        assertEquals(
                file + ": unexpected data after the 4 labels the header announces (decompressed)", labelsRefusal(file));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ".gz"})
    void imagesNot28By28(String suffix) throws IOException {
        Path file = dir.resolve("images" + suffix);
        TestData.writeImages(file, 2, 32, 32, 1);
        assertEquals(file + ": images are 32 x 32, expected 28 x 28", imagesRefusal(file));

        TestData.write(file, imagesHeader(1, -1, 28), new byte[0]); // rows 0xFFFFFFFF
        assertEquals(file + ": images are 4294967295 x 28, expected 28 x 28", imagesRefusal(file));
    }

    @Test
    void corruptGzipStream() throws IOException {
        Path file = dir.resolve("images.gz");
        TestData.writeImages(file, 20, 28, 28, 1);
        byte[] gz = Files.readAllBytes(file);
        for (int i = gz.length / 3; i < gz.length / 3 + 40; i++) {
            gz[i] ^= 0x5a;
        }
        Files.write(file, gz);
        assertTrue(imagesRefusal(file).contains("corrupt gzip stream"));
    }

    @Test
    void cutGzipStream() throws IOException {
        Path file = dir.resolve("labels.gz");
        TestData.writeLabels(file, 500, 1);
        byte[] gz = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(gz, gz.length - 12));
        assertTrue(labelsRefusal(file).contains("corrupt gzip stream"));
    }

    @Test
    void wrongGzipChecksum() throws IOException {
        Path file = dir.resolve("labels.gz");
        TestData.writeLabels(file, 500, 1);
        byte[] gz = Files.readAllBytes(file);
        gz[gz.length - 8] ^= 1; // CRC-32 in the trailer
        Files.write(file, gz);
        assertTrue(labelsRefusal(file).contains("corrupt gzip stream"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ".gz"})
    void labelsOutside0To9(String suffix) throws IOException {
        Path file = dir.resolve("labels" + suffix);
        TestData.write(file, labelsHeader(4), new byte[] {3, 9, 10, 0});
        assertEquals(file + ": label 10 at index 2 is outside 0-9", labelsRefusal(file));
        TestData.write(file, labelsHeader(2), new byte[] {1, (byte) 255});
        assertEquals(file + ": label 255 at index 1 is outside 0-9", labelsRefusal(file));
    }
}
