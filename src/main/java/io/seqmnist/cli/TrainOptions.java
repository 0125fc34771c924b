package io.seqmnist.cli;

import io.seqmnist.experiment.RunSpec;
import io.seqmnist.model.ModelDefaults;
import io.seqmnist.model.ModelKind;
import io.seqmnist.train.Recipe;
import io.seqmnist.train.TrainConfig;
import java.util.List;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The run's shape shared by {@code train}, {@code compare} and {@code tune}: data, engine, epochs, batch and hidden
 * size, limit, and the recipe's settings ({@link RecipeOptions}).
 */
public final class TrainOptions {

    @Mixin
    DataOptions data;

    @Mixin
    EngineOptions engine;

    @Mixin
    RecipeOptions settings;

    @Mixin
    SequenceOptions sequence;

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    @Option(
            names = "--epochs",
            defaultValue = "" + TrainConfig.EPOCHS,
            description = "epochs (default: ${DEFAULT-VALUE})")
    int epochs;

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

    @Option(
            names = "--limit",
            defaultValue = "0",
            description = "train on the first N training images only; 0 = all (default)")
    int limit;

    /**
     * Starts the engine (threads, accelerator) and returns the runs named, {@code MODEL[:key=value,...]} each (models
     * the engine's backend may add to).
     *
     * @param option the option that named them, for errors
     */
    public List<RunSpec> start(List<String> models, String option) {
        startEngine();
        return models.stream().map(m -> RunSpec.parse(m, option)).distinct().toList();
    }

    /** Starts the engine (threads, accelerator), for runs named otherwise than by models on the command line. */
    public void startEngine() {
        engine.command = command;
        engine.apply();
    }

    /**
     * The config of one run, seed and recipe: the options given here applied to the recipe's settings, then the run's.
     */
    public TrainConfig config(RunSpec run, int seed, Recipe recipe, int validation) {
        return run.applyTo(config(run.model(), seed, recipe, validation));
    }

    /** The config of one model, seed and recipe, the options given here applied to the recipe's settings. */
    public TrainConfig config(ModelKind model, int seed, Recipe recipe, int validation) {
        return new TrainConfig(
                model,
                data.dataset(),
                epochs,
                batchSize,
                hidden,
                seed,
                limit,
                validation,
                engine.threads,
                recipe,
                settings.applyTo(recipe.settings(model)),
                sequence.seqLen == null ? TrainConfig.SEQ_LEN : sequence.seqLen,
                sequence.permute);
    }
}
