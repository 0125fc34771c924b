package io.seqmnist.cli;

import io.seqmnist.model.ModelDefaults;
import io.seqmnist.model.ModelKind;
import io.seqmnist.train.TrainConfig;
import io.seqmnist.train.TrainDefaults;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The run's shape shared by {@code train}, {@code compare} and {@code tune}: data, engine,
 * epochs, batch and hidden size, limit (the training settings are in {@link RecipeOptions}).
 */
public final class TrainOptions {

    @Mixin DataOptions data;
    @Mixin EngineOptions engine;

    @Option(names = "--epochs", defaultValue = "" + TrainDefaults.EPOCHS,
            description = "epochs (default: ${DEFAULT-VALUE})")
    int epochs;

    @Option(names = "--batch-size", defaultValue = "" + TrainDefaults.BATCH_SIZE,
            description = "mini-batch size (default: ${DEFAULT-VALUE})")
    int batchSize;

    @Option(names = "--hidden", defaultValue = "" + ModelDefaults.HIDDEN_SIZE,
            description = "hidden state size (default: ${DEFAULT-VALUE})")
    int hidden;

    @Option(names = "--limit", defaultValue = "0",
            description = "train on the first N training images only; 0 = all (default)")
    int limit;

    /**
     * The config for one model and seed, with the assignment's training settings (a recipe's
     * replace them: {@link TrainConfig#with}); validates every value (one-line errors), and
     * that the model can be built here (fast-* need the accelerator).
     */
    public TrainConfig config(ModelKind model, int seed) {
        int threads = engine.apply();
        model.requireAvailable();
        return new TrainConfig(model, data.dataset(), epochs, batchSize, hidden,
                TrainDefaults.LEARNING_RATE, seed, limit, threads);
    }
}
