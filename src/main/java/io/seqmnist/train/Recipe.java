package io.seqmnist.train;

import io.seqmnist.UserError;
import io.seqmnist.model.ModelKind;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The training settings of each model kind, in one place. {@code assignment} is the assignment's:
 * Adam at a constant 1e-3, nothing else. {@code tuned} is the best setting found for each kind in
 * 10 epochs on a validation split (the last 5,000 training images), never on the test set: the
 * search, every point's validation accuracy and the command that repeats it are in
 * docs/RECIPE.md. The from-scratch and hand-written units (scratch-*, fast-*) train as their
 * built-in counterparts.
 */
public enum Recipe {
    ASSIGNMENT("assignment"),
    TUNED("tuned");

    private static final TrainingSettings ASSIGNMENT_SETTINGS = new TrainingSettings(
            LrSchedule.CONSTANT, TrainDefaults.LEARNING_RATE, 0.0, 0, 0);

    /**
     * The tuned recipe per built-in kind: each the best point of the search in docs/RECIPE.md
     * ({@code bin/seqmnist tune}), by validation accuracy; the rnn's from its second round (a
     * full grid, 3 seeds a point). A null warm-up is the schedule's own: onecycle climbs over the
     * first 30% of the run.
     */
    private static final Map<ModelKind, TrainingSettings> TUNED_SETTINGS = Map.of(
            ModelKind.RNN, new TrainingSettings(LrSchedule.ONECYCLE, 0.002f, null, 1f, 1e-4f),
            ModelKind.GRU, new TrainingSettings(LrSchedule.COSINE, 0.004f, null, 0.5f, 0),
            ModelKind.LSTM, new TrainingSettings(LrSchedule.ONECYCLE, 0.004f, null, 0, 0),
            ModelKind.FNN, new TrainingSettings(LrSchedule.ONECYCLE, 0.004f, null, 0, 1e-4f));

    private final String cliName;

    Recipe(String cliName) {
        this.cliName = cliName;
    }

    public String cliName() {
        return cliName;
    }

    /** This recipe's settings for a model kind. */
    public TrainingSettings settings(ModelKind kind) {
        return this == ASSIGNMENT ? ASSIGNMENT_SETTINGS : TUNED_SETTINGS.get(builtIn(kind));
    }

    /** The built-in kind a model trains as: scratch-* and fast-* as their DJL counterpart. */
    static ModelKind builtIn(ModelKind kind) {
        return switch (kind) {
            case RNN, SCRATCH_RNN, FAST_RNN -> ModelKind.RNN;
            case GRU, SCRATCH_GRU, FAST_GRU -> ModelKind.GRU;
            case LSTM, SCRATCH_LSTM -> ModelKind.LSTM;
            case FNN -> ModelKind.FNN;
        };
    }

    public static Recipe parse(String name) {
        for (Recipe r : values()) {
            if (r.cliName.equals(name.trim().toLowerCase(Locale.ROOT))) {
                return r;
            }
        }
        throw new UserError("unknown recipe '" + name + "', expected one of: "
                + Arrays.stream(values()).map(Recipe::cliName).collect(Collectors.joining(", ")));
    }

    @Override
    public String toString() {
        return cliName;
    }
}
