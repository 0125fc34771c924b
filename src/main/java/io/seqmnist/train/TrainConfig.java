package io.seqmnist.train;

import io.seqmnist.UserError;
import io.seqmnist.model.ModelKind;
import java.util.ArrayList;
import java.util.List;

/**
 * What a training run is: the model, the data and the hyper-parameters, saved in every
 * checkpoint (a run resumes only under the same config) and in summary.json.
 *
 * @param learningRate Adam's learning rate: the peak of the schedule
 * @param recipe the recipe the training settings started from; the fields after it are the
 *     settings that ran, options given on the command line included
 * @param warmupEpochs epochs of linear warm-up (0: none)
 * @param clipNorm the largest global gradient norm (0: no clipping)
 * @param weightDecay Adam's L2 weight decay (0: none)
 * @param validation the last N training images held out of training and evaluated after each
 *     epoch instead of the test set (0: train on all, evaluate on the test set)
 */
public record TrainConfig(
        ModelKind model,
        String dataset,
        int epochs,
        int batchSize,
        int hiddenSize,
        float learningRate,
        int seed,
        int limit,
        int threads,
        Recipe recipe,
        LrSchedule lrSchedule,
        double warmupEpochs,
        float clipNorm,
        float weightDecay,
        int validation) {

    /** The assignment's optimisation (Adam at a constant rate, nothing else) at a given rate. */
    public TrainConfig(ModelKind model, String dataset, int epochs, int batchSize, int hiddenSize,
            float learningRate, int seed, int limit, int threads) {
        this(model, dataset, epochs, batchSize, hiddenSize, learningRate, seed, limit, threads,
                Recipe.ASSIGNMENT, LrSchedule.CONSTANT, 0, 0, 0, 0);
    }

    /** The assignment's settings for a model on MNIST. */
    public static TrainConfig defaults(ModelKind model) {
        return new TrainConfig(
                model,
                "mnist",
                TrainDefaults.EPOCHS,
                TrainDefaults.BATCH_SIZE,
                io.seqmnist.model.ModelDefaults.HIDDEN_SIZE,
                TrainDefaults.LEARNING_RATE,
                TrainDefaults.SEED,
                0,
                TrainDefaults.THREADS);
    }

    public TrainConfig {
        // configs saved before recipes existed hold none of the training settings: the assignment's
        recipe = recipe == null ? Recipe.ASSIGNMENT : recipe;
        lrSchedule = lrSchedule == null ? LrSchedule.CONSTANT : lrSchedule;
        require(epochs >= 1, "--epochs must be at least 1, got " + epochs);
        require(batchSize >= 1, "--batch-size must be at least 1, got " + batchSize);
        require(hiddenSize >= 1, "--hidden must be at least 1, got " + hiddenSize);
        require(
                learningRate > 0 && Float.isFinite(learningRate),
                "--lr must be a positive number, got " + learningRate);
        require(seed >= 0, "--seed must be 0 or more, got " + seed);
        require(limit >= 0, "--limit must be 0 (all) or more, got " + limit);
        require(threads >= 1, "--threads must be at least 1, got " + threads);
        require(warmupEpochs >= 0 && warmupEpochs < epochs,
                "--warmup-epochs must be 0 or more and less than --epochs " + epochs + ", got "
                        + warmupEpochs);
        require(clipNorm >= 0 && Float.isFinite(clipNorm),
                "--clip-norm must be 0 (no clipping) or a positive number, got " + clipNorm);
        require(weightDecay >= 0 && Float.isFinite(weightDecay),
                "--weight-decay must be 0 (none) or a positive number, got " + weightDecay);
        require(validation >= 0, "--validation must be 0 (none) or more, got " + validation);
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new UserError(message);
        }
    }

    /** A recipe's settings for this config's model and epochs (explicit options applied to them). */
    public TrainConfig with(Recipe newRecipe, TrainingSettings settings) {
        TrainingSettings s = settings.resolved(epochs);
        return new TrainConfig(model, dataset, epochs, batchSize, hiddenSize, s.learningRate(),
                seed, limit, threads, newRecipe, s.schedule(), s.warmupEpochs(), s.clipNorm(),
                s.weightDecay(), validation);
    }

    /** The split evaluated after each epoch: "validation" with --validation, else "test". */
    public String heldOutSplit() {
        return validation > 0 ? "validation" : "test";
    }

    /** The training settings that run. */
    public TrainingSettings settings() {
        return new TrainingSettings(lrSchedule, learningRate, warmupEpochs, clipNorm, weightDecay);
    }

    /** The options of {@code seqmnist train} that make this run (without the data and run folders). */
    public List<String> trainArguments() {
        List<String> args = new ArrayList<>(List.of(
                "--model", model.cliName(), "--dataset", dataset,
                "--epochs", String.valueOf(epochs), "--batch-size", String.valueOf(batchSize),
                "--hidden", String.valueOf(hiddenSize), "--recipe", recipe.cliName(),
                "--lr", String.valueOf(learningRate), "--lr-schedule", lrSchedule.cliName(),
                "--warmup-epochs", String.valueOf(warmupEpochs),
                "--clip-norm", String.valueOf(clipNorm),
                "--weight-decay", String.valueOf(weightDecay),
                "--seed", String.valueOf(seed), "--limit", String.valueOf(limit)));
        if (validation > 0) {
            args.addAll(List.of("--validation", String.valueOf(validation)));
        }
        args.addAll(List.of("--threads", String.valueOf(threads)));
        return args;
    }

    public TrainConfig withEpochs(int newEpochs) {
        return new TrainConfig(model, dataset, newEpochs, batchSize, hiddenSize, learningRate,
                seed, limit, threads, recipe, lrSchedule, warmupEpochs, clipNorm, weightDecay,
                validation);
    }

    public TrainConfig withLimit(int newLimit) {
        return new TrainConfig(model, dataset, epochs, batchSize, hiddenSize, learningRate, seed,
                newLimit, threads, recipe, lrSchedule, warmupEpochs, clipNorm, weightDecay,
                validation);
    }

    public TrainConfig withSeed(int newSeed) {
        return new TrainConfig(model, dataset, epochs, batchSize, hiddenSize, learningRate,
                newSeed, limit, threads, recipe, lrSchedule, warmupEpochs, clipNorm, weightDecay,
                validation);
    }

    public TrainConfig withModel(ModelKind newModel) {
        return new TrainConfig(newModel, dataset, epochs, batchSize, hiddenSize, learningRate,
                seed, limit, threads, recipe, lrSchedule, warmupEpochs, clipNorm, weightDecay,
                validation);
    }

    public TrainConfig withValidation(int images) {
        return new TrainConfig(model, dataset, epochs, batchSize, hiddenSize, learningRate, seed,
                limit, threads, recipe, lrSchedule, warmupEpochs, clipNorm, weightDecay, images);
    }
}
