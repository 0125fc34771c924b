package io.seqmnist.model;

/**
 * A unit that computes its forward pass outside the engine's autograd, and so its backward pass too: its output is a
 * leaf the engine's backward leaves a gradient on, and after the engine's backward the trainer calls
 * {@link #completeBackward} to turn that gradient into the unit's parameter gradients, before the optimizer step.
 */
public interface HandWrittenBackward {

    /** Adds this step's parameter gradients; a no-op when no training forward is pending. */
    void completeBackward();
}
