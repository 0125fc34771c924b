package io.seqmnist.cli;

import io.seqmnist.data.Mnist;
import io.seqmnist.data.fetch.DatasetFiles;
import io.seqmnist.data.fetch.DatasetHome;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --dataset} and {@code --data-dir}, shared by every command that reads images. */
public final class DataOptions {

    @Option(names = "--dataset", defaultValue = "mnist", description = "mnist or fashion (default: ${DEFAULT-VALUE})")
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
        return dataDir != null ? dataDir : DatasetHome.root().resolve(dataset());
    }

    /**
     * Loads the dataset. Its default folder gets it fetched first (see fetch-data) when files are missing; a folder
     * named with --data-dir is read as it is.
     */
    public Mnist load() {
        if (dataDir == null) {
            DatasetHome.fetchIfMissing(DatasetFiles.named(dataset), dataDir(), System.err);
        }
        return Mnist.load(dataset(), dataDir());
    }
}
