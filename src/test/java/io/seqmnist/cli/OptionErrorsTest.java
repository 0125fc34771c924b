package io.seqmnist.cli;

import io.seqmnist.CliRun;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.seqmnist.TestData;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad options: one line naming the option, exit 2, no usage dump, no stack trace. */
class OptionErrorsTest {

    @TempDir Path dir;

    private String data() throws IOException {
        return TestData.writeDataset(dir.resolve("data"), 30, 10, false).toString();
    }

    @Test
    void batchSizeZero() throws IOException {
        assertEquals("seqmnist: --batch-size must be at least 1, got 0",
                CliRun.of("info", "--data-dir", data(), "--batch-size", "0").userError());
    }

    @Test
    void batchSizeNotANumber() throws IOException {
        String line = CliRun.of("info", "--data-dir", data(), "--batch-size", "many").userError();
        assertTrue(line.contains("--batch-size") && line.contains("'many'"), line);
    }

    @Test
    void indexOutOfRange() throws IOException {
        assertEquals("seqmnist: --index must be in 0..29, got 30",
                CliRun.of("info", "--data-dir", data(), "--index", "30").userError());
        assertEquals("seqmnist: --index must be in 0..29, got -1",
                CliRun.of("info", "--data-dir", data(), "--index", "-1").userError());
    }

    @Test
    void unknownDataset() throws IOException {
        assertEquals("seqmnist: --dataset: unknown dataset 'foo', expected mnist or fashion",
                CliRun.of("info", "--data-dir", data(), "--dataset", "foo").userError());
    }

    @Test
    void unknownOption() throws IOException {
        String line = CliRun.of("info", "--data-dir", data(), "--colour").userError();
        assertTrue(line.contains("'--colour'") && line.endsWith("(see: seqmnist info --help)"), line);
    }

    @Test
    void missingOptionValue() {
        String line = CliRun.of("info", "--data-dir").userError();
        assertTrue(line.contains("--data-dir"), line);
    }

    @Test
    void unknownCommand() {
        String line = CliRun.of("infos").userError();
        assertTrue(line.contains("'infos'"), line);
    }

    @Test
    void noCommand() {
        assertEquals("seqmnist: a command is required (see: seqmnist --help)", CliRun.of().userError());
    }

    @Test
    void helpIsNotAnError() {
        CliRun run = CliRun.of("info", "--help");
        assertEquals(0, run.exitCode());
        assertTrue(run.out().contains("--batch-size"), run.out());
    }
}
