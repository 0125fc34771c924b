package io.seqmnist.data.fetch;

import io.seqmnist.UserError;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A place that may hold a dataset's files: a mirror on the web, or a package. */
public interface Source extends AutoCloseable {

    /** What the messages call it: its URL, or the package's name. */
    String describe();

    /**
     * The content of one of the dataset's files (by its name without .gz), raw or gzipped.
     *
     * @throws SourceFailure when the source does not have it or cannot be reached
     */
    InputStream open(String name);

    /** Removes whatever the source unpacked on the way. */
    @Override
    default void close() {}

    /** The sources tried when none are named: the public mirrors, then the package. */
    static List<Source> defaults(DatasetFiles dataset, Duration timeout) {
        List<Source> sources = new ArrayList<>();
        for (String mirror : dataset.mirrors()) {
            sources.add(new Mirror(mirror, timeout));
        }
        sources.add(dataset.packageSource());
        return sources;
    }

    /**
     * Sources as {@code --source} names them, in order: a mirror's URL (a folder of the four files gzipped), or
     * {@code package} for the dataset's package.
     */
    static List<Source> parse(List<String> names, DatasetFiles dataset, Duration timeout) {
        if (names.isEmpty()) {
            throw new UserError("--source: name at least one source");
        }
        List<Source> sources = new ArrayList<>();
        for (String name : names) {
            if (name.equals("package")) {
                sources.add(dataset.packageSource());
            } else if (name.startsWith("https://") || name.startsWith("http://")) {
                sources.add(new Mirror(name, timeout));
            } else {
                throw new UserError("--source: '" + name + "' is neither an http(s):// URL nor 'package'");
            }
        }
        return sources;
    }
}
