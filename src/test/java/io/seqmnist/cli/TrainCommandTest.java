package io.seqmnist.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.seqmnist.TestData;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Bad options of train and shapes: one line naming the option, exit 2, no stack trace. */
@Tag("line-endings")
class TrainCommandTest {

    @TempDir
    static Path tmp;

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "train --model cnn                          | unknown model 'cnn'",
                "train --model rnn --batch-size 0           | --batch-size must be at least 1",
                "train --model rnn --epochs -1              | --epochs must be at least 1",
                "train --model rnn --lr 0                   | --lr must be a positive number",
                "train --model rnn --threads 0              | --threads must be at least 1",
                "train --model rnn --epochs ten             | --epochs",
                "train                                      | --model",
                "train --model rnn --data-dir DATA --out OUT_UNDER_FILE | cannot create output folder",
                "shapes --model xyz                         | unknown model 'xyz'",
                "shapes --batch-size 0                      | --batch-size must be at least 1",
            })
    void badOptionGivesOneLineAndExit2(String args, String expected) throws Exception {
        Path file = tmp.resolve("a-file");
        Files.writeString(file, "not a folder");
        Path data = TestData.writeDataset(tmp.resolve("data"), 30, 10, false); // never the default folder
        String[] argv = args.trim()
                .replace("OUT_UNDER_FILE", file.resolve("run").toString())
                .replace("DATA", data.toString())
                .split("\\s+");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream saved = System.err;
        int code;
        System.setErr(new PrintStream(err, true));
        try {
            code = Main.execute(argv);
        } finally {
            System.setErr(saved);
        }
        String text = err.toString().strip();
        assertEquals(2, code, text);
        assertEquals(1, text.lines().count(), "one line: " + text);
        assertTrue(text.startsWith("seqmnist: ") && text.contains(expected), text);
    }

    @org.junit.jupiter.api.Test
    void badDataLeavesNoRunFolderBehind() throws Exception {
        Path emptyData = Files.createDirectories(tmp.resolve("no-images"));
        Path out = tmp.resolve("never-created");
        io.seqmnist.CliRun run = io.seqmnist.CliRun.of(
                "train", "--model", "rnn", "--data-dir", emptyData.toString(), "--out", out.toString());
        assertTrue(run.userError().contains("file not found"), run.err());
        assertTrue(Files.notExists(out), "no folder for a run that never started");
    }
}
