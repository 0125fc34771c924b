package io.seqmnist.cli;

import io.seqmnist.UserError;
import io.seqmnist.data.Mnist;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --dataset} and {@code --data-dir}, shared by every command that reads images. */
public final class DataOptions {

    @Option(
            names = "--dataset",
            defaultValue = "mnist",
            description = "mnist or fashion (default: ${DEFAULT-VALUE})")
    String dataset;

    @Option(
            names = "--data-dir",
            description = "folder with the four IDX files (default: data/<dataset> in the project)")
    Path dataDir;

    public String dataset() {
        if (!dataset.equals("mnist") && !dataset.equals("fashion")) {
            throw new UserError("--dataset: unknown dataset '" + dataset
                    + "', expected mnist or fashion");
        }
        return dataset;
    }

    public Path dataDir() {
        if (dataDir != null) {
            return dataDir;
        }
        return projectHome().resolve("data").resolve(dataset());
    }

    public Mnist load() {
        return Mnist.load(dataset(), dataDir());
    }

    /** The project folder: set by bin/seqmnist, else the working directory. */
    public static Path projectHome() {
        return Path.of(System.getProperty("seqmnist.home", "."));
    }
}
