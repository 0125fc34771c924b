package io.seqmnist.cli;

import io.seqmnist.UserError;
import io.seqmnist.data.DatasetInfo;
import io.seqmnist.data.Mnist;
import io.seqmnist.data.SequenceLayout;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Question 1 items 1-3: the data as sequences, its mini-batches, and one image row by row. */
@Command(name = "info", description = "Show the dataset as sequences: sizes, batches, classes, one image.")
public final class InfoCommand implements Callable<Integer> {

    @Mixin
    DataOptions data;

    @Mixin
    SequenceOptions sequence;

    @Spec
    CommandSpec spec;

    @Option(names = "--batch-size", defaultValue = "64", description = "mini-batch size (default: ${DEFAULT-VALUE})")
    int batchSize;

    @Option(names = "--index", defaultValue = "0", description = "training image to draw (default: ${DEFAULT-VALUE})")
    int index;

    @Override
    public Integer call() {
        Acceleration.Choice accel = Acceleration.forCommand(spec); // a bad mode fails first, not last
        if (batchSize < 1) {
            throw new UserError("--batch-size must be at least 1, got " + batchSize);
        }
        SequenceLayout layout = sequence.layout();
        Mnist mnist = data.load();
        if (index < 0 || index >= mnist.train().size()) {
            throw new UserError("--index must be in 0.." + (mnist.train().size() - 1) + ", got " + index);
        }
        System.out.print(DatasetInfo.text(mnist, data.dataDir(), batchSize, layout));
        Acceleration.start(accel).forEach(System.out::println); // "accelerator: on (why)", ...
        System.out.printf(
                layout.equals(SequenceLayout.DEFAULT)
                        ? "%ntraining image %d, label %d, read top to bottom as x[1..28]:%n"
                        : "%ntraining image %d, label %d (as it looks; the model reads it as x[1..T] above):%n",
                index,
                mnist.train().label(index));
        System.out.print(Mnist.render(mnist.train(), index));
        return 0;
    }
}
