package io.seqmnist.cli;

import io.seqmnist.UserError;
import io.seqmnist.data.Mnist;
import io.seqmnist.predict.DigitFiles;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Real test digits as PNG files, so anyone can try {@code predict} on them. */
@Command(
        name = "export-digits",
        mixinStandardHelpOptions = true,
        description =
                "Write the first N test images as PNG files <index>-<label>.png (white ink on black, like MNIST).")
public final class ExportDigitsCommand implements Callable<Integer> {

    @Option(names = "--count", required = true, description = "how many test images")
    int count;

    @Option(names = "--out", required = true, description = "output folder")
    Path out;

    @Mixin
    DataOptions data;

    @Override
    public Integer call() {
        if (count < 1) {
            throw new UserError("--count must be at least 1, got " + count);
        }
        Mnist.Split test = data.load().test();
        if (count > test.size()) {
            throw new UserError("--count must be at most " + test.size() + " (the test set's size), got " + count);
        }
        DigitFiles.export(test, count, out);
        System.out.printf(
                "wrote %d %s test images to %s (0-%d.png ... %d-%d.png)%n",
                count, data.dataset(), out, test.label(0), count - 1, test.label(count - 1));
        return 0;
    }
}
