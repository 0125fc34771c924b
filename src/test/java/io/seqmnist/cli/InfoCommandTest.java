package io.seqmnist.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.seqmnist.CliRun;
import io.seqmnist.TestData;
import io.seqmnist.data.IdxFile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code seqmnist info}: the report on good data, one line and exit 2 on every kind of bad data. */
@Tag("line-endings")
class InfoCommandTest {

    @TempDir
    Path dir;

    private Path data(boolean gzip) throws IOException {
        return TestData.writeDataset(dir.resolve(gzip ? "gz" : "raw"), 130, 20, gzip);
    }

    private static String gz(boolean gzip) {
        return gzip ? ".gz" : "";
    }

    /** Runs info on the folder and returns its one-line error, checked to name the file. */
    private static String infoError(Path data, Path file) {
        String line = CliRun.of("info", "--data-dir", data.toString()).userError();
        assertTrue(line.startsWith("seqmnist: " + file + ": "), line);
        return line;
    }

    @Test
    void reportsSizesBatchesClassesAndOneImage() throws IOException {
        Path data = data(true);
        CliRun run = CliRun.of("info", "--data-dir", data.toString(), "--batch-size", "50", "--index", "3");
        assertEquals(0, run.exitCode(), run.err());
        assertEquals("", run.err());
        String out = run.outText();
        assertTrue(out.endsWith("|\n"), "ends with a newline after the last image row");
        assertTrue(out.contains("training images:    130\n"), out);
        assertTrue(out.contains("test images:        20\n"), out);
        assertTrue(out.contains("sequence length T:  28 "), out);
        assertTrue(out.contains("input size per step: 28 "), out);
        assertTrue(out.contains("mini-batches of 50: 3 per training epoch (last holds 30), 1 for the test set\n"), out);
        assertEquals(28, out.lines().filter(l -> l.startsWith("t=")).count());
        assertTrue(out.contains("training image 3, label "), out);
        assertTrue(out.lines().anyMatch(l -> l.matches("accelerator: (on|off) \\(.+\\).*")), out);
    }

    @Test
    void missingFile() throws IOException {
        Path data = data(false);
        Path file = data.resolve("train-labels-idx1-ubyte");
        Files.delete(file);
        assertTrue(infoError(data, file).endsWith("file not found (nor train-labels-idx1-ubyte.gz)"));
    }

    @Test
    void missingDataDirectory() {
        Path missing = dir.resolve("nowhere");
        assertTrue(infoError(missing, missing).contains("data directory not found"));
    }

    @Test
    void directoryInsteadOfFile() throws IOException {
        Path data = data(false);
        Path file = data.resolve("t10k-images-idx3-ubyte");
        Files.delete(file);
        Files.createDirectory(file);
        assertTrue(infoError(data, file).endsWith("is a directory, expected an IDX file"));
    }

    @Test
    void wrongMagicNumber() throws IOException {
        Path data = data(true);
        Path file = data.resolve("train-images-idx3-ubyte.gz");
        TestData.writeLabels(file, 130, 1);
        assertTrue(infoError(data, file).contains("wrong magic number 0x00000801, expected 0x00000803"));
    }

    @Test
    void truncatedHeader() throws IOException {
        Path data = data(false);
        Path file = data.resolve("t10k-labels-idx1-ubyte");
        Files.write(file, Arrays.copyOf(Files.readAllBytes(file), 6));
        assertTrue(infoError(data, file).contains("truncated"));
    }

    @Test
    void truncatedBody() throws IOException {
        for (boolean gzip : new boolean[] {false, true}) {
            Path data = data(gzip);
            Path file = data.resolve("train-images-idx3-ubyte" + gz(gzip));
            byte[] header = ByteBuffer.allocate(16)
                    .putInt(IdxFile.IMAGES_MAGIC)
                    .putInt(130)
                    .putInt(28)
                    .putInt(28)
                    .array();
            TestData.write(file, header, new byte[129 * 784 + 100]);
            assertTrue(infoError(data, file).contains("truncated, the header announces 130 images"));
        }
    }

    @Test
    void trailingBytes() throws IOException {
        Path data = data(false);
        Path file = data.resolve("t10k-labels-idx1-ubyte");
        Files.write(file, new byte[] {1, 2, 3}, java.nio.file.StandardOpenOption.APPEND);
        assertTrue(infoError(data, file).endsWith("3 unexpected bytes after the 20 labels the header announces"));
    }

    @Test
    void imagesNot28By28() throws IOException {
        Path data = data(true);
        Path file = data.resolve("t10k-images-idx3-ubyte.gz");
        TestData.writeImages(file, 20, 28, 27, 1);
        assertTrue(infoError(data, file).endsWith("images are 28 x 27, expected 28 x 28"));
    }

    @Test
    void corruptGzipStream() throws IOException {
        Path data = data(true);
        Path file = data.resolve("train-images-idx3-ubyte.gz");
        byte[] bytes = Files.readAllBytes(file);
        for (int i = 100; i < 160; i++) {
            bytes[i] = (byte) (bytes[i] * 31 + 7);
        }
        Files.write(file, bytes);
        assertTrue(infoError(data, file).contains("corrupt gzip stream"));
    }

    @Test
    void labelsOutside0To9() throws IOException {
        Path data = data(false);
        Path file = data.resolve("train-labels-idx1-ubyte");
        byte[] bytes = Files.readAllBytes(file);
        bytes[8 + 77] = 12;
        Files.write(file, bytes);
        assertTrue(infoError(data, file).endsWith("label 12 at index 77 is outside 0-9"));
    }

    @Test
    void imageAndLabelCountsThatDiffer() throws IOException {
        Path data = data(true);
        TestData.writeLabels(data.resolve("train-labels-idx1-ubyte.gz"), 129, 1);
        Path images = data.resolve("train-images-idx3-ubyte.gz");
        assertTrue(infoError(data, images)
                .endsWith("holds 130 images but " + data.resolve("train-labels-idx1-ubyte.gz") + " holds 129 labels"));
    }

    @Test
    void fileNameWithALineBreakStillGivesOneLine() throws IOException {
        Path missing = dir.resolve("two\nlines");
        String line = CliRun.of("info", "--data-dir", missing.toString()).userError();
        assertTrue(line.contains("two lines: data directory not found"), line);
    }
}
