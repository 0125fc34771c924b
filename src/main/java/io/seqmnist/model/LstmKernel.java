package io.seqmnist.model;

import ai.djl.ndarray.NDList;
import java.util.function.Supplier;

/**
 * Keeps DJL's built-in LSTM off the one CPU kernel of libtorch 2.7.1 that computes it wrong.
 *
 * <p>libtorch hands a float32 LSTM on the CPU to oneDNN ({@code at::lstm}, {@code use_mkldnn}), whose layer
 * ({@code mkldnn_rnn_layer}) picks its kernel by whether gradients are recorded: forward-training when they are (inside
 * DJL's {@code GradientCollector}), forward-inference when they are not (evaluation, prediction, the page). The
 * training kernel copies the weights into a plain layout, with no padding, and is right for every hidden size. The
 * inference kernel (oneDNN 3.7.1's brgemm kernel, on processors with AVX-512) copies them into blocks of 32 hidden
 * columns, the last block padded with zeros; the copy (its x64 reorder) splits a block into two halves of 16 and writes
 * the padding as one run of consecutive zeros, which is right only when the last block's columns reach into its second
 * half. When they end in the first half, H mod 32 in 1..16 (1-16, 33-48, ..., 97-112, ...), the run also wipes the real
 * weights of half the block's input rows, and after a few rows every hidden unit is off, by 0.1 to 0.9. Measured for
 * every H from 1 to 300, batches 1 to 250, 1 and 2 threads: exactly those sizes are wrong.
 *
 * <p>For those sizes a pass without gradients records them for the LSTM alone (the switch is per thread in libtorch;
 * the graph goes with the outputs), so oneDNN takes the training kernel. Other sizes, the default 150 among them, keep
 * the inference kernel, the faster one: at H = 150 the training kernel evaluated 5-20% fewer images per second with the
 * accelerator on, and a sixth as many with it off (oneMKL's products, on an AMD processor).
 */
final class LstmKernel {

    /** The inference kernel's block of hidden columns, and the half its copy splits it into. */
    private static final int BLOCK = 32;

    private static final int HALF = 16;

    private LstmKernel() {}

    /** Whether oneDNN's inference kernel gets an LSTM of this hidden size wrong. */
    static boolean inferenceIsWrong(int hiddenSize) {
        int lastBlock = hiddenSize % BLOCK;
        return lastBlock >= 1 && lastBlock <= HALF;
    }

    /** Runs a forward pass of the built-in LSTM on libtorch's training kernel. */
    static NDList onTrainingKernel(Supplier<NDList> forward) {
        return PyTorchGradMode.recording(forward); // the engine's internal switch, isolated there
    }
}
