package io.seqmnist.model;

import ai.djl.nn.Activation;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.initializer.UniformInitializer;
import io.seqmnist.data.Mnist;

/**
 * The control for Question 1 item 14: a shallow feed-forward network with no recurrence, the whole 784-pixel image at
 * once, 784 -> H (tanh) -> 10.
 */
public class FnnClassifier extends SequentialBlock {

    public FnnClassifier() {
        this(ModelDefaults.HIDDEN_SIZE);
    }

    public FnnClassifier(int hiddenSize) {
        Linear hidden = Linear.builder().setUnits(hiddenSize).build();
        Linear output = Linear.builder().setUnits(ModelDefaults.CLASSES).build();
        // PyTorch's nn.Linear default: U(-1/sqrt(fan_in), 1/sqrt(fan_in)) for weight and bias.
        hidden.setInitializer(uniform(Mnist.PIXELS), p -> true);
        output.setInitializer(uniform(hiddenSize), p -> true);
        add(Blocks.batchFlattenBlock());
        add(hidden);
        add(Activation.tanhBlock());
        add(output);
    }

    private static UniformInitializer uniform(int fanIn) {
        return new UniformInitializer((float) (1 / Math.sqrt(fanIn)));
    }
}
