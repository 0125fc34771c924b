package io.seqmnist.data.fetch;

import io.seqmnist.AtomicFile;
import io.seqmnist.IoErrors;
import io.seqmnist.UserError;
import io.seqmnist.data.fetch.DatasetFiles.PinnedFile;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Gets a dataset's four files into a folder, each verified against its pinned size and SHA-256. The folder itself is
 * the first source: a file there that verifies stays. Each file still missing is asked of the sources in order; a
 * source that fails gets one line saying why, and the next one is tried for the files left. A file is stored
 * decompressed, written to a temporary file and renamed into place only once verified, so a failure, however late,
 * leaves nothing half-written. The folder must be writable before any source is asked.
 */
public final class DatasetFetch {

    private static final int BUFFER = 1 << 16;

    private final DatasetFiles dataset;
    private final Path dir;
    private final PrintStream log;
    /** Wraps the stream each file is written through (tests put a full disk there). */
    private final UnaryOperator<OutputStream> disk;

    public DatasetFetch(DatasetFiles dataset, Path dir, PrintStream log) {
        this(dataset, dir, log, UnaryOperator.identity());
    }

    DatasetFetch(DatasetFiles dataset, Path dir, PrintStream log, UnaryOperator<OutputStream> disk) {
        this.dataset = dataset;
        this.dir = dir;
        this.log = log;
        this.disk = disk;
    }

    /**
     * Makes the folder hold the verified dataset. Returns the sources that served files, in order (none when the folder
     * had them all); a {@link UserError} when the last source fails too, or the folder cannot be written.
     */
    public List<String> fetch(List<Source> sources) {
        if (sources.isEmpty()) {
            throw new IllegalArgumentException("no source to fetch " + dataset + " from");
        }
        List<PinnedFile> needed = damagedOrMissing();
        if (needed.isEmpty()) {
            log.println("fetch-data: " + dataset + " in " + dir + ", checksums verified");
            return List.of();
        }
        prepareFolder(needed);
        log.println("fetch-data: fetching " + dataset + " into " + dir);
        Set<String> servedBy = new LinkedHashSet<>();
        try {
            for (int i = 0; !needed.isEmpty(); i++) {
                Source source = sources.get(i);
                try {
                    while (!needed.isEmpty()) {
                        store(source, needed.get(0));
                        needed.remove(0);
                        servedBy.add(source.describe());
                    }
                } catch (SourceFailure e) {
                    String failure = source.describe() + ": " + e.getMessage();
                    if (i + 1 == sources.size()) {
                        throw new UserError("cannot fetch " + dataset + " into " + dir + ": " + failure
                                + (i > 0 ? " (the sources before it failed too, as said above)" : ""));
                    }
                    log.println("fetch-data: " + failure + "; trying "
                            + sources.get(i + 1).describe());
                }
            }
        } finally {
            sources.forEach(Source::close);
        }
        log.println("fetch-data: " + dataset + " verified in " + dir + ", from " + String.join(" and ", servedBy));
        return List.copyOf(servedBy);
    }

    /** The files that the folder lacks, or holds with other content (each said in one line). */
    private List<PinnedFile> damagedOrMissing() {
        List<PinnedFile> needed = new ArrayList<>();
        for (PinnedFile file : dataset.files()) {
            Path present = DatasetFiles.find(dir, file.name());
            if (present == null) {
                needed.add(file);
                continue;
            }
            try (InputStream in = Files.newInputStream(present)) {
                copyVerified(in, file, OutputStream.nullOutputStream());
            } catch (SourceFailure | IOException e) {
                String why = e instanceof IOException io
                        ? file.name() + ": cannot read (" + IoErrors.describe(io) + ")"
                        : e.getMessage();
                log.println("fetch-data: " + dir + ": " + why + "; fetching a verified copy");
                needed.add(file);
            }
        }
        return needed;
    }

