package io.seqmnist.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.seqmnist.CliRun;
import io.seqmnist.TestData;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** {@code seqmnist info} on the real MNIST (issue 2's first acceptance line, minus the fetch). */
@Tag("line-endings")
class RealMnistInfoTest {

    @Test
    void infoOnMnist() {
        TestData.realMnist(); // fetches it through the product's own fetch when missing
        String dir = TestData.projectHome().resolve("data/mnist").toString();
        CliRun run = CliRun.of("info", "--data-dir", dir);
        assertEquals(0, run.exitCode(), run.err());
        String out = run.outText();
        assertTrue(out.contains("training images:    60000\n"), out);
        assertTrue(out.contains("test images:        10000\n"), out);
        assertTrue(out.contains("sequence length T:  28 "), out);
        assertTrue(out.contains("input size per step: 28 "), out);
        assertTrue(
                out.contains("mini-batches of 64: 938 per training epoch (last holds 32), 157 for the test set\n"),
                out);
        assertTrue(
                out.contains(
                        "class counts (train): 0:5923  1:6742  2:5958  3:6131  4:5842  5:5421  6:5918  7:6265  8:5851  9:5949\n"),
                out);
        assertTrue(out.contains("training image 0, label 5, read top to bottom as x[1..28]:\n"), out);
        assertTrue(out.endsWith("|\n"));
    }
}
