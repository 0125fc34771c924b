package io.seqmnist.model;

import io.seqmnist.data.Mnist;

/** The assignment's sizes: h[t] in R^150, x[t] in R^28, ten classes. */
public final class ModelDefaults {
    public static final int HIDDEN_SIZE = 150;
    public static final int INPUT_SIZE = Mnist.INPUT_SIZE;
    public static final int CLASSES = Mnist.CLASSES;

    private ModelDefaults() {}
}
