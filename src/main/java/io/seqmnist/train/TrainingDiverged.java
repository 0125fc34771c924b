package io.seqmnist.train;

import io.seqmnist.UserError;

/**
 * The loss (or a parameter) became NaN or infinite: training stops before the bad state is applied or saved. The
 * command line prints the message as one line and exits with status 3.
 */
public final class TrainingDiverged extends UserError {

    public static final int EXIT_CODE = 3;

    private static final long serialVersionUID = 1L;

    private final int epoch;
    private final long step;

    TrainingDiverged(String message, int epoch, long step) {
        super(message);
        this.epoch = epoch;
        this.step = step;
    }

    /** What became non-finite, where, and what to try instead. */
    static TrainingDiverged at(String what, int epoch, long step, long steps, float lr) {
        return new TrainingDiverged(
                String.format(
                        java.util.Locale.ROOT,
                        "training diverged: %s at epoch %d, step %d of %d;"
                                + " try a smaller learning rate than --lr %s",
                        what,
                        epoch,
                        step,
                        steps,
                        lr),
                epoch,
                step);
    }

    /** The same, saying what the run folder still holds. */
    public TrainingDiverged withNote(String note) {
        return new TrainingDiverged(getMessage() + "; " + note, epoch, step);
    }

    public int epoch() {
        return epoch;
    }

    public long step() {
        return step;
    }

    @Override
    public int exitCode() {
        return EXIT_CODE;
    }
}
