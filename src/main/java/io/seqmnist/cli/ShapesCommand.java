package io.seqmnist.cli;

import io.seqmnist.UserError;
import io.seqmnist.data.Mnist;
import io.seqmnist.data.SequenceLayout;
import io.seqmnist.model.ModelDefaults;
import io.seqmnist.model.ModelKind;
import io.seqmnist.model.Shapes;
import io.seqmnist.train.TrainConfig;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Question 1 item 11: one real mini-batch through the model, every shape on the way. */
@Command(name = "shapes", description = "Run one real mini-batch through a model and print every shape.")
public final class ShapesCommand implements Callable<Integer> {

    @Option(names = "--model", defaultValue = "rnn", description = "model kind (default: ${DEFAULT-VALUE})")
    String model;

    @Option(
            names = "--batch-size",
            defaultValue = "" + TrainConfig.BATCH_SIZE,
            description = "mini-batch size (default: ${DEFAULT-VALUE})")
    int batchSize;

    @Option(
            names = "--hidden",
            defaultValue = "" + ModelDefaults.HIDDEN_SIZE,
            description = "hidden state size (default: ${DEFAULT-VALUE})")
    int hidden;

    @Mixin
    DataOptions data;

    @Mixin
    EngineOptions engine;

    @Mixin
    SequenceOptions sequence;

    @Override
    public Integer call() {
        if (batchSize < 1) {
            throw new UserError("--batch-size must be at least 1, got " + batchSize);
        }
        if (hidden < 1) {
            throw new UserError("--hidden must be at least 1, got " + hidden);
        }
        SequenceLayout layout = sequence.layout(); // a bad T fails before the engine starts
        engine.apply(); // the engine's backend may add models
        ModelKind kind = ModelKind.parse(model);
        Mnist.Split batch = data.load().test().first(batchSize);
        Shapes.walk(kind, hidden, batch, layout, TrainConfig.SEED, System.out::println);
        return 0;
    }
}