    /** Creates the folder and checks it takes files, before anything is downloaded. */
    private void prepareFolder(List<PinnedFile> needed) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UserError(dir + ": cannot create the data directory (" + IoErrors.describe(e) + ")");
        }
        Path probe = dir.resolve(".seqmnist-write-test.tmp");
        try {
            Files.deleteIfExists(probe);
            Files.createFile(probe);
            Files.delete(probe);
            for (PinnedFile file : needed) { // left by a fetch that was killed
                Files.deleteIfExists(dir.resolve(file.name() + ".tmp"));
            }
        } catch (IOException e) {
            throw new UserError(dir + ": cannot write in the data directory (" + IoErrors.describe(e) + ")");
        }
    }

    /** One file from one source, verified on the way, then renamed into place. */
    private void store(Source source, PinnedFile file) {
        Path target = dir.resolve(file.name());
        try (InputStream in = source.open(file.name())) {
            AtomicFile.write(target, out -> copyVerified(in, file, disk.apply(out)));
        } catch (IOException e) {
            // closing the source's stream failed: the file is in place and verified already
        }
        log.println(String.format(Locale.ROOT, "fetch-data: %s, %.1f MB, verified", file.name(), file.size() / 1e6));
        Path gzipped = dir.resolve(file.name() + ".gz");
        try {
            if (Files.deleteIfExists(gzipped)) { // the reader takes the raw file: keep one form
                log.println("fetch-data: removed " + gzipped + " (replaced by " + file.name() + ")");
            }
        } catch (IOException e) {
            throw new UserError(gzipped + ": cannot remove it (" + IoErrors.describe(e) + ")");
        }
    }

    /**
     * Copies a file's content (decompressed when it is gzipped) to {@code out}, checking its size as it goes and its
     * SHA-256 at the end. A problem with the content is a {@link SourceFailure}; an {@link IOException} is
     * {@code out}'s, a failed write.
     */
    static void copyVerified(InputStream source, PinnedFile file, OutputStream out) throws IOException {
        MessageDigest sha256 = sha256();
        byte[] buffer = new byte[BUFFER];
        long total = 0;
        InputStream content = decompressed(source, file);
        for (int n; (n = read(content, buffer, file, total)) >= 0; ) {
            total += n;
            if (total > file.size()) {
                throw new SourceFailure(file.name() + ": longer than its " + file.size() + " bytes");
            }
            sha256.update(buffer, 0, n);
            out.write(buffer, 0, n);
        }
        if (total < file.size()) {
            throw new SourceFailure(file.name() + ": truncated, " + total + " of " + file.size() + " bytes");
        }
        String actual = HexFormat.of().formatHex(sha256.digest());
        if (!actual.equals(file.sha256())) {
            throw new SourceFailure(file.name() + ": checksum mismatch, SHA-256 " + actual
                    + " where the published file has " + file.sha256());
        }
    }

    /** The stream itself, or its decompression when it starts as gzip does. */
    private static InputStream decompressed(InputStream source, PinnedFile file) {
        try {
            InputStream in = new BufferedInputStream(source, BUFFER);
            in.mark(2);
            boolean gzip = in.read() == 0x1f && in.read() == 0x8b;
            in.reset();
            return gzip ? new GZIPInputStream(in, BUFFER) : in;
        } catch (IOException e) {
            throw unreadable(e, file, 0);
        }
    }

    private static int read(InputStream in, byte[] buffer, PinnedFile file, long sofar) {
        try {
            return in.read(buffer);
        } catch (IOException e) {
            throw unreadable(e, file, sofar);
        }
    }

    private static SourceFailure unreadable(IOException e, PinnedFile file, long sofar) {
        if (e instanceof EOFException) {
            return new SourceFailure(
                    file.name() + ": truncated, the gzip stream ends after " + sofar + " of " + file.size() + " bytes");
        }
        if (e instanceof ZipException) {
            return new SourceFailure(file.name() + ": damaged gzip data (" + e.getMessage() + ")");
        }
        return new SourceFailure(file.name() + ": cannot read (" + IoErrors.describe(e) + ")");
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }
}
