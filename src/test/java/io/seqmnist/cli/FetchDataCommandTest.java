package io.seqmnist.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.seqmnist.ChildJvm;
import io.seqmnist.CliRun;
import io.seqmnist.ReadOnlyFolder;
import io.seqmnist.data.fetch.DatasetFiles;
import io.seqmnist.data.fetch.LocalMirror;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code seqmnist fetch-data} and the fetch every data command makes on first need, against a local mirror
 * (LocalMirror) serving the real MNIST well and badly. Each failure: exit 2, one line saying which source failed and
 * why, and no file left in the folder.
 */
@Tag("line-endings")
class FetchDataCommandTest {

    static final LocalMirror mirror = LocalMirror.shared();

    /** What fetch-data says of each file it stores: name, size. */
    static final List<String> STORED = LocalMirror.storedLines(DatasetFiles.MNIST);

    /** Lines, and lists of lines in their place. */
    static List<String> lines(Object... parts) {
        List<String> all = new ArrayList<>();
        for (Object part : parts) {
            if (part instanceof List<?> list) {
                list.forEach(l -> all.add((String) l));
            } else {
                all.add((String) part);
            }
        }
        return all;
    }

    @TempDir
    Path tmp;

    private static List<String> files(Path dir) throws IOException {
        try (Stream<Path> all = Files.list(dir)) {
            return all.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /** The run's one error line, after the line announcing the fetch; exit 2, nothing on stdout. */
    private static String failure(CliRun run, Path dir) {
        assertEquals(2, run.exitCode(), run.err());
        assertEquals("", run.out());
        List<String> lines = run.errLines();
        assertEquals(2, lines.size(), run.err());
        assertEquals("fetch-data: fetching mnist into " + dir, lines.get(0));
        assertTrue(lines.get(1).startsWith("seqmnist: cannot fetch mnist into " + dir + ": "), lines.get(1));
        return lines.get(1);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "missing   | train-images-idx3-ubyte.gz: HTTP 404 Not Found",
                "truncated | train-images-idx3-ubyte: truncated, the gzip stream ends after ",
                "corrupt   | train-images-idx3-ubyte: checksum mismatch, SHA-256 ",
                "damaged   | train-images-idx3-ubyte: damaged gzip data (Corrupt GZIP trailer)",
                "stall     | train-images-idx3-ubyte.gz: no answer for 0.5 s (--timeout)",
                "silent    | train-images-idx3-ubyte.gz: no answer for 0.5 s (--timeout)"
            })
    void aBadMirrorIsOneLineAndLeavesNoFile(String folder, String reason) throws IOException {
        Path dir = tmp.resolve("mnist");
        CliRun run = CliRun.of(
                "fetch-data", "--data-dir", dir.toString(), "--source", mirror.url(folder), "--timeout", "0.5");
        String line = failure(run, dir);
        String expected = "seqmnist: cannot fetch mnist into " + dir + ": " + mirror.url(folder) + ": " + reason;
        assertTrue(line.startsWith(expected), line);
        assertEquals(List.of(), files(dir), "no partial file");
    }

    @Test
    void theNextSourceIsTriedAndTheOneThatServedIsNamed() throws IOException {
        Path dir = tmp.resolve("mnist");
        CliRun run = CliRun.of(
                "fetch-data",
                "--data-dir",
                dir.toString(),
                "--source",
                mirror.url("missing") + "," + mirror.url("good"));
        assertEquals(0, run.exitCode(), run.err());
        assertEquals(
                lines(
                        "fetch-data: fetching mnist into " + dir,
                        "fetch-data: " + mirror.url("missing") + ": train-images-idx3-ubyte.gz: HTTP 404 Not Found;"
                                + " trying " + mirror.url("good"),
                        STORED,
                        "fetch-data: mnist verified in " + dir + ", from " + mirror.url("good")),
                run.errLines());
        assertEquals(4, files(dir).size());
    }

    @Test
    void aReadOnlyFolderIsRefusedBeforeAnythingIsDownloaded() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("mnist"));
        int asked = mirror.requests("good");
        ReadOnlyFolder.lock(dir);
        try {
            CliRun run = CliRun.of("fetch-data", "--data-dir", dir.toString(), "--source", mirror.url("good"));
            String line = run.userError();
            assertTrue(line.startsWith("seqmnist: " + dir + ": cannot write in the data directory ("), line);
            Path inside = dir.resolve("sub");
            line = CliRun.of("fetch-data", "--data-dir", inside.toString(), "--source", mirror.url("good"))
                    .userError();
            assertTrue(line.startsWith("seqmnist: " + inside + ": cannot create the data directory ("), line);
        } finally {
            ReadOnlyFolder.unlock(dir);
        }
        assertEquals(List.of(), files(dir));
        assertEquals(asked, mirror.requests("good"), "no request made");
    }

    /**
     * A disk that fills up, for real: the kernel's limit on file size (RLIMIT_FSIZE, set by util-linux's prlimit, no
     * root needed) refuses the write past 4 MB, through the command line in a JVM of its own. DatasetFetchTest has the
     * full disk's own message, simulated.
     */
    @Test
    @EnabledOnOs(OS.LINUX)
    void aWriteTheSystemRefusesIsOneLineAndLeavesNoFile() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/prlimit")), "util-linux's prlimit");
        Path dir = tmp.resolve("mnist");
        List<String> command = new ArrayList<>(List.of("/usr/bin/prlimit", "--fsize=" + (4 << 20)));
        command.addAll(ChildJvm.command(
                Main.class, List.of("fetch-data", "--data-dir", dir.toString(), "--source", mirror.url("good"))));
        Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
        child.getOutputStream().close();
        String output = new String(child.getInputStream().readAllBytes());
        assertEquals(2, child.waitFor(), output);
        assertEquals(
                List.of(
                        "fetch-data: fetching mnist into " + dir,
                        "seqmnist: " + dir.resolve("train-images-idx3-ubyte") + ": cannot write (File too large)"),
                output.lines().filter(l -> !l.startsWith("WARNING")).toList());
        assertEquals(List.of(), files(dir), "no partial file");
    }

    @Test
    void aCommandFetchesItsDefaultDatasetOnFirstNeed() throws IOException {
        assumeTrue(System.getenv("SEQMNIST_DATA") == null, "SEQMNIST_DATA would choose the folder");
        String home = System.getProperty("seqmnist.home");
        System.setProperty("seqmnist.home", tmp.toString());
        System.setProperty("seqmnist.fetch.sources", mirror.url("good"));
        try {
            Path dir = tmp.resolve("data/mnist");
            CliRun run = CliRun.of("info");
            assertEquals(0, run.exitCode(), run.err());
            assertTrue(
                    run.outText().startsWith("dataset:            mnist (" + dir + ")\ntraining images:    60000\n"),
                    run.out());
            assertEquals(
                    lines(
                            "fetch-data: fetching mnist into " + dir,
                            STORED,
                            "fetch-data: mnist verified in " + dir + ", from " + mirror.url("good")),
                    run.errLines());

            run = CliRun.of("info"); // the files are there now: nothing fetched, nothing said
            assertEquals(0, run.exitCode(), run.err());
            assertEquals("", run.err());
        } finally {
            System.clearProperty("seqmnist.fetch.sources");
            if (home == null) {
                System.clearProperty("seqmnist.home");
            } else {
                System.setProperty("seqmnist.home", home);
            }
        }
    }

    @Test
    void aFolderNamedWithDataDirIsNotFetchedInto() {
        Path dir = tmp.resolve("mine");
        assertEquals(
                "seqmnist: " + dir + ": data directory not found (seqmnist fetch-data --dataset mnist" + " --data-dir "
                        + dir + " fetches it)",
                CliRun.of("info", "--data-dir", dir.toString()).userError());
    }

    @Test
    void badOptions() {
        assertEquals(
                "seqmnist: --source: 'ftp://example.org/' is neither an http(s):// URL nor 'package'",
                CliRun.of("fetch-data", "--source", "ftp://example.org/").userError());
        assertEquals(
                "seqmnist: --timeout must be between 0.001 and 86400 seconds, got 0.0",
                CliRun.of("fetch-data", "--timeout", "0").userError());
        assertEquals(
                "seqmnist: --dataset: unknown dataset 'digits', expected mnist or fashion",
                CliRun.of("fetch-data", "--dataset", "digits").userError());
    }
}
