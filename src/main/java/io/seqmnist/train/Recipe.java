package io.seqmnist.train;

import io.seqmnist.UserError;
import io.seqmnist.model.ModelKind;
import io.seqmnist.train.TrainConfig.Optimization;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The training settings of each model kind, in one table. {@code assignment} is the assignment's: Adam at a constant
 * 1e-3, nothing else. {@code tuned} is the best setting found for each kind in 10 epochs on a validation split (the
 * last 5,000 training images), never on the test set: the search, every point's validation accuracy and the command
 * that repeats it are in docs/RECIPE.md. A model trains as the built-in kind it stands for (scratch-rnn as rnn).
 */
public enum Recipe {
    ASSIGNMENT("assignment"),
    TUNED("tuned");

    private final String cliName;

    Recipe(String cliName) {
        this.cliName = cliName;
    }

    public String cliName() {
        return cliName;
    }

    /**
     * This recipe's settings for a model kind. The tuned ones are each the best point of the search in docs/RECIPE.md
     * ({@code seqmnist tune}), by validation accuracy; the rnn's from its second round (a full grid, 3 seeds a point).
     * A null warm-up is the schedule's own: onecycle climbs over the first 30% of the run.
     */
    public Optimization settings(ModelKind kind) {
        if (this == ASSIGNMENT) {
            return Optimization.ASSIGNMENT;
        }
        //                                        schedule             peak    warm-up clip  decay
        return switch (kind.trainsAs()) {
            case "rnn" -> new Optimization(LrSchedule.ONECYCLE, 0.002f, null, 1f, 1e-4f);
            case "gru" -> new Optimization(LrSchedule.COSINE, 0.004f, null, 0.5f, 0);
            case "lstm" -> new Optimization(LrSchedule.ONECYCLE, 0.004f, null, 0, 0);
            case "fnn" -> new Optimization(LrSchedule.ONECYCLE, 0.004f, null, 0, 1e-4f);
            default -> throw new IllegalArgumentException("no tuned recipe for " + kind);
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
