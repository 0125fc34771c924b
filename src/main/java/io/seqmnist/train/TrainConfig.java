package io.seqmnist.train;

import io.seqmnist.UserError;
import io.seqmnist.model.ModelKind;

/** What a training run is: the model, the data and the hyper-parameters. */
public record TrainConfig(
        ModelKind model,
        String dataset,
        int epochs,
        int batchSize,
        int hiddenSize,
        float learningRate,
        int seed,
        int limit,
        int threads) {

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
        require(epochs >= 1, "--epochs must be at least 1, got " + epochs);
        require(batchSize >= 1, "--batch-size must be at least 1, got " + batchSize);
        require(hiddenSize >= 1, "--hidden must be at least 1, got " + hiddenSize);
        require(
                learningRate > 0 && Float.isFinite(learningRate),
                "--lr must be a positive number, got " + learningRate);
        require(seed >= 0, "--seed must be 0 or more, got " + seed);
        require(limit >= 0, "--limit must be 0 (all) or more, got " + limit);
        require(threads >= 1, "--threads must be at least 1, got " + threads);
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new UserError(message);
        }
    }

    /** The options of {@code seqmnist train} that make this run (without the data and run folders). */
    public java.util.List<String> trainArguments() {
        return java.util.List.of(
                "--model", model.cliName(), "--dataset", dataset,
                "--epochs", String.valueOf(epochs), "--batch-size", String.valueOf(batchSize),
                "--hidden", String.valueOf(hiddenSize), "--lr", String.valueOf(learningRate),
                "--seed", String.valueOf(seed), "--limit", String.valueOf(limit),
                "--threads", String.valueOf(threads));
    }

    public TrainConfig withEpochs(int newEpochs) {
        return new TrainConfig(
                model, dataset, newEpochs, batchSize, hiddenSize, learningRate, seed, limit,
                threads);
    }

    public TrainConfig withLimit(int newLimit) {
        return new TrainConfig(
                model, dataset, epochs, batchSize, hiddenSize, learningRate, seed, newLimit,
                threads);
    }

    public TrainConfig withSeed(int newSeed) {
        return new TrainConfig(
                model, dataset, epochs, batchSize, hiddenSize, learningRate, newSeed, limit,
                threads);
    }
}
