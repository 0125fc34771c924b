package io.seqmnist.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.seqmnist.CliRun;
import io.seqmnist.TestData;
import io.seqmnist.cli.Main;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/** The bench command on a small synthetic dataset: what it writes, and how it refuses. */
class BenchCommandTest {

    @TempDir
    Path tmp;

    private Path data() throws Exception {
        return TestData.writeDataset(tmp.resolve("data"), 200, 100, false);
    }

    /** Linux has sched_setaffinity and /proc: pinning and peak memory; elsewhere the bench says they are not there. */
    static final boolean LINUX = OS.LINUX.isCurrentOs();

    @Test
    void writesOneSaneRowPerModelEachFromItsOwnJvm() throws Exception {
        Path data = data();
        Path out = tmp.resolve("bench.csv");
        List<String> args = new ArrayList<>(List.of(
                "bench",
                "--models",
                "rnn,lstm",
                "--batch-size",
                "16",
                "--steps",
                "5",
                "--warmup",
                "2",
                "--data-dir",
                data.toString(),
                "--out",
                out.toString()));
        if (LINUX) {
            args.addAll(List.of("--cpu", "0")); // children pin their training threads
        }
        CliRun run = CliRun.of(args.toArray(String[]::new));
        assertEquals(0, run.exitCode(), run.err());
        List<String> lines = Files.readAllLines(out);
        assertEquals(BenchResult.CSV_HEADER, lines.get(0));
        assertEquals(3, lines.size(), lines.toString());
        assertEquals("rnn", BenchResult.parse(lines.get(1)).model());
        assertEquals("lstm", BenchResult.parse(lines.get(2)).model());
        for (String line : lines.subList(1, 3)) {
            BenchResult r = BenchResult.parse(line);
            assertEquals(16, r.batchSize());
            assertEquals(1, r.threads());
            assertTrue(r.msPerStepP10() > 0, line);
            assertTrue(r.msPerStepP10() <= r.msPerStepMedian(), line);
            assertTrue(r.msPerStepMedian() <= r.msPerStepP90(), line);
            assertTrue(r.evalImagesPerSecond() > 0, line);
            if (LINUX) {
                assertTrue(r.peakRssMb() > 50, "libtorch alone takes more than 50 MB: " + line);
            } else {
                assertTrue(Double.isNaN(r.peakRssMb()), "no peak memory off Linux: " + line);
            }
            assertTrue(r.outsideEngineShare() >= 0 && r.outsideEngineShare() < 1, line);
        }
        assertEquals(
                !LINUX, run.outLines().contains("peak memory: not available here (Linux's /proc only)"), run.out());
    }

    @Test
    void pinningIsLinuxsAndElsewhereNotAvailableHere() throws Exception {
        Path data = data();
        Path out = tmp.resolve("bench.csv");
        if (LINUX) {
            assertRefused(
                    "--cpu must be a processor from 0 to",
                    "bench",
                    "--cpu",
                    "4096",
                    "--data-dir",
                    data.toString(),
                    "--out",
                    out.toString());
        } else {
            assertRefused(
                    "--cpu: pinning the training thread is not available here",
                    "bench",
                    "--cpu",
                    "0",
                    "--data-dir",
                    data.toString(),
                    "--out",
                    out.toString());
            assertRefused(
                    "--rss-every: resident memory is not available here",
                    "bench",
                    "--rss-every",
                    "1",
                    "--data-dir",
                    data.toString(),
                    "--out",
                    out.toString());
        }
        assertFalse(Files.exists(out));
    }

    @Test
    void moreStepsThanOneEpochHoldsRunSeveralEpochs() throws Exception {
        Path data = data(); // 200 images, batch 50: 4 batches, 3 timed per epoch
        Path out = tmp.resolve("b.csv");
        assertEquals(
                0,
                Main.execute(
                        "bench",
                        "--models",
                        "gru",
                        "--batch-size",
                        "50",
                        "--steps",
                        "7",
                        "--warmup",
                        "1",
                        "--data-dir",
                        data.toString(),
                        "--out",
                        out.toString(),
                        "--same-jvm"));
        assertEquals("gru", BenchResult.parse(Files.readAllLines(out).get(1)).model());
    }

    @Test
    void badOptionsAreOneLineErrorsAndWriteNothing() throws Exception {
        Path data = data();
        Path out = tmp.resolve("bench.csv");
        assertRefused(
                "--steps must be at least 1",
                "bench",
                "--steps",
                "0",
                "--data-dir",
                data.toString(),
                "--out",
                out.toString());
        assertRefused(
                "unknown model 'tree'",
                "bench",
                "--models",
                "rnn,tree",
                "--data-dir",
                data.toString(),
                "--out",
                out.toString());
        assertRefused(
                "folder does not exist",
                "bench",
                "--data-dir",
                data.toString(),
                "--out",
                tmp.resolve("no/such/bench.csv").toString());
        assertFalse(Files.exists(out));
    }

    private static void assertRefused(String expected, String... args) {
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true));
        try {
            assertEquals(2, Main.execute(args));
        } finally {
            System.setErr(err);
        }
        String message = captured.toString().trim();
        assertTrue(message.startsWith("seqmnist: ") && message.contains(expected), message);
        assertEquals(1, message.lines().count(), message);
    }
}
