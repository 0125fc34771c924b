package io.seqmnist.cli;

import io.seqmnist.UserError;
import io.seqmnist.model.ScratchEquivalence;
import io.seqmnist.train.TrainConfig;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Question 1 item 15: the from-scratch units against DJL's built-in ones, forward and backward. Exit 0 when all three
 * agree within {@link ScratchEquivalence#TOLERANCE}, else 1.
 */
@Command(
        name = "check-scratch",
        description = "Compare the from-scratch RNN, GRU and LSTM units with DJL's built-in ones "
                + "(outputs, last states, gradients) on one random mini-batch.")
public final class CheckScratchCommand implements Callable<Integer> {

    @Option(
            names = "--batch-size",
            defaultValue = "" + TrainConfig.BATCH_SIZE,
            description = "mini-batch size (default: ${DEFAULT-VALUE})")
    int batchSize;

    @Option(
            names = "--seed",
            defaultValue = "" + TrainConfig.SEED,
            description = "random seed of parameters and inputs (default: ${DEFAULT-VALUE})")
    int seed;

    @Mixin
    EngineOptions engine;

    @Override
    public Integer call() {
        if (batchSize < 1) {
            throw new UserError("--batch-size must be at least 1, got " + batchSize);
        }
        if (seed < 0) {
            throw new UserError("--seed must be 0 or more, got " + seed);
        }
        engine.apply();
        return ScratchEquivalence.compareAll(batchSize, seed, System.out::println) ? 0 : 1;
    }
}
