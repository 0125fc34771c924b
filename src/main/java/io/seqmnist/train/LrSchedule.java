package io.seqmnist.train;

import ai.djl.training.tracker.LinearTracker;
import ai.djl.training.tracker.Tracker;
import io.seqmnist.UserError;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * How the learning rate moves over a run. Each is one of DJL's trackers, a function of the update count t alone (t = 1
 * for the first update, as DJL's optimizers count), so a resumed run, whose Adam continues counting from the updates
 * already made, continues on the same curve.
 */
public enum LrSchedule {
    /** The peak rate at every update, after the warm-up if any (the assignment's: no warm-up). */
    CONSTANT("constant"),
    /** After the warm-up if any, half a cosine from the peak down to 0 at the run's last update. */
    COSINE("cosine"),
    /**
     * The one-cycle policy: up in a straight line from a 25th of the peak to the peak over the warm-up (by default the
     * first 30% of the run), then down in a straight line to 0 at the run's last update.
     */
    ONECYCLE("onecycle");

    private static final float ONECYCLE_START = 1 / 25f; // of the peak, as PyTorch's OneCycleLR
    private static final double ONECYCLE_WARMUP = 0.3; // of the run, as PyTorch's OneCycleLR

    private final String cliName;

    LrSchedule(String cliName) {
        this.cliName = cliName;
    }

    public String cliName() {
        return cliName;
    }

    /** Whether the curve is laid out over the run's length: such a run cannot be extended. */
    public boolean dependsOnRunLength() {
        return this != CONSTANT;
    }

    /** The warm-up, in epochs, when none is given: 30% of the run for onecycle, else none. */
    public double defaultWarmupEpochs(int epochs) {
        return this == ONECYCLE ? ONECYCLE_WARMUP * epochs : 0;
    }

    /**
     * The learning rate by update count.
     *
     * @param peak the highest rate
     * @param warmupUpdates updates of the linear warm-up (0: none); fewer than {@code updates}
     * @param updates the run's updates (epochs times batches per epoch)
     */
    public Tracker tracker(float peak, int warmupUpdates, int updates) {
        if (warmupUpdates < 0 || warmupUpdates >= updates) {
            throw new IllegalArgumentException("warm-up of " + warmupUpdates + " updates in a run of " + updates);
        }
        int decay = updates - warmupUpdates;
        Tracker main = switch (this) {
            case CONSTANT -> Tracker.fixed(peak);
            case COSINE ->
                Tracker.cosine()
                        .setBaseValue(peak)
                        .optFinalValue(0)
                        .setMaxUpdates(decay)
                        .build();
            case ONECYCLE ->
                atLeastZero(LinearTracker.builder()
                        .setBaseValue(peak)
                        .optSlope(-peak / decay)
                        .optMaxUpdates(decay)
                        .build());
        };
        if (warmupUpdates == 0) {
            return main;
        }
        return Tracker.warmUp()
                .setMainTracker(main)
                .optWarmUpSteps(warmupUpdates)
                .optWarmUpBeginValue(this == ONECYCLE ? peak * ONECYCLE_START : 0)
                .build();
    }

    /** A line's last value can round to just below 0: a negative rate would climb the loss. */
    private static Tracker atLeastZero(Tracker tracker) {
        return t -> Math.max(0f, tracker.getNewValue(t));
    }

    public static LrSchedule parse(String name) {
        for (LrSchedule s : values()) {
            if (s.cliName.equals(name.trim().toLowerCase(Locale.ROOT))) {
                return s;
            }
        }
        throw new UserError("--lr-schedule: unknown schedule '" + name + "', expected one of: "
                + Arrays.stream(values()).map(LrSchedule::cliName).collect(Collectors.joining(", ")));
    }

    @Override
    public String toString() {
        return cliName;
    }
}
