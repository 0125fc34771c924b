package io.seqmnist.cli;

import io.seqmnist.UserError;
import io.seqmnist.data.SequenceLayout;
import io.seqmnist.train.TrainConfig;
import java.nio.file.Path;
import java.util.Arrays;
import picocli.CommandLine.Option;

/**
 * {@code --seq-len T} and {@code --permute SEED}: how images become sequences. A command that trains takes them as the
 * run's settings; a command that reads a trained model reads it as it was trained and refuses a value that differs.
 */
public final class SequenceOptions {

    @Option(
            names = "--seq-len",
            paramLabel = "T",
            description = "steps an image is read in, each the next 784/T pixels in raster order: 28 (rows, the"
                    + " default), 784 (pixel by pixel), or another divisor of 784; a trained model is read at its own"
                    + " T")
    Integer seqLen;

    @Option(
            names = "--permute",
            paramLabel = "SEED",
            description = "apply one fixed permutation of the 784 pixels, drawn from SEED, to every image before it"
                    + " is cut into steps (permuted MNIST); a trained model applies its own")
    Integer permute;

    /** T as given, else 28; a one-line error unless it divides 784. */
    public int seqLen() {
        int t = seqLen == null ? TrainConfig.SEQ_LEN : seqLen;
        SequenceLayout.requireLength(t, "--seq-len");
        return t;
    }

    /** The permutation seed as given (null: none); a one-line error when negative. */
    public Integer permute() {
        if (permute != null && permute < 0) {
            throw new UserError("--permute must be 0 or more, got " + permute);
        }
        return permute;
    }

    /** The layout the options name (rows when none is given). */
    public SequenceLayout layout() {
        return SequenceLayout.of(seqLen(), permute());
    }

    /**
     * A one-line error when an option given explicitly differs from how the model in {@code runDir} was trained: a
     * model is read as it was trained, so a differing T or permutation would be a different model.
     */
    public void requireMatches(SequenceLayout trained, Path runDir) {
        if (seqLen != null && seqLen != trained.steps()) {
            throw new UserError("--seq-len " + seqLen + ": the model in " + runDir + " was trained at T = "
                    + trained.steps() + " and is read that way (leave --seq-len out)");
        }
        if (permute != null
                && (!trained.permuted()
                        || !Arrays.equals(SequenceLayout.permutation(permute), trained.permutation()))) {
            throw new UserError("--permute " + permute + ": the model in " + runDir + " was trained "
                    + (trained.permuted() ? "on another permutation" : "on unpermuted images")
                    + " and is read that way (leave --permute out)");
        }
    }
}
