package io.seqmnist.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.seqmnist.TestData;
import io.seqmnist.UserError;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loading the four files of a dataset folder, and the split's views of them. */
class MnistTest {

    @TempDir
    Path dir;

    private String refusal(Path data) {
        UserError e = assertThrows(UserError.class, () -> Mnist.load("test", data));
        assertEquals(1, e.getMessage().lines().count(), e.getMessage());
        return e.getMessage();
    }

    @Test
    void loadsAMixOfRawAndGzippedFiles() throws IOException {
        byte[] trainPixels = TestData.writeImages(dir.resolve("train-images-idx3-ubyte.gz"), 50, 28, 28, 1);
        byte[] trainLabels = TestData.writeLabels(dir.resolve("train-labels-idx1-ubyte"), 50, 2);
        byte[] testPixels = TestData.writeImages(dir.resolve("t10k-images-idx3-ubyte"), 20, 28, 28, 3);
        byte[] testLabels = TestData.writeLabels(dir.resolve("t10k-labels-idx1-ubyte.gz"), 20, 4);

        Mnist mnist = Mnist.load("mixed", dir);
        assertEquals("mixed", mnist.name());
        assertEquals(50, mnist.train().size());
        assertEquals(20, mnist.test().size());
        assertArrayEquals(trainPixels, mnist.train().pixels());
        assertArrayEquals(trainLabels, mnist.train().labels());
        assertArrayEquals(testPixels, mnist.test().pixels());
        assertArrayEquals(testLabels, mnist.test().labels());
    }

    @Test
    void splitViews() throws IOException {
        TestData.writeDataset(dir, 30, 10, false);
        Mnist.Split train = Mnist.load("t", dir).train();
        // pixel(index, row, col): row = time step t, col = component of x[t]
        assertEquals(Byte.toUnsignedInt(train.pixels()[7 * 784 + 5 * 28 + 9]), train.pixel(7, 5, 9));
        int[] counts = new int[10];
        for (byte label : train.labels()) {
            counts[label]++;
        }
        assertArrayEquals(counts, train.classCounts());
        assertEquals(30, Arrays.stream(train.classCounts()).sum());

        Mnist.Split first = train.first(4);
        assertEquals(4, first.size());
        assertArrayEquals(Arrays.copyOf(train.pixels(), 4 * 784), first.pixels());
        assertArrayEquals(Arrays.copyOf(train.labels(), 4), first.labels());
        assertEquals(train, train.first(30));
        assertEquals(train, train.first(1000));
    }

    @Test
    void renderDrawsOneLinePerTimeStep() throws IOException {
        TestData.writeDataset(dir, 3, 3, false);
        Mnist.Split train = Mnist.load("t", dir).train();
        String[] lines = Mnist.render(train, 2).split("\n", -1);
        assertEquals(29, lines.length); // 28 rows, then the empty string after the last newline
        assertEquals("", lines[28]);
        assertTrue(lines[0].startsWith("t= 1 |") && lines[27].startsWith("t=28 |"), lines[0]);
        assertEquals("t= 1 |".length() + 2 * 28 + 1, lines[0].length());
    }

    @Test
    void imageAndLabelCountsThatDiffer() throws IOException {
        TestData.writeDataset(dir, 10, 5, true);
        TestData.writeLabels(dir.resolve("t10k-labels-idx1-ubyte.gz"), 6, 1);
        assertEquals(
                dir.resolve("t10k-images-idx3-ubyte.gz") + ": holds 5 images but "
                        + dir.resolve("t10k-labels-idx1-ubyte.gz") + " holds 6 labels",
                refusal(dir));
    }

    @Test
    void missingDataDirectory() {
        Path missing = dir.resolve("no-such-folder");
        assertTrue(refusal(missing).startsWith(missing + ": data directory not found"));
    }

    @Test
    void fileInsteadOfDataDirectory() throws IOException {
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        assertEquals(file + ": is a file, expected the data directory", refusal(file));
    }

    @Test
    void missingFileNamesBothNamesTried() throws IOException {
        TestData.writeDataset(dir, 10, 5, false);
        Files.delete(dir.resolve("t10k-labels-idx1-ubyte"));
        assertEquals(
                dir.resolve("t10k-labels-idx1-ubyte") + ": file not found (nor t10k-labels-idx1-ubyte.gz)",
                refusal(dir));
    }

    @Test
    void emptySplitIsRefused() throws IOException {
        TestData.writeDataset(dir, 0, 5, false);
        assertEquals(dir.resolve("train-images-idx3-ubyte") + ": holds no images", refusal(dir));
    }
}
